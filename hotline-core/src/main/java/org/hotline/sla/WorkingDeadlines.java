package org.hotline.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.hotline.workorder.Deadlines;
import org.hotline.workorder.OrderType;
import org.hotline.workorder.Urgency;

/**
 * The typical limits of practice, counted in working time on the calendar table: sign within 2 working hours
 * (urgent: 30 working minutes); handle consultations in 3 working days, help, suggestions and praise in 7, complaints
 * and reports in 15. Emergencies run on calendar time (sign 30 min, handle 2 h), urgent handling 24 h.
 * Versioned, editable policies replace these defaults in a later step.
 */
public final class WorkingDeadlines implements Deadlines {

    private final Supplier<WorkingTime> time;

    public WorkingDeadlines(Supplier<WorkingTime> time) {
        this.time = time;
    }

    @Override
    public Instant signBy(Instant dispatchedAt, Urgency urgency) {
        return switch (urgency) {
            case EMERGENCY -> dispatchedAt.plus(Duration.ofMinutes(30));
            case URGENT -> time.get().plusWorkingHours(dispatchedAt, Duration.ofMinutes(30));
            case NORMAL -> time.get().plusWorkingHours(dispatchedAt, Duration.ofHours(2));
        };
    }

    @Override
    public Instant handleBy(Instant dispatchedAt, OrderType type, Urgency urgency) {
        return switch (urgency) {
            case EMERGENCY -> dispatchedAt.plus(Duration.ofHours(2));
            case URGENT -> dispatchedAt.plus(Duration.ofHours(24));
            case NORMAL -> time.get().plusWorkingDays(dispatchedAt, switch (type) {
                case CONSULTATION -> 3;
                case HELP, SUGGESTION, PRAISE -> 7;
                case COMPLAINT, REPORT -> 15;
            });
        };
    }

    @Override
    public Instant extend(Instant deadline, int workingDays) {
        return time.get().plusWorkingDays(deadline, workingDays);
    }

    @Override
    public Instant resume(Instant deadline, Instant pausedAt, Instant resumedAt) {
        WorkingTime t = time.get();
        Duration paused = t.between(pausedAt, resumedAt);
        // The deadline moves on by the office time the clock stood still; none spent, nothing moves.
        return paused.isZero() ? deadline : t.plusWorkingHours(deadline, paused);
    }
}
