package org.hotline.workorder;

import static org.hotline.db.generated.Tables.NOTIFICATION;
import static org.hotline.db.generated.Tables.ORDER_CLOCK_PAUSE;
import static org.hotline.testing.TestClock.shanghai;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.hotline.notify.Outbox;
import org.hotline.testing.Orders;
import org.hotline.testing.TestClock;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An order's clocks under its time-limit policy, on a clock the test moves: started at dispatch, met, breached,
 * paused and resumed, extended, escalated level by level, co-handlers deemed to agree, notices sent in office hours.
 * Wednesday 25 November 2026, 10:00 in Shanghai, is a working day; office hours 09:00–12:00 and 13:30–17:30.
 */
@Tag("storage")
class OrderClocksTest {

    static final TestClock CLOCK = new TestClock(shanghai("2026-11-25T10:00"));
    static TestServer server;
    static Orders orders;

    @BeforeAll
    static void start() {
        // No periodic sweeps: the test fires what is due itself, after moving the clock.
        server = TestServer.start(Map.of("timer-scan-interval", "1h", "notify-interval", "1h",
                "session-idle-timeout", "3650d", "session-max-lifetime", "3650d"), null, CLOCK);
        orders = new Orders(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void wednesdayMorning() {
        CLOCK.set("2026-11-25T10:00");
    }

    // ------------------------------------------------------------------ helpers

    JsonObject dispatched(String content, String type, String urgency, String... coUnits) {
        JsonObject body = orders.complaint(content).put("type", type).put("urgency", urgency);
        JsonObject o = orders.create("operator", body);
        JsonArray co = new JsonArray();
        for (String c : coUnits) {
            co.add(orders.unit(c));
        }
        return orders.act("dispatcher", o, "dispatch", new JsonObject().put("leadUnitId", orders.unit("zjj"))
                .put("coUnitIds", co));
    }

    static JsonObject clock(JsonObject order, String kind) {
        return order.getJsonArray("clocks").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("kind").equals(kind)).findFirst().orElseThrow(() ->
                        new AssertionError("no " + kind + " clock in " + order.getJsonArray("clocks")));
    }

    static List<JsonObject> events(JsonObject order, String action) {
        return order.getJsonArray("timeline").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("action").equals(action)).toList();
    }

    static List<JsonObject> events(JsonObject order, String action, String kind) {
        return events(order, action).stream().filter(e -> kind.equals(e.getJsonObject("details").getString("kind")))
                .toList();
    }

    static void fireDue() {
        server.fireDueTimers();
    }

    static void deliverDue() {
        server.deliverDueNotifications();
    }

    static List<JsonObject> inbox(String user, long orderId) {
        TestServer.Response r = server.get("/api/v1/notifications?limit=200", orders.token(user));
        assertEquals(200, r.status(), r.body());
        return r.json().getJsonArray("items").stream().map(JsonObject.class::cast)
                .filter(n -> Long.valueOf(orderId).equals(n.getLong("orderId"))).toList();
    }

    // ------------------------------------------------------------------ tests

    @Test
    @DisplayName("dispatch starts the sign, handle and co-handler clocks under the policy in force; signing meets "
            + "the sign clock")
    void dispatchStartsClocks() {
        JsonObject o = dispatched("时钟启动", "complaint", "normal", "cgj");
        assertEquals(shanghai("2026-11-25T12:00").toString(), clock(o, "sign").getString("deadline"), "2 working h");
        assertEquals(shanghai("2026-12-16T10:00").toString(), clock(o, "handle").getString("deadline"), "15 WD");
        assertEquals(shanghai("2026-11-27T10:00").toString(), clock(o, "opinion").getString("deadline"), "2 WD");
        assertEquals("城市管理局", clock(o, "opinion").getString("unitName").replace("江城市", ""));
        assertEquals("green", clock(o, "handle").getString("state"));
        assertEquals(15 * 7 * 3600, clock(o, "handle").getLong("remainingSeconds"), "15 days of office time left");
        List<JsonObject> started = events(o, "clock-started");
        assertEquals(3, started.size(), started.toString());
        assertTrue(started.stream().allMatch(e -> e.getJsonObject("details").getInteger("policyVersion") == 1));
        assertNotNull(o.getLong("policyId"));

        CLOCK.set("2026-11-25T11:00");
        o = orders.act("handler-zjj", orders.get("handler-zjj", o.getLong("id")), "sign", null);
        assertEquals("met", clock(o, "sign").getString("outcome"));
        assertEquals(1, events(o, "clock-met", "sign").size());
        assertEquals("running", clock(o, "handle").getString("status"));
    }

