package org.hotline.notify;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotline.db.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: every interval, claims due notifications with {@code SKIP LOCKED} (so nodes share the work),
 * hands each to the sender and records the outcome in the same transaction. A crash after sending and before the
 * commit sends that notification again: at least once, deduplicated by the receiver on the notification's id.
 */
public final class NotificationDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
    private static final int BATCH = 100;

    private final Vertx vertx;
    private final Db db;
    private final Outbox outbox;
    private final NotificationSender sender;
    private final Clock clock;
    private final Duration interval;
    private final MeterRegistry registry;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;
    private long timer = -1;

    public NotificationDispatcher(Vertx vertx, Db db, Outbox outbox, NotificationSender sender, Clock clock,
                                  Duration interval, MeterRegistry registry) {
        this.vertx = vertx;
        this.db = db;
        this.outbox = outbox;
        this.sender = sender;
        this.clock = clock;
        this.interval = interval;
        this.registry = registry;
    }

    public void start() {
        timer = vertx.setPeriodic(interval.toMillis(), id -> deliverDue());
    }

    /** Delivers what is due now; one run at a time per node. */
    public Future<Integer> deliverDue() {
        if (stopped || !running.compareAndSet(false, true)) {
            return Future.succeededFuture(0);
        }
        return db.blocking(() -> {
            int total = 0;
            int n;
            do {
                n = deliverBatch();
                total += n;
            } while (n == BATCH && !stopped);
            return total;
        }).onComplete(ar -> {
            running.set(false);
            if (ar.failed()) {
                LOG.warn("Delivering notifications failed: {}", ar.cause().toString());
            }
        });
    }

    private int deliverBatch() {
        // READ COMMITTED: the claim must not lock the gaps new notices (every intake's receipt) are inserted into.
        return db.database().transactionReadCommitted(dsl -> {
            var now = clock.instant();
            List<Delivery> due = outbox.claim(dsl, now, BATCH);
            List<Long> sent = new java.util.ArrayList<>(due.size());
            for (Delivery d : due) {
                try {
                    sender.send(d);
                    sent.add(d.id());
                    count("sent");
                } catch (Exception e) {
                    outbox.failed(dsl, d, e.getMessage(), now);
                    count("failed");
                    LOG.warn("Notice #{} not delivered (attempt {}): {}", d.id(), d.attempts() + 1, e.toString());
                }
            }
            // One statement for the batch's deliveries, in the same transaction as the claim.
            outbox.sent(dsl, sent, now);
            return due.size();
        });
    }

    private void count(String outcome) {
        if (registry != null) {
            registry.counter("hotline_notifications_total", "outcome", outcome).increment();
        }
    }

    @Override
    public void close() {
        stopped = true;
        if (timer != -1) {
            vertx.cancelTimer(timer);
        }
    }
}
