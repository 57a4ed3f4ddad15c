package org.hotline.demo;

import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.hotline.db.generated.Tables.WORK_ORDER_EVENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.hotline.assessment.AssessmentLedger;
import org.hotline.config.CoreOptions;
import org.hotline.testing.TestServer;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo's history as start-dev loads it by default (not timed here; the first-start budget is measured on the
 * launcher): a year of closed orders before the live ones, each with its timeline, counted for assessment so that
 * past months rank units differently.
 */
@Tag("storage")
class DemoHistoryTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static TestServer server;
    static Instant started;

    @BeforeAll
    static void start() {
        started = Instant.now();
        server = TestServer.start(Map.of("demo-history", CoreOptions.DEMO_HISTORY.defaultValue(),
                "demo-orders", "0"), null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** History orders: every order here (the live ones are left out: {@code demo-orders=0}). */
    static org.jooq.Condition history() {
        return DSL.noCondition();
    }

    @Test
    @DisplayName("at least 50,000 closed orders over the 12 months before the live ones, 140–200 a day on average, "
            + "busier on weekdays and in summer")
    void aYearOfOrders() {
        var dsl = server.hotline().database().dsl();
        int count = dsl.fetchCount(WORK_ORDER, history());
        assertTrue(count >= 50_000, "history orders: " + count);
        assertEquals(count, dsl.fetchCount(WORK_ORDER, history().and(WORK_ORDER.STATUS.eq("CLOSED"))),
                "every one closed");
        var span = dsl.select(DSL.min(WORK_ORDER.CREATED_AT), DSL.max(WORK_ORDER.CREATED_AT)).from(WORK_ORDER)
                .where(history()).fetchOne();
        Instant liveStart = started.minus(Duration.ofDays(DemoData.DEMO_DAYS));
        assertTrue(Duration.between(span.value1(), liveStart).toDays() >= 364, "starts a year before: " + span);
        assertTrue(Duration.between(span.value2(), liveStart).toHours() < 24
                && span.value2().isBefore(Instant.now().minus(Duration.ofDays(DemoData.DEMO_DAYS))),
                "ends just before the live ones: " + span);

        Map<LocalDate, Integer> perDay = new TreeMap<>();
        dsl.select(WORK_ORDER.CREATED_AT).from(WORK_ORDER).where(history())
                .forEach(r -> perDay.merge(r.value1().atZone(ZONE).toLocalDate(), 1, Integer::sum));
        double average = perDay.values().stream().mapToInt(Integer::intValue).average().orElse(0);
        assertTrue(average >= 140 && average <= 200, "orders a day: " + average);
        DoubleSummaryStatistics weekdays = perDay.entrySet().stream()
                .filter(e -> e.getKey().getDayOfWeek().getValue() <= 5).mapToDouble(Map.Entry::getValue)
                .summaryStatistics();
        DoubleSummaryStatistics weekends = perDay.entrySet().stream()
                .filter(e -> e.getKey().getDayOfWeek() == DayOfWeek.SATURDAY
                        || e.getKey().getDayOfWeek() == DayOfWeek.SUNDAY).mapToDouble(Map.Entry::getValue)
                .summaryStatistics();
        assertTrue(weekdays.getAverage() > weekends.getAverage() * 1.15, "weekdays " + weekdays.getAverage()
                + " against weekends " + weekends.getAverage());
        Map<YearMonth, Double> perMonth = perDay.entrySet().stream().collect(Collectors.groupingBy(
                e -> YearMonth.from(e.getKey()), TreeMap::new, Collectors.averagingInt(Map.Entry::getValue)));
        perMonth.remove(YearMonth.from(perDay.keySet().iterator().next()));
        perMonth.remove(YearMonth.from(((TreeMap<LocalDate, Integer>) perDay).lastKey()));
        assertTrue(perMonth.size() >= 11, "whole months: " + perMonth.keySet());
        double busiest = perMonth.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double quietest = perMonth.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertTrue(busiest > quietest * 1.15, "the months differ: " + perMonth);
        System.out.println("[hotline-test] demo history: " + count + " orders, " + String.format("%.0f", average)
                + " a day; per month " + perMonth.entrySet().stream().map(e -> e.getKey() + "=" + Math.round(
                e.getValue())).toList());
    }

    @Test
    @DisplayName("each has its timeline — created, dispatched, signed, replied, called back, answered on the spot, "
            + "some returned, sent back, late or overdue — and the assessment table is what the timelines say")
    void timelines() {
        var db = server.hotline().database();
        var dsl = db.dsl();
        var e = WORK_ORDER_EVENT;
        Map<String, Integer> actions = new HashMap<>();
        dsl.select(e.ACTION, DSL.count()).from(e).join(WORK_ORDER).on(WORK_ORDER.ID.eq(e.ORDER_ID)).where(history())
                .groupBy(e.ACTION).forEach(r -> actions.put(r.value1(), r.value2()));
        int orders = dsl.fetchCount(WORK_ORDER, history());
        assertEquals(orders, actions.get("create"), "one create per order: " + actions);
        assertEquals(orders, actions.get("dispatch") - actions.get("return") + actions.get("answer-directly"),
                "each dispatched to its final unit or answered on the spot: " + actions);
        for (String a : List.of("sign", "reply", "callback", "return", "reject-reply", "clock-met", "clock-late",
                "clock-breached")) {
            assertTrue(actions.getOrDefault(a, 0) > 0, "no " + a + " in " + actions);
        }
        double answered = (double) actions.get("answer-directly") / orders;
        assertTrue(answered > 0.2 && answered < 0.5, "answered on the spot: " + answered);
        double late = (double) actions.get("clock-late") / (actions.get("clock-late") + actions.get("clock-met"));
        assertTrue(late > 0.03 && late < 0.3, "late clocks: " + late);
        assertEquals(0, dsl.fetchCount(WORK_ORDER, history().and(DSL.notExists(DSL.selectOne().from(e)
                .where(e.ORDER_ID.eq(WORK_ORDER.ID)).and(e.ACTION.in("callback", "answer-directly"))))),
                "every order called back or answered on the spot");
        System.out.println("[hotline-test] demo history events: " + new TreeMap<>(actions));

        AssessmentLedger ledger = new AssessmentLedger(ZONE);
        Map<AssessmentLedger.Key, long[]> stored = db.transaction(ledger::stored);
        Map<AssessmentLedger.Key, long[]> recomputed = db.transaction(ledger::recompute);
        assertEquals(recomputed.size(), stored.size(), "rows");
        recomputed.forEach((k, v) -> assertTrue(java.util.Arrays.equals(v, stored.get(k)), "row " + k + ": "
                + java.util.Arrays.toString(v) + " recomputed, " + java.util.Arrays.toString(stored.get(k))
                + " stored"));
    }

    @Test
    @DisplayName("past months rank units with different rates, and the ranking changes from month to month")
    void rankings() {
        String leader = server.login("leader", "demo");
        YearMonth last = YearMonth.from(started.minus(Duration.ofDays(DemoData.DEMO_DAYS + 35)).atZone(ZONE));
        Map<YearMonth, Map<String, Integer>> ranks = new TreeMap<>();
        for (YearMonth month : List.of(last.minusMonths(8), last.minusMonths(4), last)) {
            JsonObject body = server.get("/api/v1/assessment?period=" + month, leader).json();
            JsonArray units = body.getJsonArray("units");
            List<JsonObject> scored = units.stream().map(o -> (JsonObject) o)
                    .filter(u -> u.getValue("score") != null && u.getLong("received") >= 15).toList();
            assertTrue(scored.size() >= 40, month + ": units ranked on 15 orders or more: " + scored.size());
            for (String rate : List.of("onTimeSigningRate", "onTimeCompletionRate", "responseRate", "resolutionRate",
                    "satisfactionRate", "rehandlingRate")) {
                DoubleSummaryStatistics s = scored.stream().filter(u -> u.getValue(rate) != null)
                        .mapToDouble(u -> u.getDouble(rate)).summaryStatistics();
                assertTrue(s.getMax() - s.getMin() >= 0.08, month + " " + rate + " varies: " + s);
                assertTrue(s.getMax() <= 1 && s.getMin() >= 0, month + " " + rate + ": " + s);
            }
            DoubleSummaryStatistics scores = scored.stream().mapToDouble(u -> u.getDouble("score"))
                    .summaryStatistics();
            assertTrue(scores.getMax() - scores.getMin() >= 10, month + " scores vary: " + scores);
            assertTrue(units.stream().map(o -> (JsonObject) o).anyMatch(u -> u.getLong("overdue") > 0),
                    month + ": someone was overdue");
            assertTrue(units.stream().map(o -> (JsonObject) o).anyMatch(u -> u.getDouble("returnRate") != null
                    && u.getDouble("returnRate") > 0), month + ": someone returned an order");
            Set<String> kinds = scored.stream().map(u -> u.getString("unitKind")).collect(Collectors.toSet());
            assertTrue(kinds.containsAll(Set.of("district_government", "street_office", "city_bureau", "enterprise")),
                    month + ": every kind of unit ranked: " + kinds);
            JsonObject centre = body.getJsonObject("centre");
            assertTrue(centre.getLong("taken") > 3000, month + ": taken " + centre);
            ranks.put(month, scored.stream().collect(Collectors.toMap(u -> u.getString("unitName"),
                    u -> u.getInteger("rank"))));
        }
        List<Map<String, Integer>> months = List.copyOf(ranks.values());
        long moved = months.get(0).keySet().stream().filter(u -> months.stream().allMatch(m -> m.containsKey(u)))
                .filter(u -> months.stream().map(m -> m.get(u)).distinct().count() > 1).count();
        assertTrue(moved >= 10, "units whose rank changed over the months: " + moved + " " + ranks);
    }
}
