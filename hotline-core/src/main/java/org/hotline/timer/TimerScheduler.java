package org.hotline.timer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.hotline.db.Database;
import org.hotline.db.Db;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires durable timers on time, exactly once, on any number of nodes. Each node keeps only the next few seconds of
 * due times in memory (refilled from the table's index) and sets one Vert.x timer for the soonest; when it rings,
 * the node claims due rows with {@code SKIP LOCKED}, runs their handlers and marks them fired in one transaction.
 * When more are due than one transaction takes, several run side by side. A periodic safety scan catches whatever
 * the look-ahead missed (timers scheduled on another node), and a start fires everything that fell due while the
 * node was down. The figures behind the constants below are in BENCHMARKS.md.
 */
public final class TimerScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TimerScheduler.class);
    /** Timers one firing transaction claims; 100 and 500 measured no better (BENCHMARKS.md). */
    private static final int BATCH = 200;
    /** Firing transactions a node runs side by side when timers pile up; 2 and 4 measured alike, 8 no better. */
    private static final int WORKERS = 4;
    /** Distinct due times one refill loads; past that, the look-ahead is refilled as soon as it runs dry. */
    private static final int LOOKAHEAD_LIMIT = 2_000;
    /** The pending count is a scan of the whole pending index: done this often on a worker, never per scrape. */
    private static final Duration PENDING_COUNT_EVERY = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final Db db;
    private final Database database;
    private final TimerStore store = new TimerStore();
    private final Map<String, TimerHandler> handlers = new ConcurrentHashMap<>();
    private final Clock clock;
    private final String node;
    private final Duration lookahead;
    private final Duration safetyScan;
    private final TreeSet<Instant> upcoming = new TreeSet<>();
    private final io.micrometer.core.instrument.Timer lag;
    private final MeterRegistry registry;
    private final Map<String, Counter> firedByKind = new ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong(-1);
    private final AtomicBoolean counting = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopped;
    /** Whether the last refill hit {@link #LOOKAHEAD_LIMIT}: due times beyond what is in memory may be near. */
    private volatile boolean truncated;
    private long wakeTimer = -1;
    private long refillTimer = -1;
    private long scanTimer = -1;
    private long countTimer = -1;
    private Instant armedFor;
    private boolean draining;
    private Promise<Void> rerun;
    private Promise<Void> stopping;

    public TimerScheduler(Vertx vertx, Db db, Clock clock, String node, Duration lookahead, Duration safetyScan,
                          MeterRegistry registry) {
        this.vertx = vertx;
        this.db = db;
        this.database = db.database();
        this.clock = clock;
        this.node = node;
        this.lookahead = lookahead;
        this.safetyScan = safetyScan;
        this.registry = registry;
        this.lag = registry == null ? null : io.micrometer.core.instrument.Timer.builder("hotline_timer_lag")
                .description("From a timer's due time to the commit of its firing")
                .publishPercentileHistogram()
                .register(registry);
        if (registry != null) {
            Gauge.builder("hotline_timer_upcoming", upcoming, s -> {
                synchronized (s) {
                    return s.size();
                }
            }).description("Due times this node holds in memory").register(registry);
            Gauge.builder("hotline_timers_pending", pending, p -> p.get() < 0 ? Double.NaN : p.get())
                    .description("Pending timers in the table, counted every " + PENDING_COUNT_EVERY.toSeconds()
                            + " s")
                    .register(registry);
        }
    }

    public TimerScheduler handle(String kind, TimerHandler handler) {
        handlers.put(kind, handler);
        return this;
    }

    public Database database() {
        return db.database();
    }

    /**
     * Starts firing what is overdue, then keeps firing on time. Completes once the look-ahead is loaded and the wake
     * armed; the overdue backlog goes on firing after that.
     */
    public Future<Void> start() {
        refillTimer = vertx.setPeriodic(Math.max(200, lookahead.toMillis() / 2), id -> refill());
        scanTimer = vertx.setPeriodic(safetyScan.toMillis(), id -> fireDue());
        if (registry != null) {
            countTimer = vertx.setPeriodic(PENDING_COUNT_EVERY.toMillis(), id -> countPending());
        }
        // The catch-up is not waited for: after a long outage it can take longer than a start should.
        fireDue();
        return refill().onComplete(ar -> countPending());
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
        return worker(() -> store.upcoming(db.database().dsl(), until, LOOKAHEAD_LIMIT)).map(times -> {
            truncated = times.size() >= LOOKAHEAD_LIMIT;
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
        // Rounded up: waking a fraction of a millisecond early finds nothing due and costs a claim for nothing.
        long nanos = Duration.between(clock.instant(), first).toNanos();
        long delay = Math.max(1, (nanos + 999_999) / 1_000_000);
        wakeTimer = vertx.setTimer(delay, id -> {
            synchronized (this) {
                wakeTimer = -1;
                armedFor = null;
            }
            Instant now = clock.instant();
            boolean dry;
            synchronized (upcoming) {
                upcoming.headSet(now, true).clear();
                dry = upcoming.isEmpty();
            }
            fireDue().onComplete(ar -> {
                if (dry && truncated) {
                    refill();
                } else {
                    arm();
                }
            });
        });
    }

    /**
     * Claims and fires due timers until none is left. One drain at a time per node; asked again while one runs, it
     * runs once more afterwards (the returned future completes then), since more may have fallen due meanwhile.
     */
    public Future<Void> fireDue() {
        synchronized (this) {
            if (stopped) {
                return Future.succeededFuture();
            }
            if (draining) {
                if (rerun == null) {
                    rerun = Promise.promise();
                }
                return rerun.future();
            }
            draining = true;
        }
        return drain().transform(ar -> {
            if (ar.failed()) {
                LOG.warn("Firing timers failed: {}", ar.cause().toString());
            }
            Promise<Void> again;
            synchronized (this) {
                draining = false;
                again = rerun;
                rerun = null;
            }
            if (again != null) {
                fireDue().onComplete(x -> again.tryComplete());
            }
            return Future.succeededFuture();
        });
    }

    /**
     * One worker claims batch after batch until one comes back short. A full batch means more is waiting, so
     * another worker joins, up to {@link #WORKERS}: {@code SKIP LOCKED} hands each one different rows, and the
     * handlers' round trips to the database overlap.
     */
    private Future<Void> drain() {
        Promise<Void> done = Promise.promise();
        claimLoop(done, new AtomicInteger(1), new AtomicReference<>());
        return done.future();
    }

    private void claimLoop(Promise<Void> done, AtomicInteger workers, AtomicReference<Throwable> failure) {
        worker(this::fireBatch).onComplete(ar -> {
            if (ar.failed()) {
                failure.compareAndSet(null, ar.cause());
            }
            if (ar.succeeded() && ar.result() == BATCH && !stopped) {
                int n = workers.get();
                if (n < WORKERS && workers.compareAndSet(n, n + 1)) {
                    claimLoop(done, workers, failure);
                }
                claimLoop(done, workers, failure);
            } else if (workers.decrementAndGet() == 0) {
                if (failure.get() == null) {
                    done.complete();
                } else {
                    done.fail(failure.get());
                }
            }
        });
    }

    private int fireBatch() {
        List<Timer> fired = firingTransaction(dsl -> {
            Instant now = clock.instant();
            List<Timer> due = store.claimDue(dsl, now, BATCH);
            if (due.isEmpty()) {
                return due;
            }
            Map<String, List<Timer>> byKind = new LinkedHashMap<>();
            List<Long> ids = new ArrayList<>(due.size());
            for (Timer t : due) {
                byKind.computeIfAbsent(t.kind(), k -> new ArrayList<>()).add(t);
                ids.add(t.id());
            }
            byKind.forEach((kind, timers) -> {
                TimerHandler h = handlers.get(kind);
                if (h != null) {
                    h.fireAll(dsl, timers, now);
                } else {
                    LOG.warn("No handler for timer kind {}; marking {} timer(s) fired", kind, timers.size());
                }
            });
            store.markFired(dsl, ids, node, now);
            return due;
        });
        if (lag != null && !fired.isEmpty()) {
            // After the commit: a firing counts when its effects are visible, not when its batch was claimed.
            Instant committed = clock.instant();
            for (Timer t : fired) {
                lag.record(Math.max(0, Duration.between(t.dueAt(), committed).toMillis()), TimeUnit.MILLISECONDS);
                firedByKind.computeIfAbsent(t.kind(), k -> Counter.builder("hotline_timers_fired_total")
                        .description("Timers fired, by kind").tag("kind", k).register(registry)).increment();
            }
        }
        return fired.size();
    }

    /**
     * Runs one firing in a transaction at READ COMMITTED, retried when chosen as a deadlock victim. At MySQL's
     * default REPEATABLE READ the claim's locking range scan also locks the gaps of the due-time index, and marking
     * the rows fired inserts into those very gaps: concurrent claimers (workers or nodes) then deadlock on each
     * other. READ COMMITTED locks only the rows claimed; {@code SKIP LOCKED} and the status check keep it once.
     */
    private <T> T firingTransaction(Function<DSLContext, T> work) {
        return database.transactionReadCommitted(work);
    }

    /** Refreshes the pending-count gauge on a worker; skipped while the previous count still runs. */
    private void countPending() {
        if (registry == null || stopped || !counting.compareAndSet(false, true)) {
            return;
        }
        worker(() -> store.pendingCount(db.database().dsl())).onComplete(ar -> {
            counting.set(false);
            if (ar.succeeded()) {
                pending.set(ar.result());
            } else {
                LOG.warn("Counting pending timers failed: {}", ar.cause().toString());
            }
        });
    }

    /** Blocking work on the database's worker pool, counted so that {@link #stop()} can wait for it. */
    private <T> Future<T> worker(Callable<T> work) {
        inFlight.incrementAndGet();
        return db.blocking(work).andThen(ar -> {
            if (inFlight.decrementAndGet() == 0) {
                Promise<Void> waiting;
                synchronized (this) {
                    waiting = stopping;
                }
                if (waiting != null) {
                    waiting.tryComplete();
                }
            }
        });
    }

    /**
     * Stops, like {@link #close()}, and completes once the database work already under way has finished: a firing
     * transaction in flight commits or rolls back before the caller closes Vert.x or the pool under it.
     */
    public Future<Void> stop() {
        Promise<Void> done;
        synchronized (this) {
            close();
            if (stopping == null) {
                stopping = Promise.promise();
            }
            done = stopping;
        }
        if (inFlight.get() == 0) {
            done.tryComplete();
        }
        return done.future();
    }

    @Override
    public synchronized void close() {
        stopped = true;
        for (long id : new long[] {wakeTimer, refillTimer, scanTimer, countTimer}) {
            if (id != -1) {
                vertx.cancelTimer(id);
            }
        }
    }
}
