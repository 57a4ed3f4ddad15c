package org.hotline.sla;

import java.util.List;
import org.hotline.config.Option;

/** Office hours and the time zone time limits are counted in. */
public final class SlaOptions {

    private SlaOptions() {
    }

    public static final Option OFFICE_HOURS = Option.string("office-hours", "09:00-12:00,13:30-17:30",
            "Office hours of a working day; working-hour and working-day limits count only these.");
    public static final Option TIME_ZONE = Option.string("time-zone", "Asia/Shanghai",
            "The time zone office hours are kept in.");

    public static final Option TIMER_SCAN_INTERVAL = Option.duration("timer-scan-interval", "5s",
            "How often each node sweeps for due timers it did not see coming (timers normally fire on time anyway).");

    public static List<Option> all() {
        return List.of(OFFICE_HOURS, TIME_ZONE, TIMER_SCAN_INTERVAL);
    }
}
