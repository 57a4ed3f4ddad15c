package org.hotline.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotline.db.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals new audit events every interval, batch after batch until none is left, one run at a time on this node. The
 * first run looks at the whole log (events written while no node was sealing), later runs near the chain's head.
 */
public final class AuditSealer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditSealer.class);
    static final int BATCH = 1000;

    private final Vertx vertx;
    private final Db db;
    private final AuditSeals seals;
    private final Clock clock;
    private final Duration interval;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean everything = true;
    private volatile boolean stopped;
    private long timer = -1;

    public AuditSealer(Vertx vertx, Db db, AuditSeals seals, Clock clock, Duration interval) {
        this.vertx = vertx;
        this.db = db;
        this.seals = seals;
        this.clock = clock;
        this.interval = interval;
    }

    /** The chain this node seals with (verify with it). */
    public AuditSeals seals() {
        return seals;
    }

    public void start() {
        timer = vertx.setPeriodic(0, interval.toMillis(), id -> sealNow());
    }

    /** Seals everything unsealed now; answers how many (0 when a run was already going). */
    public Future<Integer> sealNow() {
        if (stopped || !running.compareAndSet(false, true)) {
            return Future.succeededFuture(0);
        }
        boolean whole = everything;
        return db.blocking(() -> {
            int total = 0;
            int n;
            do {
                n = db.database().transactionReadCommitted(dsl -> seals.seal(dsl, clock.instant(), BATCH, whole));
                total += n;
            } while (n == BATCH && !stopped);
            return total;
        }).onComplete(ar -> {
            running.set(false);
            if (ar.succeeded()) {
                everything = false;
            } else {
                // Another node sealing the same numbers at the same moment lands here too; the next run goes on.
                LOG.debug("Sealing the audit log failed (retried at the next interval): {}", ar.cause().toString());
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
