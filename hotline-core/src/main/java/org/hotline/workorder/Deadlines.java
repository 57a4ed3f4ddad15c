package org.hotline.workorder;

import java.time.Duration;
import java.time.Instant;

/**
 * The time limits an order runs under once dispatched. This first policy counts calendar time (emergency orders
 * always do); the time-limit work replaces it with working time on the Chinese calendar behind the same methods.
 */
public interface Deadlines {

    /** When the unit must have signed, counted from {@code dispatchedAt}. */
    Instant signBy(Instant dispatchedAt, Urgency urgency);

    /** When the unit must have replied, counted from {@code dispatchedAt}. */
    Instant handleBy(Instant dispatchedAt, OrderType type, Urgency urgency);

    /** {@code deadline} moved by an approved extension of {@code workingDays}. */
    Instant extend(Instant deadline, int workingDays);

    /** Typical limits from practice, in calendar time: sign in 2 h (urgent 30 min), handle by type and urgency. */
    Deadlines CALENDAR = new Deadlines() {
        @Override
        public Instant signBy(Instant dispatchedAt, Urgency urgency) {
            return dispatchedAt.plus(urgency == Urgency.NORMAL ? Duration.ofHours(2) : Duration.ofMinutes(30));
        }

        @Override
        public Instant handleBy(Instant dispatchedAt, OrderType type, Urgency urgency) {
            Duration limit = switch (urgency) {
                case EMERGENCY -> Duration.ofHours(2);
                case URGENT -> Duration.ofHours(24);
                case NORMAL -> switch (type) {
                    case CONSULTATION -> Duration.ofDays(3);
                    case HELP, SUGGESTION, PRAISE -> Duration.ofDays(7);
                    case COMPLAINT, REPORT -> Duration.ofDays(15);
                };
            };
            return dispatchedAt.plus(limit);
        }

        @Override
        public Instant extend(Instant deadline, int workingDays) {
            return deadline.plus(Duration.ofDays(workingDays));
        }
    };
}
