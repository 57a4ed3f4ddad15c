package org.hotline.timer;

import java.time.Instant;
import org.jooq.DSLContext;

/**
 * What happens when a timer of one kind fires. Runs inside the transaction that claims the timer and marks it
 * fired, so its effects (timeline events, outbox rows) commit exactly when the firing does, and never twice.
 */
@FunctionalInterface
public interface TimerHandler {
    void fire(DSLContext dsl, Timer timer, Instant now);
}