    @Test
    @DisplayName("a sign clock that runs out at noon: warned at 75 %, breached, urged once; the unit hears of it "
            + "when the office opens after lunch, not during it")
    void breachedSignClock() throws Exception {
        JsonObject o = dispatched("签收超时", "complaint", "normal");
        long id = o.getLong("id");
        CLOCK.set("2026-11-25T11:30:01");
        fireDue();
        CLOCK.set("2026-11-25T12:00:01");
        fireDue();
        fireDue();
        o = orders.get("dispatcher", id);
        assertEquals(1, events(o, "clock-warning", "sign").size(), "warned at 11:30, once");
        assertEquals(1, events(o, "clock-breached", "sign").size(), "breached once");
        List<JsonObject> urged = events(o, "clock-escalated", "sign");
        assertEquals(1, urged.size());
        assertEquals(1, urged.getFirst().getJsonObject("details").getInteger("level"));
        assertEquals("催办", urged.getFirst().getJsonObject("details").getString("label"));
        assertEquals("red", clock(o, "sign").getString("state"));
        assertEquals(1, clock(o, "sign").getInteger("level"));

        deliverDue();
        assertEquals(List.of(), inbox("handler-zjj", id), "lunch break: nobody is told yet");
        CLOCK.set("2026-11-25T13:30");
        deliverDue();
        List<JsonObject> told = inbox("handler-zjj", id);
        assertEquals(1, told.size(), "the urge; the 11:30 warning, undelivered, went stale at the breach: " + told);
        assertTrue(told.getFirst().getString("title").contains("签收超时 — 催办"), told.toString());
        assertEquals(1, server.hotline().database().dsl().fetchCount(NOTIFICATION,
                NOTIFICATION.ORDER_ID.eq(id).and(NOTIFICATION.STATUS.eq(Outbox.DROPPED))), "the warning withdrawn");
        assertEquals(List.of(), inbox("handler-cgj", id), "another unit hears nothing");

        o = orders.act("handler-zjj", orders.get("handler-zjj", id), "sign", null);
        assertEquals("late", clock(o, "sign").getString("outcome"), "signed after the deadline");
        assertEquals(1, events(o, "clock-late", "sign").size());
    }

