package org.hotline.supervision;

import java.time.Duration;
import java.time.Instant;

/**
 * A supervision's own clocks, on calendar time (its deadline is a date a leader set, not a working-time limit):
 * a warning before the deadline, the deadline itself (overdue, level 1), and escalation to the leadership a day
 * later (level 2).
 */
public record SupervisionClocks(Instant warnAt, Instant dueAt, Instant escalateAt) {

    public static final Duration ESCALATE_AFTER = Duration.ofDays(1);

    /**
     * Warns a fifth of the way before the deadline, at least an hour and at most a day ahead; not at all when less
     * than an hour is left.
     */
    public static SupervisionClocks plan(Instant from, Instant deadline) {
        Duration span = Duration.between(from, deadline);
        Duration ahead = span.dividedBy(5);
        if (ahead.compareTo(Duration.ofHours(1)) < 0) {
            ahead = Duration.ofHours(1);
        }
        if (ahead.compareTo(Duration.ofDays(1)) > 0) {
            ahead = Duration.ofDays(1);
        }
        Instant warn = deadline.minus(ahead);
        return new SupervisionClocks(warn.isAfter(from) ? warn : null, deadline, deadline.plus(ESCALATE_AFTER));
    }
}
