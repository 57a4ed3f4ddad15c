package org.hotline.timer;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotline.db.Database;
import org.hotline.db.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires durable timers on time, exactly once, on any number of nodes. Each node keeps only the next few seconds of
 * due times in memory (refilled from the table's index) and sets one Vert.x timer for the soonest; when it rings,
 * the node claims due rows with {@code SKIP LOCKED}, runs their handlers and marks them fired in one transaction.
 * A periodic safety scan catches whatever the look-ahead missed (timers scheduled on another node), and a start
 * fires everything that fell due while the node was down.
 */
public final class TimerScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TimerScheduler.class);
    private static final int BATCH = 200;

    private final Vertx vertx;
    private final Db db;
    private final TimerStore store = new TimerStore();
    private final Map<String, TimerHandler> handlers = new ConcurrentHashMap<>();
    private final Clock clock;
    private final String node;
    private final Duration lookahead;
    private final Duration safetyScan;
    private final TreeSet<Instant> upcoming = new TreeSet<>();
    private final AtomicBoolean firing = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final io.micrometer.core.instrument.Timer lag;
    private final MeterRegistry registry;
    private volatile boolean stopped;
    private long wakeTimer = -1;
    private long refillTimer = -1;
    private long scanTimer = -1;
    private Instant armedFor;

    public TimerScheduler(Vertx vertx, Db db, Clock clock, String node, Duration lookahead, Duration safetyScan,
                          MeterRegistry registry) {
        this.vertx = vertx;
        this.db = db;
        this.clock = clock;
        this.node = node;
        this.lookahead = lookahead;
        this.safetyScan = safetyScan;
        this.registry = registry;
        this.lag = registry == null ? null : io.micrometer.core.instrument.Timer.builder("hotline_timer_lag")
                .description("From a timer's due time to its firing")
                .publishPercentileHistogram()
                .register(registry);
        if (registry != null) {
            io.micrometer.core.instrument.Gauge.builder("hotline_timer_upcoming", upcoming, s -> {
                synchronized (s) {
                    return s.size();
                }
            })
                    .description("Due times this node holds in memory").register(registry);
        }
    }

    public TimerScheduler handle(String kind, TimerHandler handler) {
        handlers.put(kind, handler);
        return this;
    }

    public Database database() {
        return db.database();
    }

    /** Fires what is overdue now, then keeps firing on time. */
    public Future<Void> start() {
        refillTimer = vertx.setPeriodic(Math.max(200, lookahead.toMillis() / 2), id -> refill());
        scanTimer = vertx.setPeriodic(safetyScan.toMillis(), id -> fireDue());
        return refill().compose(v -> fireDue());
    }

    /** A timer scheduled (on this node) due soon: keep it in memory right away. */
    public void scheduled(Instant due) {
        if (!due.isAfter(clock.instant().plus(lookahead))) {
            vertx.runOnContext(v -> {
                synchronized (upcoming) {
                    upcoming.add(due);
                }
                arm();
            });
        }
    }

    private Future<Void> refill() {
        if (stopped) {
            return Future.succeededFuture();
        }
        Instant until = clock.instant().plus(lookahead);
        return db.read(dsl -> store.upcoming(dsl, until, 10_000)).map(times -> {
            synchronized (upcoming) {
                upcoming.clear();
                upcoming.addAll(times);
            }
            arm();
            return (Void) null;
        }).recover(e -> {
            LOG.warn("Timer look-ahead failed: {}", e.toString());
            return Future.succeededFuture();
        });
    }

    /** Sets the one Vert.x timer for the soonest due time. */
    private synchronized void arm() {
        Instant first;
        synchronized (upcoming) {
            if (stopped || upcoming.isEmpty()) {
                return;
            }
            first = upcoming.first();
        }
        if (first.equals(armedFor) && wakeTimer != -1) {
            return;
        }
        if (wakeTimer != -1) {
            vertx.cancelTimer(wakeTimer);
        }
        armedFor = first;
        long delay = Math.max(1, Duration.between(clock.instant(), first).toMillis());
        wakeTimer = vertx.setTimer(delay, id -> {
            synchronized (this) {
                wakeTimer = -1;
                armedFor = null;
            }
            Instant now = clock.instant();
            synchronized (upcoming) {
                upcoming.headSet(now, true).clear();
            }
            fireDue().onComplete(ar -> arm());
        });
    }

    /** Claims and fires due timers in batches until none is left; one run at a time per node. */
    public Future<Void> fireDue() {
        if (stopped) {
            return Future.succeededFuture();
        }
        if (!firing.compareAndSet(false, true)) {
            again.set(true);
            return Future.succeededFuture();
        }
        return db.blocking(() -> {
            int total = 0;
            int fired;
            do {
                fired = fireBatch();
                total += fired;
            } while (fired == BATCH && !stopped);
            return total;
        }).transform(ar -> {
            firing.set(false);
            if (ar.failed()) {
                LOG.warn("Firing timers failed: {}", ar.cause().toString());
            }
            if (again.getAndSet(false)) {
                return fireDue();
            }
            return Future.succeededFuture();
        });
    }

    private int fireBatch() {
        return db.database().transactionRetrying(dsl -> {
            Instant now = clock.instant();
            List<Timer> due = store.claimDue(dsl, now, BATCH);
            if (due.isEmpty()) {
                return 0;
            }
            List<Long> ids = new ArrayList<>(due.size());
            for (Timer t : due) {
                TimerHandler h = handlers.get(t.kind());
                if (h != null) {
                    h.fire(dsl, t, now);
                } else {
                    LOG.warn("No handler for timer kind {}; marking {} fired", t.kind(), t.id());
                }
                ids.add(t.id());
            }
            store.markFired(dsl, ids, node, now);
            if (lag != null) {
                for (Timer t : due) {
                    lag.record(Math.max(0, Duration.between(t.dueAt(), now).toMillis()), TimeUnit.MILLISECONDS);
                }
                registry.counter("hotline_timers_fired_total").increment(due.size());
            }
            return due.size();
        });
    }

    @Override
    public synchronized void close() {
        stopped = true;
        for (long id : new long[] {wakeTimer, refillTimer, scanTimer}) {
            if (id != -1) {
                vertx.cancelTimer(id);
            }
        }
    }
}
