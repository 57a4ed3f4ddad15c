package org.hotline.sla;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.hotline.auth.AuthGuard;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;
import org.hotline.http.ProblemException;

/** {@code /api/v1/calendar}: deadlines in working time, and the calendar's exceptions for admins to keep. */
public final class CalendarRoutes implements ApiRouter.Routes {

    private final Db db;
    private final CalendarStore calendar;
    private final Clock clock;

    public CalendarRoutes(Db db, CalendarStore calendar, Clock clock) {
        this.db = db;
        this.calendar = calendar;
        this.clock = clock;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("calendarDeadline", this::deadline)
                .handle("listCalendarDays", this::list)
                .handle("putCalendarDay", this::put)
                .handle("deleteCalendarDay", this::delete);
    }

    private void deadline(RoutingContext rc) {
        Instant start = instant(Json.query(rc, "start"), "start");
        String days = Json.query(rc, "workingDays");
        String hours = Json.query(rc, "workingHours");
        if ((days == null) == (hours == null)) {
            throw ProblemException.badRequest("Give exactly one of workingDays and workingHours.",
                    new org.hotline.http.Problem.FieldError(days == null ? "workingDays" : "workingHours",
                            "exactly one of workingDays and workingHours"));
        }
        Json.reply(rc, db.blocking(() -> {
            WorkingTime t = calendar.workingTime();
            Instant deadline = days != null ? t.plusWorkingDays(start, Integer.parseInt(days))
                    : t.plusWorkingHours(start, Duration.ofMinutes(Math.round(Double.parseDouble(hours) * 60)));
            return new JsonObject().put("start", start.toString()).put("deadline", deadline.toString());
        }));
    }

    private void list(RoutingContext rc) {
        int year = Integer.parseInt(Json.query(rc, "year"));
        Json.reply(rc, db.read(dsl -> {
            JsonArray items = new JsonArray();
            calendar.days(dsl, year).forEach(d -> items.add(new JsonObject().put("date", d.date().toString())
                    .put("kind", d.kind().name()).put("name", d.name())));
            return new JsonObject().put("year", year).put("entered", !items.isEmpty()).put("days", items);
        }));
    }

    private void put(RoutingContext rc) {
        LocalDate date = date(Json.pathParam(rc, "date"));
        JsonObject b = Json.body(rc);
        WorkCalendar.Day day = new WorkCalendar.Day(date, WorkCalendar.Kind.valueOf(b.getString("kind")),
                b.getString("name"));
        long userId = AuthGuard.principal(rc).userId();
        Json.reply(rc, db.tx(dsl -> {
            calendar.put(dsl, day, userId, clock.instant());
            return new JsonObject().put("date", date.toString()).put("kind", day.kind().name()).put("name", day.name());
        }));
    }

    private void delete(RoutingContext rc) {
        LocalDate date = date(Json.pathParam(rc, "date"));
        db.tx(dsl -> calendar.remove(dsl, date)).onSuccess(removed -> {
            if (!removed) {
                rc.fail(ProblemException.notFound("No entry for " + date + "."));
            } else {
                rc.response().setStatusCode(204).end();
            }
        }).onFailure(rc::fail);
    }

    private static Instant instant(String s, String field) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException | NullPointerException e) {
            try {
                return java.time.OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException | NullPointerException e2) {
                throw ProblemException.field(field, "an ISO-8601 instant such as 2026-09-30T10:00:00+08:00");
            }
        }
    }

    private static LocalDate date(String s) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw ProblemException.field("date", "a date such as 2027-01-01");
        }
    }
}
