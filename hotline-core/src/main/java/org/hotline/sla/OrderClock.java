package org.hotline.sla;

import java.time.Instant;

/** One clock of one order, as stored: what it times, against whom, until when, and how it stands. */
public record OrderClock(long id, long orderId, ClockKind kind, Long assignmentId, Long unitId, Long policyId,
                         boolean calendarTime, Instant startedAt, Instant deadline, long budgetSeconds, String status,
                         Instant pausedAt, Instant warnedAt, Instant breachedAt, int level, Instant stoppedAt,
                         String outcome) {

    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
    public static final String STOPPED = "stopped";

    public boolean open() {
        return !STOPPED.equals(status);
    }

    public boolean paused() {
        return PAUSED.equals(status);
    }

    /** The timer subject of this clock's warnings, deadline and escalations. */
    public String subject() {
        return subject(id);
    }

    public static String subject(long clockId) {
        return "clock:" + clockId;
    }
}
