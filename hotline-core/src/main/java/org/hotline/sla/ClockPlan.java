package org.hotline.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * When a clock's warnings and escalations fall, from its deadline and allowance and the policy. Plain Java: the
 * same arithmetic serves the timers, the order page and the tests.
 */
public final class ClockPlan {

    private ClockPlan() {
    }

    /** How much time a clock allows between {@code start} and {@code deadline}, in its own kind of time. */
    public static long budgetSeconds(Instant start, Instant deadline, boolean calendarTime, WorkingTime t) {
        return calendarTime ? Math.max(0, Duration.between(start, deadline).toSeconds())
                : t.between(start, deadline).toSeconds();
    }

    /**
     * The warnings still ahead of {@code now}, soonest first: one when each percentage of the allowance is spent
     * (counted back from the deadline, so a pause or an extension moves them with it), and one each lead time before
     * the deadline. Warnings that would fall before the clock started, or at the deadline, are dropped.
     */
    public static List<Instant> warnings(Policy policy, Instant start, Instant deadline, long budgetSeconds,
                                         boolean calendarTime, WorkingTime t, Instant now) {
        TreeSet<Instant> out = new TreeSet<>();
        for (int percent : policy.warnPercents()) {
            long left = budgetSeconds * (100 - percent) / 100;
            Instant at = calendarTime ? deadline.minusSeconds(left)
                    : t.minusWorkingHours(deadline, Duration.ofSeconds(left));
            out.add(at);
        }
        for (Limit before : policy.warnBefore()) {
            out.add(before.before(deadline, t));
        }
        return out.stream().filter(at -> at.isAfter(start) && at.isBefore(deadline) && at.isAfter(now)).toList();
    }

    /** When each escalation level falls due, level 1 first. */
    public static List<Instant> escalations(Policy policy, Instant deadline, WorkingTime t) {
        List<Instant> out = new ArrayList<>();
        for (Policy.Level level : policy.escalation()) {
            Instant at = level.after().amount() == 0 ? deadline : level.after().after(deadline, t);
            out.add(at.isBefore(deadline) ? deadline : at);
        }
        return out;
    }

    /**
     * Time left until {@code deadline} (negative once past), in the clock's kind of time: office time for working
     * clocks, so a deadline on Monday morning seen on Friday evening is not "60 hours away".
     */
    public static Duration remaining(Instant now, Instant deadline, boolean calendarTime, WorkingTime t) {
        if (calendarTime) {
            return Duration.between(now, deadline);
        }
        return now.isBefore(deadline) ? t.between(now, deadline) : t.between(deadline, now).negated();
    }

    /** A deadline moved on by the time the clock stood still between {@code pausedAt} and {@code resumedAt}. */
    public static Instant resumed(Instant deadline, Instant pausedAt, Instant resumedAt, boolean calendarTime,
                                  WorkingTime t) {
        if (calendarTime) {
            return deadline.plus(Duration.between(pausedAt, resumedAt));
        }
        Duration paused = t.between(pausedAt, resumedAt);
        return paused.isZero() ? deadline : t.plusWorkingHours(deadline, paused);
    }

    /** Seconds of the clock's kind of time between two instants (what a pause did not count). */
    public static long secondsBetween(Instant from, Instant to, boolean calendarTime, WorkingTime t) {
        return calendarTime ? Math.max(0, Duration.between(from, to).toSeconds()) : t.between(from, to).toSeconds();
    }
}
