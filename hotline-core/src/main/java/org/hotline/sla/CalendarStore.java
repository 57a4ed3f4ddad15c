package org.hotline.sla;

import static org.hotline.db.generated.Tables.CALENDAR_DAY;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.hotline.db.Database;
import org.jooq.DSLContext;

/**
 * The calendar table: seeded with the official arrangements for the years the library knows, kept by admins for
 * later years. Hands out a {@link WorkingTime} that is rebuilt whenever the table changes.
 */
public final class CalendarStore {

    private final Database db;
    private final OfficeHours hours;
    private volatile WorkingTime current;

    public CalendarStore(Database db, OfficeHours hours) {
        this.db = db;
        this.hours = hours;
    }

    /** Adds the official holidays and make-up days of every known year that has no entries yet. */
    public int seedOfficial(Instant now) {
        return db.transaction(dsl -> {
            int added = 0;
            for (int year = OfficialCalendar.FIRST_YEAR; year <= OfficialCalendar.LAST_YEAR; year++) {
                if (dsl.fetchExists(CALENDAR_DAY, CALENDAR_DAY.CALENDAR_DATE.between(LocalDate.of(year, 1, 1),
                        LocalDate.of(year, 12, 31)))) {
                    continue;
                }
                for (WorkCalendar.Day d : OfficialCalendar.exceptions(year, year)) {
                    dsl.insertInto(CALENDAR_DAY)
                            .set(CALENDAR_DAY.CALENDAR_DATE, d.date())
                            .set(CALENDAR_DAY.KIND, d.kind().name())
                            .set(CALENDAR_DAY.NAME, d.name())
                            .set(CALENDAR_DAY.UPDATED_AT, now)
                            .execute();
                    added++;
                }
            }
            return added;
        });
    }

    public WorkingTime workingTime() {
        WorkingTime w = current;
        if (w == null) {
            w = new WorkingTime(new WorkCalendar(days(db.dsl(), null)), hours);
            current = w;
        }
        return w;
    }

    /** The exceptions of {@code year}, or of every year when null. */
    public List<WorkCalendar.Day> days(DSLContext dsl, Integer year) {
        var q = dsl.selectFrom(CALENDAR_DAY);
        var rows = year == null ? q.orderBy(CALENDAR_DAY.CALENDAR_DATE).fetch()
                : q.where(CALENDAR_DAY.CALENDAR_DATE.between(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)))
                .orderBy(CALENDAR_DAY.CALENDAR_DATE).fetch();
        return rows.map(r -> new WorkCalendar.Day(r.getCalendarDate(), WorkCalendar.Kind.valueOf(r.getKind()),
                r.getName()));
    }

    /** Sets one day's exception (an admin's entry); the working time in use is rebuilt. */
    public void put(DSLContext dsl, WorkCalendar.Day day, Long userId, Instant now) {
        int updated = dsl.update(CALENDAR_DAY)
                .set(CALENDAR_DAY.KIND, day.kind().name())
                .set(CALENDAR_DAY.NAME, day.name())
                .set(CALENDAR_DAY.UPDATED_BY, userId)
                .set(CALENDAR_DAY.UPDATED_AT, now)
                .where(CALENDAR_DAY.CALENDAR_DATE.eq(day.date()))
                .execute();
        if (updated == 0) {
            dsl.insertInto(CALENDAR_DAY)
                    .set(CALENDAR_DAY.CALENDAR_DATE, day.date())
                    .set(CALENDAR_DAY.KIND, day.kind().name())
                    .set(CALENDAR_DAY.NAME, day.name())
                    .set(CALENDAR_DAY.UPDATED_BY, userId)
                    .set(CALENDAR_DAY.UPDATED_AT, now)
                    .execute();
        }
        current = null;
    }

    /** Removes a day's exception, so the Monday–Friday rule applies to it again. */
    public boolean remove(DSLContext dsl, LocalDate date) {
        boolean removed = dsl.deleteFrom(CALENDAR_DAY).where(CALENDAR_DAY.CALENDAR_DATE.eq(date)).execute() == 1;
        current = null;
        return removed;
    }
}
