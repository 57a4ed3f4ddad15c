package org.hotline.workorder;

import java.time.Instant;

/** The time limits an order runs under once dispatched (see {@code sla.WorkingDeadlines}). */
public interface Deadlines {

    /** When the unit must have signed, counted from {@code dispatchedAt}. */
    Instant signBy(Instant dispatchedAt, Urgency urgency);

    /** When the unit must have replied, counted from {@code dispatchedAt}. */
    Instant handleBy(Instant dispatchedAt, OrderType type, Urgency urgency);

    /** {@code deadline} moved by an approved extension of {@code workingDays}. */
    Instant extend(Instant deadline, int workingDays);

    /** {@code deadline} moved on by the working time between {@code pausedAt} and {@code resumedAt} (suspension). */
    Instant resume(Instant deadline, Instant pausedAt, Instant resumedAt);
}