    @Test
    @DisplayName("a hundred sign clocks running out at once fire in batches: each order breached and urged once, each "
            + "unit told once per order")
    void manyAtOnce() throws Exception {
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(dispatched("批量超时 " + i, "complaint", "normal").getLong("id"));
        }
        CLOCK.set("2026-11-25T12:00:01");
        fireDue();
        var dsl = server.hotline().database().dsl();
        var events = org.hotline.db.generated.Tables.WORK_ORDER_EVENT;
        for (String action : List.of("clock-breached", "clock-escalated")) {
            var counts = dsl.select(events.ORDER_ID, org.jooq.impl.DSL.count()).from(events)
                    .where(events.ORDER_ID.in(ids)).and(events.ACTION.eq(action))
                    .groupBy(events.ORDER_ID).fetchMap(r -> r.value1(), r -> r.value2());
            assertEquals(100, counts.size(), action + " on every order");
            assertTrue(counts.values().stream().allMatch(n -> n == 1), action + " once per order: " + counts);
        }
        assertEquals(100, dsl.fetchCount(NOTIFICATION, NOTIFICATION.ORDER_ID.in(ids)
                .and(NOTIFICATION.KIND.eq("clock-escalated"))), "one urge per order");
        fireDue();
        assertEquals(100, dsl.fetchCount(NOTIFICATION, NOTIFICATION.ORDER_ID.in(ids)
                .and(NOTIFICATION.KIND.eq("clock-escalated"))), "and no more");
    }

    @Test
    @DisplayName("an urgent order's notices go out at once, even after hours")
    void urgentNoticesAtNight() throws Exception {
        CLOCK.set("2026-11-25T17:00");
        JsonObject o = dispatched("紧急签收超时", "help", "urgent");
        long id = o.getLong("id");
        assertEquals(shanghai("2026-11-25T17:30").toString(), clock(o, "sign").getString("deadline"),
                "30 working minutes");
        CLOCK.set("2026-11-25T20:00");
        fireDue();
        deliverDue();
        assertTrue(inbox("handler-zjj", id).stream().anyMatch(n -> n.getBoolean("urgent")
                && n.getString("title").contains("签收超时")), "told at 20:00");
    }

    @Test
    @DisplayName("suspension pauses the handle clock; resuming moves the deadline by the office time it stood still, "
            + "and the pause is stored")
    void suspensionPausesTheClock() {
        JsonObject o = dispatched("挂起", "complaint", "normal");
        long id = o.getLong("id");
        o = orders.act("handler-zjj", orders.get("handler-zjj", id), "sign", null);
        o = orders.act("handler-zjj", o, "suspend", new JsonObject().put("reason", "等待鉴定结果"));
        assertEquals("paused", clock(o, "handle").getString("status"));
        assertEquals(1, events(o, "clock-paused", "handle").size());
        CLOCK.set("2026-11-26T10:00");
        o = orders.act("handler-zjj", o, "resume", null);
        JsonObject resumed = events(o, "clock-resumed", "handle").getFirst().getJsonObject("details");
        assertEquals(7 * 3600, resumed.getLong("pausedSeconds"), "one working day of office time");
        assertEquals(shanghai("2026-12-17T10:00").toString(), clock(o, "handle").getString("deadline"));
        assertEquals(clock(o, "handle").getString("deadline"), o.getJsonObject("deadlines").getString("handle"));
        long clockId = clock(o, "handle").getLong("id");
        var pause = server.hotline().database().dsl().selectFrom(ORDER_CLOCK_PAUSE)
                .where(ORDER_CLOCK_PAUSE.CLOCK_ID.eq(clockId)).fetchSingle();
        assertEquals(shanghai("2026-11-25T10:00"), pause.getPausedAt());
        assertEquals(shanghai("2026-11-26T10:00"), pause.getResumedAt());
        assertEquals(25_200L, pause.getPausedSeconds());
    }

    @Test
    @DisplayName("an approved extension moves the deadline and says so on the timeline")
    void extensionMovesTheDeadline() {
        JsonObject o = dispatched("延期", "complaint", "normal");
        long id = o.getLong("id");
        o = orders.act("handler-zjj", orders.get("handler-zjj", id), "sign", null);
        o = orders.act("handler-zjj", o, "request-extension", new JsonObject().put("workingDays", 5)
                .put("reason", "需要现场勘查"));
        o = orders.act("dispatcher", orders.get("dispatcher", id), "approve-extension", null);
        JsonObject extended = events(o, "clock-extended", "handle").getFirst().getJsonObject("details");
        assertEquals(shanghai("2026-12-16T10:00").toString(), extended.getString("deadlineBefore"));
        assertEquals(shanghai("2026-12-23T10:00").toString(), extended.getString("deadline"));
        assertEquals(shanghai("2026-12-23T10:00").toString(), clock(o, "handle").getString("deadline"));
    }

    @Test
    @DisplayName("a co-handler silent past its limit is deemed to agree (超时默认), and the lead unit is told")
    void coHandlerDeemedToAgree() throws Exception {
        JsonObject o = dispatched("会办超时", "complaint", "normal", "cgj", "sthjj");
        long id = o.getLong("id");
        orders.act("handler-cgj", orders.get("handler-cgj", id), "co-reply", new JsonObject().put("text", "同意"));
        CLOCK.set("2026-11-27T10:00:01");
        fireDue();
        o = orders.get("dispatcher", id);
        List<JsonObject> deemed = events(o, "co-opinion-deemed");
        assertEquals(1, deemed.size(), "only the silent co-handler");
        assertTrue(deemed.getFirst().getJsonObject("details").getString("unitName").contains("生态环境局"));
        JsonObject silent = o.getJsonArray("assignments").stream().map(JsonObject.class::cast)
                .filter(a -> a.getJsonObject("unit").getString("code").equals("sthjj")).findFirst().orElseThrow();
        assertEquals(OrderClocks.DEEMED_OPINION, silent.getString("opinion"));
        assertNotNull(silent.getString("repliedAt"));
        JsonObject answered = o.getJsonArray("assignments").stream().map(JsonObject.class::cast)
                .filter(a -> a.getJsonObject("unit").getString("code").equals("cgj")).findFirst().orElseThrow();
        assertEquals("同意", answered.getString("opinion"));
        assertEquals(1, events(o, "clock-met", "opinion").size(), "the co-handler that answered met its clock");
        deliverDue();
        assertTrue(inbox("handler-zjj", id).stream().anyMatch(n -> n.getString("title").contains("视为同意")));
    }

    @Test
    @DisplayName("policies are versioned: an order keeps the version it was dispatched under, new orders get the new "
            + "one; a category override applies below its category until retired")
    void versionedPolicies() {
        JsonObject before = dispatched("旧政策", "report", "normal");
        assertEquals(shanghai("2026-12-16T10:00").toString(), clock(before, "handle").getString("deadline"));

        JsonObject rules = org.hotline.sla.Policy.defaults("report", "normal").toJson()
                .put("handle", new JsonObject().put("amount", 10).put("unit", "working_days"));
        TestServer.Response put = put("/api/v1/sla/policies", new JsonObject().put("type", "report")
                .put("urgency", "normal").put("rules", rules).put("note", "举报类办理时限缩短为10个工作日"));
        assertEquals(200, put.status(), put.body());
        assertEquals(2, put.json().getInteger("version"));

        JsonObject after = dispatched("新政策", "report", "normal");
        assertEquals(shanghai("2026-12-09T10:00").toString(), clock(after, "handle").getString("deadline"));
        assertNotEquals(before.getLong("policyId"), after.getLong("policyId"));

        // Transferred after the change, the old order starts fresh clocks under the version it was dispatched with.
        JsonObject moved = orders.act("dispatcher", orders.get("dispatcher", before.getLong("id")), "transfer",
                new JsonObject().put("leadUnitId", orders.unit("cgj")).put("reason", "职责调整"));
        assertEquals(before.getLong("policyId"), moved.getLong("policyId"));
        assertEquals(2, events(moved, "clock-started", "sign").size(), "re-dispatch starts a fresh sign clock");
        assertEquals(2, events(moved, "clock-stopped").size(), "the first unit's sign and handle clocks stopped");
        assertEquals("城市管理局", clock(moved, "sign").getString("unitName").replace("江城市", ""));
        assertEquals(shanghai("2026-12-16T10:00").toString(), clock(moved, "handle").getString("deadline"));

        long category = orders.category("020101");
        JsonObject override = org.hotline.sla.Policy.defaults("report", "normal").toJson()
                .put("handle", new JsonObject().put("amount", 5).put("unit", "working_days"));
        put = put("/api/v1/sla/policies", new JsonObject().put("type", "report").put("urgency", "normal")
                .put("categoryId", category).put("rules", override));
        assertEquals(200, put.status(), put.body());
        long overrideId = put.json().getLong("id");
        assertEquals(shanghai("2026-12-02T10:00").toString(),
                clock(dispatched("类别时限", "report", "normal"), "handle").getString("deadline"));

        TestServer.Response retired = server.send(server.request("/api/v1/sla/policies/" + overrideId,
                orders.token("admin")).DELETE().build());
        assertEquals(204, retired.status(), retired.body());
        assertEquals(shanghai("2026-12-09T10:00").toString(),
                clock(dispatched("撤销类别时限", "report", "normal"), "handle").getString("deadline"));

        TestServer.Response history = server.get("/api/v1/sla/policies/history?type=report&urgency=normal",
                orders.token("admin"));
        assertEquals(List.of(2, 1), history.json().getJsonArray("items").stream()
                .map(i -> ((JsonObject) i).getInteger("version")).toList());
    }

    @Test
    @DisplayName("a policy with a bad limit is refused with the offending fields named, and nothing changes")
    void badPolicyRefused() {
        JsonObject rules = org.hotline.sla.Policy.defaults("praise", "normal").toJson()
                .put("handle", new JsonObject().put("amount", -3).put("unit", "working_days"))
                .put("warnings", new JsonObject().put("percent", new JsonArray().add(120)));
        TestServer.Response r = put("/api/v1/sla/policies", new JsonObject().put("type", "praise")
                .put("urgency", "normal").put("rules", rules));
        assertEquals(400, r.status(), r.body());
        List<String> fields = r.json().getJsonArray("errors").stream()
                .map(e -> ((JsonObject) e).getString("field")).toList();
        assertTrue(fields.contains("handle") && fields.contains("warnings.percent[0]"), fields.toString());
        TestServer.Response history = server.get("/api/v1/sla/policies/history?type=praise&urgency=normal",
                orders.token("admin"));
        assertEquals(1, history.json().getJsonArray("items").size(), "still version 1 only");
        assertEquals(403, put("/api/v1/sla/policies", new JsonObject().put("type", "praise").put("urgency", "normal")
                .put("rules", org.hotline.sla.Policy.defaults("praise", "normal").toJson()), "dispatcher").status());
    }

    @Test
    @DisplayName("escalation climbs level by level after the deadline: the unit is urged, then the unit above and "
            + "the supervisors are told; leadership lists orders by level, units see only their own")
    void escalationLevels() throws Exception {
        JsonObject o = dispatched("升级督办", "complaint", "normal");
        long id = o.getLong("id");
        orders.act("handler-zjj", orders.get("handler-zjj", id), "sign", null);
        CLOCK.set("2026-12-17T10:00:01");
        fireDue();
        o = orders.get("dispatcher", id);
        List<Integer> levels = events(o, "clock-escalated", "handle").stream()
                .map(e -> e.getJsonObject("details").getInteger("level")).toList();
        assertEquals(List.of(1, 2), levels, "levels 1 and 2; level 3 is two working days away");
        assertEquals(2, clock(o, "handle").getInteger("level"));

        JsonObject view = server.get("/api/v1/clocks?view=escalated", orders.token("leader")).json();
        JsonObject row = view.getJsonArray("items").stream().map(JsonObject.class::cast)
                .filter(c -> c.getJsonObject("order").getLong("id") == id).findFirst().orElseThrow();
        assertEquals(2, row.getInteger("level"));
        assertTrue(view.getJsonArray("byUnit").stream().map(JsonObject.class::cast)
                .anyMatch(u -> u.getLong("unitId") != null && u.getLong("unitId") == orders.unit("zjj")
                        && u.getInteger("overdue") >= 1));
        assertTrue(has(server.get("/api/v1/clocks?view=overdue", orders.token("handler-zjj")).json(), id));
        assertTrue(view.getJsonObject("totals").getJsonObject("byLevel").getInteger("2") >= 1, view.encode());
        assertTrue(listed("dispatcher", "overdue", id), "the centre's overdue inbox");
        // The centre's overdue count (read from the clocks alone) is the length of the list it opens.
        int overdueListed = server.get("/api/v1/work-orders?box=overdue&limit=200", orders.token("dispatcher")).json()
                .getJsonArray("items").size();
        assertEquals(overdueListed, server.get("/api/v1/work-orders/inbox", orders.token("dispatcher")).json()
                .getJsonObject("counts").getInteger("overdue"));
        assertTrue(listed("handler-zjj", "overdue-soon", id), "the unit's due-soon inbox");
        assertFalse(has(server.get("/api/v1/clocks?view=overdue", orders.token("handler-cgj")).json(), id),
                "another unit does not see it");

        deliverDue();
        assertTrue(inbox("supervisor", id).stream().anyMatch(n -> n.getString("title").contains("第 2 级")));
        assertEquals(List.of(), inbox("leader", id), "the city leadership is level 3");
        CLOCK.set("2026-12-21T10:00:01");
        fireDue();
        deliverDue();
        assertTrue(inbox("leader", id).stream().anyMatch(n -> n.getString("title").contains("第 3 级")));
    }

    @Test
    @DisplayName("the centre's callback runs on its own clock; re-handling starts a fresh handle clock")
    void callbackAndRehandleClocks() {
        JsonObject o = dispatched("回访时限", "consultation", "normal");
        long id = o.getLong("id");
        o = orders.act("handler-zjj", orders.get("handler-zjj", id), "sign", null);
        o = orders.act("handler-zjj", o, "reply", new JsonObject().put("text", "已答复"));
        assertEquals("met", clock(o, "handle").getString("outcome"));
        o = orders.act("dispatcher", orders.get("dispatcher", id), "reject-reply",
                new JsonObject().put("reason", "答复不完整"));
        assertEquals(2, events(o, "clock-started", "handle").size(), "a fresh handle clock");
        CLOCK.set("2026-11-26T10:00");
        o = orders.act("handler-zjj", orders.get("handler-zjj", id), "reply", new JsonObject().put("text", "已补充"));
        o = orders.act("dispatcher", orders.get("dispatcher", id), "approve-reply", null);
        JsonObject callback = clock(o, "callback");
        assertEquals(shanghai("2026-11-30T10:00").toString(), callback.getString("deadline"), "2 working days");
        o = orders.act("reviewer", o, "callback", new JsonObject().put("resolved", true)
                .put("satisfaction", "satisfied"));
        assertEquals("met", clock(o, "callback").getString("outcome"));
        assertTrue(o.getJsonArray("clocks").stream().map(JsonObject.class::cast)
                .noneMatch(c -> "running".equals(c.getString("status"))), "a closed order runs no clock");
    }

    @Test
    @DisplayName("a unit's inbox lists the most pressing deadline first, page by page, and 'newest' on request")
    void inboxByDeadline() {
        long normal = dispatched("一般件", "suggestion", "normal").getLong("id");
        CLOCK.set("2026-11-25T10:05");
        long urgent = dispatched("紧急件", "help", "urgent").getLong("id");
        List<Long> byDeadline = new java.util.ArrayList<>();
        Long after = null;
        do {
            JsonObject page = server.get("/api/v1/work-orders?box=to-sign&limit=2"
                    + (after == null ? "" : "&after=" + after), orders.token("handler-zjj")).json();
            page.getJsonArray("items").forEach(i -> byDeadline.add(((JsonObject) i).getLong("id")));
            after = page.getLong("next");
        } while (after != null);
        assertEquals(byDeadline.size(), new java.util.HashSet<>(byDeadline).size(), "every order once");
        JsonObject row = server.get("/api/v1/work-orders?box=to-sign&limit=200", orders.token("handler-zjj")).json()
                .getJsonArray("items").stream().map(JsonObject.class::cast)
                .filter(i -> i.getLong("id") == urgent).findFirst().orElseThrow();
        assertEquals("sign", row.getJsonObject("clock").getString("kind"), "a row shows its most pressing clock");
        assertEquals(30 * 60, row.getJsonObject("clock").getLong("remainingSeconds"), "due 10:35, seen at 10:05");
        assertTrue(byDeadline.indexOf(urgent) < byDeadline.indexOf(normal), "signed by 10:35 before by 12:00");
        List<Long> newest = server.get("/api/v1/work-orders?box=to-sign&sort=newest&limit=200",
                orders.token("handler-zjj")).json().getJsonArray("items").stream()
                .map(i -> ((JsonObject) i).getLong("id")).toList();
        assertEquals(byDeadline.size(), newest.size());
        assertTrue(newest.indexOf(urgent) < newest.indexOf(normal), "created later");
        assertEquals(urgent, newest.getFirst());
    }

    @Test
    @DisplayName("a supervisor's urge (催办) reaches the handling unit's inbox — in office hours")
    void manualUrge() throws Exception {
        JsonObject o = dispatched("人工催办", "complaint", "normal");
        long id = o.getLong("id");
        CLOCK.set("2026-11-25T12:10");
        orders.act("supervisor", orders.get("supervisor", id), "urge", new JsonObject().put("reason", "市民多次来电"));
        deliverDue();
        assertTrue(inbox("handler-zjj", id).stream().noneMatch(n -> "urge".equals(n.getString("kind"))),
                "lunch break");
        CLOCK.set("2026-11-25T13:30");
        deliverDue();
        List<JsonObject> urges = inbox("handler-zjj", id).stream().filter(n -> "urge".equals(n.getString("kind")))
                .toList();
        assertEquals(1, urges.size());
        assertEquals("市民多次来电", urges.getFirst().getString("body"));
    }

    static boolean listed(String user, String box, long orderId) {
        return server.get("/api/v1/work-orders?box=" + box + "&limit=200", orders.token(user)).json()
                .getJsonArray("items").stream().anyMatch(i -> ((JsonObject) i).getLong("id") == orderId);
    }

    static boolean has(JsonObject view, long orderId) {
        return view.getJsonArray("items").stream().map(JsonObject.class::cast)
                .anyMatch(c -> c.getJsonObject("order").getLong("id") == orderId);
    }

    static TestServer.Response put(String path, JsonObject body) {
        return put(path, body, "admin");
    }

    static TestServer.Response put(String path, JsonObject body, String user) {
        return server.send(server.request(path, orders.token(user)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    }
}
