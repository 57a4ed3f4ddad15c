package org.hotline.sla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Working-time arithmetic on real dates of the Chinese calendar, office hours 09:00–12:00 and 13:30–17:30. */
class WorkingTimeTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final WorkingTime TIME = new WorkingTime(
            new WorkCalendar(OfficialCalendar.exceptions(OfficialCalendar.FIRST_YEAR, OfficialCalendar.LAST_YEAR)),
            OfficeHours.DEFAULT);

    static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }

    @Test
    @DisplayName("2025 National Day and Mid-Autumn: Oct 1–8 off, Sunday Sep 28 and Saturday Oct 11 are working days")
    void nationalDay2025() {
        WorkCalendar c = TIME.calendar();
        assertTrue(c.isWorkingDay(LocalDate.of(2025, 9, 28)), "make-up Sunday");
        for (int d = 1; d <= 8; d++) {
            assertFalse(c.isWorkingDay(LocalDate.of(2025, 10, d)), "Oct " + d);
        }
        assertTrue(c.isWorkingDay(LocalDate.of(2025, 10, 11)), "make-up Saturday");
        // Tuesday Sep 30, 10:00 + 1 working day = Thursday Oct 9, 10:00.
        assertEquals(at("2025-10-09T10:00"), TIME.plusWorkingDays(at("2025-09-30T10:00"), 1));
        // + 3 working days: Oct 9, Oct 10, then the make-up Saturday Oct 11.
        assertEquals(at("2025-10-11T10:00"), TIME.plusWorkingDays(at("2025-09-30T10:00"), 3));
    }

    @Test
    @DisplayName("2026 Spring Festival: Feb 15–23 off, Saturdays Feb 14 and 28 are working days")
    void springFestival2026() {
        WorkCalendar c = TIME.calendar();
        assertTrue(c.isWorkingDay(LocalDate.of(2026, 2, 14)));
        assertFalse(c.isWorkingDay(LocalDate.of(2026, 2, 16)));
        assertFalse(c.isWorkingDay(LocalDate.of(2026, 2, 23)));
        assertTrue(c.isWorkingDay(LocalDate.of(2026, 2, 28)));
        // Friday Feb 13, 16:00 + 2 working hours: 1.5 h on Friday, then the make-up Saturday Feb 14 from 09:00.
        assertEquals(at("2026-02-14T09:30"), TIME.plusWorkingHours(at("2026-02-13T16:00"), Duration.ofHours(2)));
        // Saturday Feb 14, 17:00 + 1 working hour: 30 min that day, then the first day after the holiday.
        assertEquals(at("2026-02-24T09:30"), TIME.plusWorkingHours(at("2026-02-14T17:00"), Duration.ofHours(1)));
    }

    @Test
    @DisplayName("2026 National Day: Oct 1–7 off, Sunday Sep 20 and Saturday Oct 10 work")
    void nationalDay2026() {
        assertTrue(TIME.calendar().isWorkingDay(LocalDate.of(2026, 9, 20)));
        assertFalse(TIME.calendar().isWorkingDay(LocalDate.of(2026, 10, 7)));
        assertTrue(TIME.calendar().isWorkingDay(LocalDate.of(2026, 10, 10)));
        assertEquals(at("2026-10-08T14:00"), TIME.plusWorkingDays(at("2026-09-30T14:00"), 1));
    }

    @Test
    @DisplayName("working hours skip the lunch break and the night")
    void lunchAndNight() {
        // Wednesday 2026-11-25 11:00 + 2 h: 1 h before lunch, 1 h after 13:30.
        assertEquals(at("2026-11-25T14:30"), TIME.plusWorkingHours(at("2026-11-25T11:00"), Duration.ofHours(2)));
        // 17:00 + 1 h: 30 min today, 30 min tomorrow.
        assertEquals(at("2026-11-26T09:30"), TIME.plusWorkingHours(at("2026-11-25T17:00"), Duration.ofHours(1)));
        // A full working day is 7 hours: from the opening to the close, the same day.
        assertEquals(at("2026-11-25T17:30"), TIME.plusWorkingHours(at("2026-11-25T09:00"), Duration.ofHours(7)));
    }

    @Test
    @DisplayName("a start outside office hours counts from the next opening")
    void startOutsideOfficeHours() {
        // Wednesday 20:00 + 1 working day = Friday 09:00 (counted from Thursday's opening).
        assertEquals(at("2026-11-27T09:00"), TIME.plusWorkingDays(at("2026-11-25T20:00"), 1));
        // Lunch 12:30 + 1 working hour = 14:30.
        assertEquals(at("2026-11-25T14:30"), TIME.plusWorkingHours(at("2026-11-25T12:30"), Duration.ofHours(1)));
        // Saturday + 0 h = Monday's opening.
        assertEquals(at("2026-11-30T09:00"), TIME.plusWorkingHours(at("2026-11-28T10:00"), Duration.ZERO));
        // Friday 10:00 + 1 working day = Monday 10:00.
        assertEquals(at("2026-11-30T10:00"), TIME.plusWorkingDays(at("2026-11-27T10:00"), 1));
    }

    @Test
    @DisplayName("working time between two instants is the inverse of adding it")
    void betweenIsInverse() {
        Instant start = at("2026-02-12T10:15");
        for (int hours : new int[] {1, 3, 7, 15, 40}) {
            Instant end = TIME.plusWorkingHours(start, Duration.ofHours(hours));
            assertEquals(Duration.ofHours(hours), TIME.between(start, end), hours + " h");
        }
        assertEquals(Duration.ZERO, TIME.between(at("2026-02-16T10:00"), at("2026-02-20T10:00")), "inside the holiday");
    }

    @Test
    @DisplayName("a suspension stops the clock: the deadline moves on by the office time spent suspended")
    void suspension() {
        Instant deadline = at("2026-11-30T17:00");
        // Suspended Wednesday 16:00, resumed Thursday 10:00: 1.5 h + 1 h of office time. Monday 17:00 + 2.5 h:
        // 30 min on Monday, then 2 h on Tuesday.
        assertEquals(at("2026-12-01T11:00"), ClockPlan.resumed(deadline, at("2026-11-25T16:00"),
                at("2026-11-26T10:00"), false, TIME));
        // Suspended over a weekend night only: no office time passed, the deadline stays.
        assertEquals(deadline, ClockPlan.resumed(deadline, at("2026-11-28T10:00"), at("2026-11-29T20:00"), false,
                TIME));
        // An emergency runs on calendar time: the night counts.
        assertEquals(deadline.plus(Duration.ofHours(34)), ClockPlan.resumed(deadline, at("2026-11-28T10:00"),
                at("2026-11-29T20:00"), true, TIME));
    }

    @Test
    @DisplayName("counting back in working time is the inverse of counting forward, across lunch, nights and "
            + "the National Day break")
    void minusWorkingHours() {
        // Friday 26 Sep 2025 10:00 + 8 working hours: the break (1–8 Oct) and the Sunday make-up day (28 Sep) count.
        Instant start = at("2025-09-26T10:00");
        for (int minutes : new int[] {1, 30, 120, 150, 420, 480, 600, 1_800}) {
            Instant end = TIME.plusWorkingHours(start, Duration.ofMinutes(minutes));
            assertEquals(start, TIME.minusWorkingHours(end, Duration.ofMinutes(minutes)), minutes + " min");
        }
        // From the opening after lunch back 30 minutes: 11:30 before lunch.
        assertEquals(at("2026-11-25T11:30"), TIME.minusWorkingHours(at("2026-11-25T13:30"), Duration.ofMinutes(30)));
        // From Monday 09:30 back one hour: Friday 17:00.
        assertEquals(at("2026-11-27T17:00"), TIME.minusWorkingHours(at("2026-11-30T09:30"), Duration.ofHours(1)));
    }

    @Test
    @DisplayName("a policy's warnings: at 75 % of a 15-working-day allowance and one working day before; "
            + "escalations a day and three days after")
    void warningsAndEscalations() {
        Policy p = Policy.defaults("complaint", "normal");
        Instant start = at("2026-11-25T10:00");
        Instant deadline = p.handle().after(start, TIME);
        assertEquals(at("2026-12-16T10:00"), deadline, "15 working days");
        long budget = ClockPlan.budgetSeconds(start, deadline, false, TIME);
        assertEquals(15 * 7 * 3600L, budget, "15 days of 7 office hours");
        List<Instant> warnings = ClockPlan.warnings(p, start, deadline, budget, false, TIME, start);
        // A quarter left = 26.25 office hours before the deadline: 1 h on the 16th, three full days, then 4.25 h.
        assertEquals(List.of(at("2026-12-10T11:45"), at("2026-12-15T10:00")), warnings);
        assertEquals(List.of(deadline, at("2026-12-17T10:00"), at("2026-12-21T10:00")),
                ClockPlan.escalations(p, deadline, TIME));
        // Warnings already behind us are not set again.
        assertEquals(List.of(at("2026-12-15T10:00")), ClockPlan.warnings(p, start, deadline, budget, false, TIME,
                at("2026-12-11T09:00")));
    }

    @Test
    @DisplayName("an emergency runs on calendar time: sign in 30 min, handle in 2 h, through the night")
    void emergency() {
        Policy p = Policy.defaults("help", "emergency");
        Instant night = at("2026-11-28T23:00");
        assertEquals(at("2026-11-29T01:00"), p.handle().after(night, TIME));
        assertEquals(at("2026-11-28T23:30"), p.sign().after(night, TIME));
        assertEquals(List.of(at("2026-11-29T00:30")), ClockPlan.warnings(p, night, at("2026-11-29T01:00"),
                7200, true, TIME, night));
    }
}
