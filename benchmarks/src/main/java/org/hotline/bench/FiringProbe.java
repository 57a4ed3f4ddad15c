package org.hotline.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.db.Database;
import org.hotline.timer.Timer;
import org.hotline.timer.TimerHandler;
import org.jooq.DSLContext;
import org.jooq.TransactionContext;
import org.jooq.TransactionListener;

/**
 * Records when each timer's firing became visible. A firing counts at its transaction's commit, seen by a jOOQ
 * transaction listener on the scheduler's database: a batch that rolls back does not count, and a timer whose
 * firing commits twice is a duplicate. The scheduler is measured as it is, without hooks of its own.
 */
final class FiringProbe implements TransactionListener {

    /** One committed firing: due, handler ran, transaction committed. */
    record Firing(Timer timer, Instant handled, Instant committed) {
        long lagMicros() {
            return ChronoUnit.MICROS.between(timer.dueAt(), committed);
        }
    }

    private record Ran(Timer timer, Instant at) {
    }

    private final ThreadLocal<List<Ran>> uncommitted = ThreadLocal.withInitial(ArrayList::new);
    private final Map<Long, Firing> committed = new ConcurrentHashMap<>();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger rolledBack = new AtomicInteger();

    /** Listens to every transaction {@code database} runs from now on. */
    void attach(Database database) {
        database.listenToTransactions(this);
    }

    /** {@code handler}, noting each run so the commit that follows can be timed. */
    TimerHandler around(TimerHandler handler) {
        return new TimerHandler() {
            @Override
            public void fire(DSLContext dsl, Timer timer, Instant now) {
                handler.fire(dsl, timer, now);
                uncommitted.get().add(new Ran(timer, Instant.now()));
            }

            @Override
            public void fireAll(DSLContext dsl, List<Timer> timers, Instant now) {
                handler.fireAll(dsl, timers, now);
                Instant at = Instant.now();
                for (Timer t : timers) {
                    uncommitted.get().add(new Ran(t, at));
                }
            }
        };
    }

    @Override
    public void commitEnd(TransactionContext ctx) {
        List<Ran> ran = uncommitted.get();
        if (ran.isEmpty()) {
            return;
        }
        Instant at = Instant.now();
        for (Ran r : ran) {
            if (committed.putIfAbsent(r.timer().id(), new Firing(r.timer(), r.at(), at)) != null) {
                duplicates.incrementAndGet();
            }
        }
        ran.clear();
    }

    @Override
    public void rollbackEnd(TransactionContext ctx) {
        List<Ran> ran = uncommitted.get();
        rolledBack.addAndGet(ran.size());
        ran.clear();
    }

    // The listener must not leave a run of a failed begin/commit behind for the next transaction on this thread.
    @Override
    public void beginStart(TransactionContext ctx) {
        uncommitted.get().clear();
    }

    int committedCount() {
        return committed.size();
    }

    List<Firing> firings() {
        return List.copyOf(committed.values());
    }

    int duplicates() {
        return duplicates.get();
    }

    int rolledBack() {
        return rolledBack.get();
    }

    void reset() {
        committed.clear();
        duplicates.set(0);
        rolledBack.set(0);
    }
}
