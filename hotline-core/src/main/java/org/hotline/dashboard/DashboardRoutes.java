package org.hotline.dashboard;

import static org.hotline.db.generated.Tables.CALL_RECORD;
import static org.hotline.db.generated.Tables.ORDER_CLOCK;
import static org.hotline.db.generated.Tables.WORK_ORDER;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.hotline.assessment.AssessmentRoutes;
import org.hotline.assessment.Indicators;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;
import org.hotline.reference.ReferenceCache;
import org.hotline.supervision.SupervisionService;
import org.jooq.DSLContext;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * {@code /api/v1/dashboard}: the numbers a leader and the wall screen read at a glance. Each tile is one small query
 * over the unit × day rollup or one day's range of an index that holds every column it needs, never a scan of the
 * orders: each measured at 10,000,000 orders in BENCHMARKS.md ("Leadership dashboard").
 */
public final class DashboardRoutes implements ApiRouter.Routes {

    private final Db db;
    private final ReferenceCache reference;
    private final SupervisionService supervision;
    private final Clock clock;
    private final ZoneId zone;

    public DashboardRoutes(Db db, ReferenceCache reference, SupervisionService supervision, Clock clock, ZoneId zone) {
        this.db = db;
        this.reference = reference;
        this.supervision = supervision;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("dashboardToday", this::today);
    }

    /**
     * The tiles are independent reads — each was always its own statement, never one snapshot — so they run side by
     * side on the worker pool, each on a connection of its own: the answer takes about as long as the slowest tile,
     * not the sum of all six (at 10,000,000 orders: BENCHMARKS.md, "Leadership dashboard").
     */
    private void today(RoutingContext rc) {
        Instant now = clock.instant();
        LocalDate date = LocalDate.ofInstant(now, zone);
        Future<JsonObject> today = db.read(dsl -> todayCounts(dsl, date, centre()));
        Future<JsonObject> hourly = db.read(dsl -> hourly(dsl, date));
        Future<JsonObject> calls = db.read(dsl -> calls(dsl, date));
        Future<JsonObject> overdue = db.read(dsl -> overdueByLevel(dsl, now));
        Future<JsonObject> month = db.read(dsl -> monthRates(dsl, YearMonth.from(date), date, centre()));
        Future<JsonObject> supervised = db.read(supervision::byMode);
        Json.reply(rc, Future.all(today, hourly, calls, overdue, month, supervised).map(all -> new JsonObject()
                .put("date", date.toString()).put("at", now.atZone(zone).toOffsetDateTime().toString())
                .put("today", today.result()).put("hourly", hourly.result()).put("calls", calls.result())
                .put("overdue", overdue.result()).put("month", month.result())
                .put("supervision", supervised.result())));
    }

    /** The centre's unit (reference data: loaded from the database the first time, so on a worker thread). */
    private Long centre() {
        return reference.get().units().centre().map(u -> u.id()).orElse(null);
    }

    /**
     * Today's orders taken, answered on the spot, dispatched to units, replied and closed: today's rows of the unit ×
     * day rollup, one per unit.
     */
    public static JsonObject todayCounts(DSLContext dsl, LocalDate date, Long centre) {
        // The day's rows of the rollup and the journal's pending counts, in one statement (AssessmentRoutes.counts).
        Indicators.Counts all = Indicators.Counts.ZERO;
        for (Indicators.Counts c : AssessmentRoutes.counts(dsl, date, date).values()) {
            all = all.plus(c);
        }
        long taken = all.taken();
        long direct = all.answeredDirectly();
        return new JsonObject().put("taken", taken).put("answeredDirectly", direct)
                .put("directAnswerRate", taken == 0 ? null : (double) direct / taken)
                .put("dispatched", all.received()).put("replied", all.replies()).put("calledBack", all.rated())
                .put("satisfied", all.satisfied());
    }

