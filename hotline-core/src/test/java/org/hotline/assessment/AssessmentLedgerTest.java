package org.hotline.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.hotline.testing.Orders;
import org.hotline.testing.TestClock;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The running assessment totals equal a full recomputation from the timelines, after random lives of many orders
 * (dispatch, sign, reply, review, callback, return, direct answers, deadlines passing) and after exclusions.
 */
@Tag("storage")
class AssessmentLedgerTest {

    static final String[] UNITS = {"zjj", "cgj", "water"};

    @Test
    @DisplayName("aggregates equal a full recomputation after random operations, and after excluding an order")
    void runningTotalsEqualRecomputation() {
        TestClock clock = new TestClock(TestClock.shanghai("2026-03-02T09:00"));
        // Weeks pass in the test: sessions must outlive them.
        try (TestServer server = TestServer.start(Map.of("session-idle-timeout", "3650d", "session-max-lifetime",
                "3650d"), null, clock)) {
            Orders orders = new Orders(server);
            Random random = new Random(20260302);
            long lastId = 0;
            for (int n = 0; n < 24; n++) {
                String unit = UNITS[random.nextInt(UNITS.length)];
                JsonObject o = orders.create("operator", orders.complaint("第" + n + "件：小区门口路灯不亮，晚上很黑"));
                lastId = o.getLong("id");
                if (random.nextInt(6) == 0) {
                    orders.act("operator", o, "answer-directly", new JsonObject().put("text", "已当场答复。"));
                    continue;
                }
                o = orders.act("dispatcher", o, "dispatch", new JsonObject().put("leadUnitId", orders.unit(unit)));
                clock.advance(Duration.ofHours(random.nextInt(30)));
                server.fireDueTimers();
                String handler = "handler-" + unit;
                o = orders.get(handler, o.getLong("id"));
                if (random.nextInt(5) == 0) {
                    orders.act(handler, o, "return", new JsonObject().put("reason", "other").put("text", "不属本单位"));
                    o = orders.get("dispatcher", o.getLong("id"));
                    orders.act("dispatcher", o, "approve-return", null);
                    continue;
                }
                o = orders.act(handler, o, "sign", null);
                clock.advance(Duration.ofHours(random.nextInt(3) == 0 ? 24 * 40 : random.nextInt(48)));
                server.fireDueTimers();
                o = orders.act(handler, orders.get(handler, o.getLong("id")), "reply",
                        new JsonObject().put("text", "已修复。"));
                o = orders.get("reviewer", o.getLong("id"));
                if (random.nextInt(4) == 0) {
                    o = orders.act("reviewer", o, "reject-reply", new JsonObject().put("reason", "答复不具体"));
                    o = orders.act(handler, orders.get(handler, o.getLong("id")), "reply",
                            new JsonObject().put("text", "已修复并回访。"));
                    o = orders.get("reviewer", o.getLong("id"));
                }
                o = orders.act("reviewer", o, "approve-reply", null);
                boolean resolved = random.nextBoolean();
                JsonObject rating = new JsonObject().put("resolved", resolved)
                        .put("satisfaction", resolved ? "satisfied" : "dissatisfied").put("note", "回访记录");
                if (random.nextBoolean()) {
                    rating.put("contacted", random.nextBoolean());
                }
                orders.act("reviewer", o, "callback", rating);
                clock.advance(Duration.ofHours(random.nextInt(10)));
            }
            AssessmentLedger ledger = new AssessmentLedger(java.time.ZoneId.of("Asia/Shanghai"));
            var db = server.hotline().database();
            Map<AssessmentLedger.Key, long[]> stored = db.transaction(ledger::stored);
            long[] total = new long[TimelineCounts.Count.values().length];
            stored.values().forEach(v -> Arrays.setAll(total, i -> total[i] + v[i]));
            assertEquals(24, total[TimelineCounts.Count.TAKEN.ordinal()], "every order taken once, at the centre");
            for (TimelineCounts.Count c : new TimelineCounts.Count[] {TimelineCounts.Count.RECEIVED,
                TimelineCounts.Count.ANSWERED_DIRECTLY, TimelineCounts.Count.SIGN_MET, TimelineCounts.Count.HANDLE_LATE,
                TimelineCounts.Count.OVERDUE, TimelineCounts.Count.RATED, TimelineCounts.Count.CONTACT_RATED,
                TimelineCounts.Count.REHANDLED, TimelineCounts.Count.RETURNED}) {
                assertTrue(total[c.ordinal()] > 0, "the random lives exercised " + c + ": " + Arrays.toString(total));
            }
            assertEquals(text(db.transaction(ledger::recompute)), text(stored));

            // The API sums the same rows: each unit's received is what the timelines say.
            String leader = orders.token("leader");
            assertEquals(400, server.get("/api/v1/assessment?period=2026-13", leader).status());
            long from = java.time.LocalDate.of(2026, 1, 1).toEpochDay();
            JsonObject year = server.get("/api/v1/assessment?period=2026", leader).json();
            for (String code : UNITS) {
                long unitId = orders.unit(code);
                long expected = stored.entrySet().stream().filter(e -> e.getKey().unitId() == unitId
                        && e.getKey().day().toEpochDay() >= from)
                        .mapToLong(e -> e.getValue()[TimelineCounts.Count.RECEIVED.ordinal()]).sum();
                JsonObject row = year.getJsonArray("units").stream().map(o -> (JsonObject) o)
                        .filter(o -> o.getLong("unitId") == unitId).findFirst().orElseThrow();
                assertEquals(expected, row.getLong("received"), code);
                assertEquals(code.equals("water") ? "enterprise" : "city_bureau", row.getString("unitKind"));
                if (row.getDouble("score") != null) {
                    assertTrue(row.getInteger("rank") >= 1, row.encode());
                }
            }
            assertEquals(403, server.get("/api/v1/assessment?period=2026", orders.token("handler-zjj")).status());

            long excluded = lastId;
            assertTrue(db.<Boolean>transaction(dsl -> ledger.exclude(dsl, excluded, "无理诉求", 1, clock.instant())));
            assertEquals(text(db.transaction(ledger::recompute)), text(db.transaction(ledger::stored)));
            assertTrue(db.<Boolean>transaction(dsl -> ledger.include(dsl, excluded)));
            assertEquals(text(stored), text(db.transaction(ledger::stored)), "included again: as before");
        }
    }

    private static String text(Map<AssessmentLedger.Key, long[]> m) {
        Map<String, String> sorted = new TreeMap<>();
        m.forEach((k, v) -> sorted.put(k.toString(), Arrays.toString(v)));
        return String.join("\n", sorted.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
    }
}
