package org.hotline.assessment;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotline.db.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the assessment journal into its tables ({@link AssessmentLedger#fold}) every interval, batch after batch
 * until it is empty, one run at a time on this node (nodes fold side by side, each claiming rows the others do not
 * hold). Readers add what is still in the journal, so the interval decides how big the journal grows, not how fresh
 * the figures are.
 */
public final class AssessmentFold implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AssessmentFold.class);
    static final int BATCH = 2000;

    private final Vertx vertx;
    private final Db db;
    private final AssessmentLedger ledger;
    private final Duration interval;
    private final AtomicBoolean running = new AtomicBoolean();
    private final io.micrometer.core.instrument.Counter folded;
    private volatile boolean stopped;
    private long timer = -1;

    public AssessmentFold(Vertx vertx, Db db, AssessmentLedger ledger, Duration interval, MeterRegistry registry) {
        this.vertx = vertx;
        this.db = db;
        this.ledger = ledger;
        this.interval = interval;
        this.folded = registry == null ? null : io.micrometer.core.instrument.Counter
                .builder("hotline_assessment_folded_total")
                .description("Assessment journal rows moved into the assessment tables").register(registry);
    }

    public void start() {
        timer = vertx.setPeriodic(interval.toMillis(), id -> foldNow());
    }

    /** Folds everything in the journal now; answers how many rows it moved (0 when a run was already going). */
    public Future<Integer> foldNow() {
        if (stopped || !running.compareAndSet(false, true)) {
            return Future.succeededFuture(0);
        }
        return db.blocking(() -> {
            int total = 0;
            int n;
            do {
                n = db.database().transactionReadCommitted(dsl -> ledger.fold(dsl, BATCH));
                total += n;
            } while (n == BATCH && !stopped);
            if (folded != null) {
                folded.increment(total);
            }
            return total;
        }).onComplete(ar -> {
            running.set(false);
            if (ar.failed()) {
                LOG.warn("Folding the assessment journal failed (retried at the next interval): {}",
                        ar.cause().toString());
            }
        });
    }

    @Override
    public void close() {
        stopped = true;
        if (timer != -1) {
            vertx.cancelTimer(timer);
        }
    }
}
