package org.hotline.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Arithmetic in working time: office hours on working days. Plain Java, exact to the second.
 * <ul>
 *   <li>{@link #plusWorkingHours}: counts only office time;</li>
 *   <li>{@link #plusWorkingDays}: the same time of day on the Nth following working day, counted from the start
 *   or, when the start is outside office hours, from the next opening;</li>
 *   <li>{@link #between}: the office time between two instants.</li>
 * </ul>
 */
public final class WorkingTime {

    private final WorkCalendar calendar;
    private final OfficeHours hours;

    public WorkingTime(WorkCalendar calendar, OfficeHours hours) {
        this.calendar = calendar;
        this.hours = hours;
    }

    public WorkCalendar calendar() {
        return calendar;
    }

    public OfficeHours hours() {
        return hours;
    }

    /** True when {@code t} falls within office hours on a working day. */
    public boolean isOfficeTime(Instant t) {
        ZonedDateTime z = t.atZone(hours.zone());
        if (!calendar.isWorkingDay(z.toLocalDate())) {
            return false;
        }
        LocalTime time = z.toLocalTime();
        return hours.segments().stream().anyMatch(s -> !time.isBefore(s.from()) && time.isBefore(s.to()));
    }

    /** {@code t} itself when in office time, else the next moment office time begins. */
    public Instant nextOpening(Instant t) {
        ZonedDateTime z = t.atZone(hours.zone());
        LocalDate day = z.toLocalDate();
        LocalTime time = z.toLocalTime();
        if (calendar.isWorkingDay(day)) {
            for (OfficeHours.Segment s : hours.segments()) {
                if (time.isBefore(s.to())) {
                    return time.isBefore(s.from()) ? at(day, s.from()) : t;
                }
            }
        }
        return at(calendar.nextWorkingDay(day), hours.segments().getFirst().from());
    }

    public Instant plusWorkingHours(Instant start, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("Working time cannot be negative");
        }
        long remaining = amount.toSeconds();
        int nanos = amount.toNanosPart();
        Instant t = nextOpening(start);
        for (int guard = 0; guard < 100_000; guard++) {
            ZonedDateTime z = t.atZone(hours.zone());
            LocalDate day = z.toLocalDate();
            OfficeHours.Segment segment = segmentAt(z.toLocalTime());
            long left = Duration.between(z.toLocalTime(), segment.to()).toSeconds();
            if (remaining <= left) {
                return t.plusSeconds(remaining).plusNanos(nanos);
            }
            remaining -= left;
            t = nextOpening(at(day, segment.to()));
        }
        throw new IllegalStateException("Working time beyond the calendar's reach");
    }

    public Instant plusWorkingDays(Instant start, int days) {
        if (days < 0) {
            throw new IllegalArgumentException("Working days cannot be negative");
        }
        Instant opening = nextOpening(start);
        ZonedDateTime z = opening.atZone(hours.zone());
        LocalDate day = z.toLocalDate();
        for (int i = 0; i < days; i++) {
            day = calendar.nextWorkingDay(day);
        }
        return at(day, z.toLocalTime());
    }

    /**
     * The instant {@code amount} of office time before {@code end}: where a warning goes that must come that much
     * working time ahead of a deadline. The inverse of {@link #plusWorkingHours} within office hours.
     */
    public Instant minusWorkingHours(Instant end, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("Working time cannot be negative");
        }
        long remaining = amount.toSeconds();
        Instant t = previousClosing(end);
        for (int guard = 0; guard < 100_000; guard++) {
            ZonedDateTime z = t.atZone(hours.zone());
            LocalDate day = z.toLocalDate();
            OfficeHours.Segment segment = segmentEndingAt(z.toLocalTime());
            long available = Duration.between(segment.from(), z.toLocalTime()).toSeconds();
            if (remaining <= available) {
                return t.minusSeconds(remaining);
            }
            remaining -= available;
            t = previousClosing(at(day, segment.from()));
        }
        throw new IllegalStateException("Working time beyond the calendar's reach");
    }

    /** {@code t} itself when in office time (or at a closing), else the last moment office time ended before it. */
    private Instant previousClosing(Instant t) {
        ZonedDateTime z = t.atZone(hours.zone());
        LocalDate day = z.toLocalDate();
        LocalTime time = z.toLocalTime();
        if (calendar.isWorkingDay(day)) {
            List<OfficeHours.Segment> segments = hours.segments();
            for (int i = segments.size() - 1; i >= 0; i--) {
                OfficeHours.Segment s = segments.get(i);
                if (time.isAfter(s.from())) {
                    return time.isBefore(s.to()) ? t : at(day, s.to());
                }
            }
        }
        return at(calendar.previousWorkingDay(day), hours.segments().getLast().to());
    }

    private OfficeHours.Segment segmentEndingAt(LocalTime time) {
        for (OfficeHours.Segment s : hours.segments()) {
            if (time.isAfter(s.from()) && !time.isAfter(s.to())) {
                return s;
            }
        }
        throw new IllegalStateException("Not in office hours: " + time);
    }

    /** Office time between {@code from} and {@code to}; zero when {@code to} is not after {@code from}. */
    public Duration between(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        long seconds = 0;
        Instant t = nextOpening(from);
        for (int guard = 0; guard < 100_000 && t.isBefore(to); guard++) {
            ZonedDateTime z = t.atZone(hours.zone());
            OfficeHours.Segment segment = segmentAt(z.toLocalTime());
            Instant end = at(z.toLocalDate(), segment.to());
            Instant stop = end.isBefore(to) ? end : to;
            seconds += Duration.between(t, stop).toSeconds();
            t = nextOpening(end);
        }
        return Duration.ofSeconds(seconds);
    }

    private OfficeHours.Segment segmentAt(LocalTime time) {
        for (OfficeHours.Segment s : hours.segments()) {
            if (!time.isBefore(s.from()) && time.isBefore(s.to())) {
                return s;
            }
        }
        throw new IllegalStateException("Not in office hours: " + time);
    }

    private Instant at(LocalDate day, LocalTime time) {
        return LocalDateTime.of(day, time).atZone(hours.zone()).toInstant();
    }
}
