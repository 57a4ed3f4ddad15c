package org.hotline.assessment;

import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
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
 * The running assessment totals — the unit × day × category × area table and its unit × day and unit × month
 * rollups — equal a full recomputation from the timelines, after random lives of many orders (dispatch, sign, reply,
 * review, callback, return, direct answers, deadlines passing) and after exclusions; the sums over any period, read
 * from whole months and single days, equal the same sums of the fine table; the dashboard's tiles read the same
 * numbers; and concurrent writers on the same rows neither deadlock nor lose a count.
 */
@Tag("storage")
class AssessmentLedgerTest {

    static final String[] UNITS = {"zjj", "cgj", "water"};

    @Test
    @DisplayName("aggregates equal a full recomputation after random operations, and after excluding an order")
    void runningTotalsEqualRecomputation() throws Exception {
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
            assertRollupsEqualRecomputation(db, ledger);
            // Moved into the tables, the journal empty: the tables alone say the same.
            foldAll(db, ledger);
            assertEquals(0, db.dsl().fetchCount(org.hotline.db.generated.Tables.ASSESSMENT_JOURNAL));
            assertEquals(text(db.transaction(ledger::recompute)), text(db.transaction(ledger::stored)));
            assertRollupsEqualRecomputation(db, ledger);

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
            assertRollupsEqualRecomputation(db, ledger);
            assertTrue(db.<Boolean>transaction(dsl -> ledger.include(dsl, excluded)));
            assertEquals(text(stored), text(db.transaction(ledger::stored)), "included again: as before");
            assertRollupsEqualRecomputation(db, ledger);

            assertDashboardReadsTheTables(server, orders, db, ledger, clock);
            assertRollupsEqualRecomputation(db, ledger);
        }
    }

    /** Every table the ledger keeps equals the recomputation from the timelines. */
    private static void assertRollupsEqualRecomputation(org.hotline.db.Database db, AssessmentLedger ledger) {
        Map<AssessmentLedger.Key, long[]> recomputed = db.transaction(ledger::recompute);
        assertEquals(text(recomputed), text(db.transaction(ledger::stored)), "assessment_day");
        Map<AssessmentLedger.UnitDay, long[]> unitDays = AssessmentLedger.unitDays(recomputed);
        assertFalse(unitDays.isEmpty());
        assertEquals(text(unitDays), text(db.transaction(ledger::storedUnitDays)), "assessment_unit_day");
        assertEquals(text(AssessmentLedger.unitMonths(recomputed)), text(db.transaction(ledger::storedUnitMonths)),
                "assessment_unit_month");
        assertPeriodSumsEqualFineTable(db, recomputed);
    }

    /**
     * {@link AssessmentRoutes#counts} reads whole months from the month rollup and the other days from the day rollup:
     * over a whole month, a month and a half, a range across a month's end, a week and the year, it gives what the
     * fine table sums to.
     */
    private static void assertPeriodSumsEqualFineTable(org.hotline.db.Database db,
                                                       Map<AssessmentLedger.Key, long[]> fine) {
        LocalDate first = fine.keySet().stream().map(AssessmentLedger.Key::day).min(LocalDate::compareTo).orElseThrow();
        LocalDate last = fine.keySet().stream().map(AssessmentLedger.Key::day).max(LocalDate::compareTo).orElseThrow();
        assertTrue(first.getMonthValue() != last.getMonthValue(), "the lives span more than one month");
        LocalDate month = first.withDayOfMonth(1);
        List<LocalDate[]> ranges = List.of(
                new LocalDate[] {month, month.plusMonths(1).minusDays(1)},
                new LocalDate[] {month, month.plusMonths(1).withDayOfMonth(15)},
                new LocalDate[] {first.plusDays(3), last.minusDays(2)},
                new LocalDate[] {month.plusMonths(1).minusDays(3), month.plusMonths(1).plusDays(3)},
                new LocalDate[] {first, first.plusDays(6)},
                new LocalDate[] {LocalDate.of(first.getYear(), 1, 1), LocalDate.of(first.getYear(), 12, 31)});
        for (LocalDate[] r : ranges) {
            Map<Long, long[]> expected = new TreeMap<>();
            fine.forEach((k, v) -> {
                if (!k.day().isBefore(r[0]) && !k.day().isAfter(r[1])) {
                    long[] sum = expected.computeIfAbsent(k.unitId(), u -> new long[v.length]);
                    Arrays.setAll(sum, i -> sum[i] + v[i]);
                }
            });
            expected.values().removeIf(v -> Arrays.stream(v).allMatch(x -> x == 0));
            Map<Long, long[]> actual = new TreeMap<>();
            db.transaction(dsl -> AssessmentRoutes.counts(dsl, r[0], r[1])).forEach((unit, c) -> {
                long[] v = {c.received(), c.signMet(), c.signLate(), c.handleMet(), c.handleLate(), c.rated(),
                    c.contactRated(), c.contacted(), c.resolved(), c.satisfied(), c.returned(), c.replies(),
                    c.rehandled(), c.overdue(), c.taken(), c.answeredDirectly()};
                if (Arrays.stream(v).anyMatch(x -> x != 0)) {
                    actual.put(unit, v);
                }
            });
            assertEquals(text(expected), text(actual), r[0] + " to " + r[1]);
        }
    }

    /**
     * GET /dashboard/today answers what the tables and the orders say, counted here another way: today's and the
     * month's counts from the fine table, intake per hour and channel from the orders' rows.
     */
    private static void assertDashboardReadsTheTables(TestServer server, Orders orders, org.hotline.db.Database db,
                                                      AssessmentLedger ledger, TestClock clock) {
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        // Something taken today, on another channel, at another hour.
        orders.create("operator", orders.complaint("今天的一件：路灯不亮").put("channel", "wechat"));
        clock.advance(Duration.ofMinutes(70));
        orders.create("operator", orders.complaint("今天的又一件：路灯不亮"));
        JsonObject d = server.get("/api/v1/dashboard/today", orders.token("leader")).json();
        today = LocalDate.ofInstant(clock.instant(), zone);
        assertEquals(today.toString(), d.getString("date"));

        long centre = orders.unit("center");
        Map<AssessmentLedger.Key, long[]> fine = db.transaction(ledger::stored);
        LocalDate day = today;
        long[] todays = sum(fine, k -> k.day().equals(day));
        JsonObject t = d.getJsonObject("today");
        assertEquals(todays[TimelineCounts.Count.TAKEN.ordinal()], t.getLong("taken"));
        assertTrue(t.getLong("taken") >= 2, t.encode());
        assertEquals(todays[TimelineCounts.Count.ANSWERED_DIRECTLY.ordinal()], t.getLong("answeredDirectly"));
        assertEquals(todays[TimelineCounts.Count.RECEIVED.ordinal()], t.getLong("dispatched"));
        assertEquals(todays[TimelineCounts.Count.REPLIES.ordinal()], t.getLong("replied"));
        assertEquals(todays[TimelineCounts.Count.RATED.ordinal()], t.getLong("calledBack"));
        assertEquals(todays[TimelineCounts.Count.SATISFIED.ordinal()], t.getLong("satisfied"));

        LocalDate first = today.withDayOfMonth(1);
        long[] month = sum(fine, k -> k.unitId() != centre && !k.day().isBefore(first) && !k.day().isAfter(day));
        JsonObject m = d.getJsonObject("month");
        assertEquals(month[TimelineCounts.Count.RECEIVED.ordinal()], m.getLong("received"));
        long met = month[TimelineCounts.Count.HANDLE_MET.ordinal()];
        long late = month[TimelineCounts.Count.HANDLE_LATE.ordinal()];
        if (met + late > 0) {
            assertEquals((double) met / (met + late), m.getDouble("onTimeCompletionRate"), 1e-9);
        }
        long[] centreMonth = sum(fine, k -> k.unitId() == centre && !k.day().isBefore(first) && !k.day().isAfter(day));
        assertEquals(centreMonth[TimelineCounts.Count.TAKEN.ordinal()], m.getLong("taken"));

        // Intake per hour and channel: the orders' own rows, counted in Java.
        java.time.Instant from = today.atStartOfDay(zone).toInstant();
        java.time.Instant to = today.plusDays(1).atStartOfDay(zone).toInstant();
        long[] hours = new long[24];
        Map<String, Long> channels = new TreeMap<>();
        db.dsl().select(WORK_ORDER.CREATED_AT, WORK_ORDER.CHANNEL).from(WORK_ORDER)
                .where(WORK_ORDER.CREATED_AT.ge(from)).and(WORK_ORDER.CREATED_AT.lt(to))
                .forEach(r -> {
                    hours[r.value1().atZone(zone).getHour()]++;
                    channels.merge(r.value2(), 1L, Long::sum);
                });
        JsonObject hourly = d.getJsonObject("hourly");
        for (int h = 0; h < 24; h++) {
            assertEquals(hours[h], hourly.getJsonArray("byHour").getLong(h), "hour " + h);
        }
        assertEquals(new JsonObject(new java.util.LinkedHashMap<>(channels)), hourly.getJsonObject("byChannel"));
        assertEquals(1L, channels.get("wechat"), channels.toString());
        assertEquals(0, d.getJsonObject("calls").getLong("total"));
    }

    private static long[] sum(Map<AssessmentLedger.Key, long[]> m,
                              java.util.function.Predicate<AssessmentLedger.Key> which) {
        long[] out = new long[TimelineCounts.Count.values().length];
        m.forEach((k, v) -> {
            if (which.test(k)) {
                Arrays.setAll(out, i -> out[i] + v[i]);
            }
        });
        return out;
    }

    @Test
    @DisplayName("writers counting on the same rows at once, existing and new, with folds running beside them, neither "
            + "deadlock nor lose a count")
    void concurrentWriters() throws Exception {
        try (TestServer server = TestServer.start()) {
            Orders orders = new Orders(server);
            long orderId = orders.create("operator", orders.complaint("并发计数：路灯不亮")).getLong("id");
            long unit = orders.unit("zjj");
            long centre = orders.unit("center");
            var db = server.hotline().database();
            AssessmentLedger ledger = new AssessmentLedger(ZoneId.of("Asia/Shanghai"));
            // Today's rows exist (the order was taken today); a day a year ahead has none yet: its first writers race.
            java.time.Instant now = server.hotline().clock().instant();
            java.time.Instant later = now.plus(Duration.ofDays(400));
            Map<AssessmentLedger.UnitDay, long[]> before = db.transaction(ledger::storedUnitDays);
            int threads = 8;
            int perThread = 25;
            var pool = java.util.concurrent.Executors.newFixedThreadPool(threads + 2);
            var writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            try {
                var start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                List<java.util.concurrent.Future<?>> folds = new java.util.ArrayList<>();
                for (int f = 0; f < 2; f++) {
                    // Two folds side by side, as two nodes' would: small batches, so they overlap the writers.
                    folds.add(pool.submit(() -> {
                        start.await();
                        while (writing.get()) {
                            db.transactionReadCommitted(dsl -> ledger.fold(dsl, 7));
                        }
                        return null;
                    }));
                }
                for (int t = 0; t < threads; t++) {
                    java.time.Instant at = t % 2 == 0 ? now : later;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            db.transaction(dsl -> {
                                ledger.record(dsl, List.of(
                                        new AssessmentLedger.Entry(orderId, at, "create", null),
                                        new AssessmentLedger.Entry(orderId, at, "dispatch",
                                                new JsonObject().put("leadUnitId", unit))));
                                return null;
                            });
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (var f : done) {
                    f.get(); // a deadlock victim fails here
                }
                writing.set(false);
                for (var f : folds) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            foldAll(db, ledger);
            assertEquals(0, db.dsl().fetchCount(org.hotline.db.generated.Tables.ASSESSMENT_JOURNAL));
            Map<AssessmentLedger.UnitDay, long[]> after = db.transaction(ledger::storedUnitDays);
            int taken = TimelineCounts.Count.TAKEN.ordinal();
            int received = TimelineCounts.Count.RECEIVED.ordinal();
            for (java.time.Instant at : List.of(now, later)) {
                LocalDate day = LocalDate.ofInstant(at, ZoneId.of("Asia/Shanghai"));
                long expected = (long) threads / 2 * perThread;
                assertEquals(expected, count(after, centre, day, taken) - count(before, centre, day, taken));
                assertEquals(expected, count(after, unit, day, received) - count(before, unit, day, received));
            }
            // The fine table and the month rollup moved alike.
            var fine = db.transaction(ledger::stored);
            assertEquals(text(AssessmentLedger.unitDays(fine)), text(after));
            assertEquals(text(AssessmentLedger.unitMonths(fine)), text(db.transaction(ledger::storedUnitMonths)));
        }
    }

    /**
     * Moves the whole journal into the tables, as the background fold does (which may hold some rows meanwhile: the
     * journal is empty once it has committed too).
     */
    static void foldAll(org.hotline.db.Database db, AssessmentLedger ledger) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (db.transactionReadCommitted(dsl -> ledger.fold(dsl, 100)) > 0
                || db.dsl().fetchCount(org.hotline.db.generated.Tables.ASSESSMENT_JOURNAL) > 0) {
            assertTrue(System.nanoTime() < deadline, "the journal did not empty");
            Thread.sleep(10);
        }
    }

    private static long count(Map<AssessmentLedger.UnitDay, long[]> m, long unit, LocalDate day, int column) {
        long[] v = m.get(new AssessmentLedger.UnitDay(unit, day));
        return v == null ? 0 : v[column];
    }

    private static <K> String text(Map<K, long[]> m) {
        Map<String, String> sorted = new TreeMap<>();
        m.forEach((k, v) -> sorted.put(k.toString(), Arrays.toString(v)));
        return String.join("\n", sorted.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
    }
}
