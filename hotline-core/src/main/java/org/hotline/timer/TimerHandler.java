package org.hotline.timer;

import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

/**
 * What happens when a timer of one kind fires. Runs inside the transaction that claims the timer and marks it
 * fired, so its effects (timeline events, outbox rows) commit exactly when the firing does, and never twice.
 */
@FunctionalInterface
public interface TimerHandler {
    void fire(DSLContext dsl, Timer timer, Instant now);

    /**
     * Fires several claimed timers of one kind, soonest first, in the same transaction. The default fires them one
     * by one. Override it when the work can be done for many timers in a few statements (one read with {@code IN},
     * one multi-row insert): when thousands fall due together, statements per timer are what limit how fast a node
     * fires them (see BENCHMARKS.md).
     */
    default void fireAll(DSLContext dsl, List<Timer> timers, Instant now) {
        for (Timer t : timers) {
            fire(dsl, t, now);
        }
    }
}
