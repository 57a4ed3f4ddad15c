package org.hotline.sla;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which days are working days on the Chinese calendar: Monday to Friday, except public holidays, plus the make-up
 * working days (调休) that fall on weekends. The exceptions are data (the {@code calendar_day} table that admins keep
 * each year), never code.
 */
public final class WorkCalendar {

    /** An exception to the Monday–Friday rule. */
    public enum Kind { HOLIDAY, WORKDAY }

    /** One exceptional day. */
    public record Day(LocalDate date, Kind kind, String name) {
    }

    private final Map<LocalDate, Day> exceptions;

    public WorkCalendar(Iterable<Day> exceptions) {
        Map<LocalDate, Day> m = new TreeMap<>();
        exceptions.forEach(d -> m.put(d.date(), d));
        this.exceptions = Map.copyOf(m);
    }

    public boolean isWorkingDay(LocalDate date) {
        Day d = exceptions.get(date);
        if (d != null) {
            return d.kind() == Kind.WORKDAY;
        }
        DayOfWeek w = date.getDayOfWeek();
        return w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY;
    }

    /** The first working day strictly after {@code date}. */
    public LocalDate nextWorkingDay(LocalDate date) {
        LocalDate d = date.plusDays(1);
        for (int guard = 0; guard < 366 && !isWorkingDay(d); guard++) {
            d = d.plusDays(1);
        }
        return d;
    }

    /** The last working day strictly before {@code date}. */
    public LocalDate previousWorkingDay(LocalDate date) {
        LocalDate d = date.minusDays(1);
        for (int guard = 0; guard < 366 && !isWorkingDay(d); guard++) {
            d = d.minusDays(1);
        }
        return d;
    }

    /** True when the calendar holds any exception in {@code year} (a year with none has not been entered yet). */
    public boolean knowsYear(int year) {
        return exceptions.keySet().stream().anyMatch(d -> d.getYear() == year);
    }
}
