package org.hotline.sla;

import com.tyme.holiday.LegalHoliday;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The State Council's holiday arrangements as the {@code cn.6tail:tyme4j} library knows them (through 2026): the
 * seed of the calendar table. Years after what the library knows are entered by admins.
 */
public final class OfficialCalendar {

    public static final int FIRST_YEAR = 2020;
    public static final int LAST_YEAR = 2026;

    private OfficialCalendar() {
    }

    /** Every public holiday and make-up working day from {@code fromYear} to {@code toYear}, inclusive. */
    public static List<WorkCalendar.Day> exceptions(int fromYear, int toYear) {
        List<WorkCalendar.Day> out = new ArrayList<>();
        for (LocalDate d = LocalDate.of(fromYear, 1, 1); d.getYear() <= toYear; d = d.plusDays(1)) {
            LegalHoliday h = LegalHoliday.fromYmd(d.getYear(), d.getMonthValue(), d.getDayOfMonth());
            if (h != null) {
                out.add(new WorkCalendar.Day(d, h.isWork() ? WorkCalendar.Kind.WORKDAY : WorkCalendar.Kind.HOLIDAY,
                        h.getName()));
            }
        }
        return out;
    }
}