    /**
     * Orders taken per hour today and by channel, by their creation time. The database counts them per hour of the
     * day (UTC) and channel over one range of {@code ix_work_order_created (created_at, channel)}, read from the index
     * alone; each UTC hour of the day is one local hour when the zone is a whole number of hours off UTC and the day
     * has 24 hours. Otherwise (a daylight-saving day, a half-hour zone) the rows of the range are counted here.
     */
    public JsonObject hourly(DSLContext dsl, LocalDate date) {
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
        long[] hours = new long[24];
        Map<String, Long> channels = new TreeMap<>();
        var range = WORK_ORDER.CREATED_AT.ge(from).and(WORK_ORDER.CREATED_AT.lt(to));
        if (Duration.between(from, to).equals(Duration.ofHours(24)) && from.getEpochSecond() % 3600 == 0) {
            int firstUtcHour = from.atZone(ZoneOffset.UTC).getHour();
            Field<Integer> utcHour = DSL.extract(WORK_ORDER.CREATED_AT, DatePart.HOUR);
            dsl.select(utcHour, WORK_ORDER.CHANNEL, DSL.count()).from(WORK_ORDER).where(range)
                    .groupBy(utcHour, WORK_ORDER.CHANNEL)
                    .forEach(r -> {
                        Instant start = from.plus(Duration.ofHours(Math.floorMod(r.value1() - firstUtcHour, 24)));
                        hours[start.atZone(zone).getHour()] += r.value3();
                        channels.merge(r.value2(), (long) r.value3(), Long::sum);
                    });
        } else {
            dsl.select(WORK_ORDER.CREATED_AT, WORK_ORDER.CHANNEL).from(WORK_ORDER).where(range)
                    .forEach(r -> {
                        hours[r.value1().atZone(zone).getHour()]++;
                        channels.merge(r.value2(), 1L, Long::sum);
                    });
        }
        JsonArray h = new JsonArray();
        for (long v : hours) {
            h.add(v);
        }
        return new JsonObject().put("byHour", h).put("byChannel", new JsonObject(new java.util.LinkedHashMap<>(
                channels)));
    }

    /**
     * Calls today: all, answered, missed (from the telephony events), over one range of
     * {@code ix_call_started (started_at, state, answered_at)}, read from the index alone.
     */
    public JsonObject calls(DSLContext dsl, LocalDate date) {
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
        var c = CALL_RECORD;
        var r = dsl.select(DSL.count(), DSL.count(c.ANSWERED_AT), DSL.count().filterWhere(c.STATE.eq("missed")))
                .from(c).where(c.STARTED_AT.ge(from)).and(c.STARTED_AT.lt(to)).fetchOne();
        return new JsonObject().put("total", r.value1()).put("answered", r.value2()).put("missed", r.value3());
    }

    /** Orders overdue now, by the escalation level their most escalated running clock reached (0 = not yet). */
    public static JsonObject overdueByLevel(DSLContext dsl, Instant now) {
        var k = ORDER_CLOCK;
        var top = DSL.max(k.LEVEL).as("top");
        var perOrder = dsl.select(k.ORDER_ID, top).from(k)
                .where(k.STATUS.eq("running")).and(k.DEADLINE.lt(now))
                .groupBy(k.ORDER_ID).asTable("o");
        JsonObject levels = new JsonObject();
        long total = 0;
        for (var r : dsl.select(perOrder.field("top", Integer.class), DSL.count()).from(perOrder)
                .groupBy(perOrder.field("top", Integer.class)).fetch()) {
            levels.put(Integer.toString(r.value1()), r.value2());
            total += r.value2();
        }
        return new JsonObject().put("orders", total).put("byLevel", levels);
    }

    /**
     * The month up to {@code asOf}, for every unit together: on-time completion, resolution and satisfaction. Read as
     * the whole month, which is the same thing (every event counts on the day it happens: no day after today has
     * counts yet) and one row per unit in the month rollup, where the days so far would be up to 31.
     */
    public static JsonObject monthRates(DSLContext dsl, YearMonth month, LocalDate asOf, Long centre) {
        LocalDate from = month.atDay(1);
        Map<Long, Indicators.Counts> counts = AssessmentRoutes.counts(dsl, from, month.atEndOfMonth());
        Indicators.Counts all = Indicators.Counts.ZERO;
        for (var e : counts.entrySet()) {
            if (!e.getKey().equals(centre)) {
                all = all.plus(e.getValue());
            }
        }
        Indicators.Counts c = counts.getOrDefault(centre, Indicators.Counts.ZERO);
        Indicators i = Indicators.of(all, Indicators.Weights.DEFAULT);
        return new JsonObject().put("from", from.toString()).put("to", asOf.toString())
                .put("received", all.received()).put("onTimeSigningRate", i.onTimeSigningRate())
                .put("onTimeCompletionRate", i.onTimeCompletionRate()).put("responseRate", i.responseRate())
                .put("resolutionRate", i.resolutionRate()).put("satisfactionRate", i.satisfactionRate())
                .put("taken", c.taken()).put("directAnswerRate", c.taken() == 0 ? null
                        : (double) c.answeredDirectly() / c.taken());
    }

    private static long n(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }
}
