package org.hotline.workorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The life of an order, scenario by scenario, through the HTTP API, as the centre and the units live it. */
@Tag("storage")
class WorkOrderLifecycleTest {

    static TestServer server;
    static Orders orders;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        orders = new Orders(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The people's steps on the timeline (the clocks' own events are tested in {@code OrderClocksTest}). */
    static List<String> actions(JsonObject order) {
        return steps(order).stream().map(e -> e.getString("action")).toList();
    }

    static List<JsonObject> steps(JsonObject order) {
        return order.getJsonArray("timeline").stream().map(JsonObject.class::cast)
                .filter(e -> !e.getString("action").startsWith("clock-")).toList();
    }

    static JsonObject dispatched(String unitCode) {
        JsonObject o = orders.create("operator", orders.complaint("小区楼下烧烤店每晚营业到凌晨两点，油烟和噪声扰民。"));
        return orders.act("operator", o, "dispatch", new JsonObject().put("leadUnitId", orders.unit(unitCode)));
    }

    @Test
    @DisplayName("01 intake: a readable number, a pickup code, status ACCEPTED, version 1 as the ETag, a timeline")
    void intake() {
        TestServer.Response r = orders.createRaw("operator", orders.complaint("楼上住户装修噪声大，周末早上七点就开始施工。"));
        assertEquals(201, r.status(), r.body());
        JsonObject o = r.json();
        assertTrue(o.getString("number").matches("GD\\d{8}\\d{6,}"), o.getString("number"));
        assertTrue(o.getString("pickupCode").matches("\\d{6}"));
        assertEquals("ACCEPTED", o.getString("status"));
        assertEquals(1, o.getInteger("version"));
        assertEquals("\"1\"", r.headers().firstValue("ETag").orElse(null));
        assertEquals("138****5678", o.getJsonObject("citizen").getString("phone"), "the phone is masked");
        JsonObject full = orders.get("operator", o.getLong("id"));
        // The intake answers the order exactly as reading it does (the answer is built without reading back what a
        // new order cannot have yet).
        assertEquals(full, o);
        assertEquals(List.of("create"), actions(full));
        assertTrue(full.getJsonArray("allowedActions").contains("dispatch"));
        assertTrue(full.getJsonArray("allowedActions").contains("answer-directly"));
    }

    @Test
    @DisplayName("02 direct answer (直办): the operator answers from the knowledge base and the order closes")
    void directAnswer() {
        JsonObject o = orders.create("operator", orders.complaint("咨询住房公积金提取需要哪些材料？"));
        JsonObject closed = orders.act("operator", o, "answer-directly", new JsonObject()
                .put("text", "已告知市民：提取需身份证、银行卡及购房合同。").put("articleIds", new JsonArray().add(12)));
        assertEquals("CLOSED", closed.getString("status"));
        assertNotNull(closed.getString("closedAt"));
        JsonObject event = closed.getJsonArray("timeline").getJsonObject(1);
        assertEquals("answer-directly", event.getString("action"));
        assertEquals(new JsonArray().add(12), event.getJsonObject("details").getJsonArray("articleIds"));
    }

    @Test
    @DisplayName("03 dispatch → sign → reply → approve → callback → closed, each step on the timeline with its actor")
    void happyPath() {
        JsonObject o = dispatched("zjj");
        assertEquals("DISPATCHED", o.getString("status"));
        assertNotNull(o.getJsonObject("deadlines").getString("sign"));
        assertNotNull(o.getJsonObject("deadlines").getString("handle"));
        o = orders.act("handler-zjj", orders.get("handler-zjj", o.getLong("id")), "sign", null);
        assertEquals("SIGNED", o.getString("status"));
        o = orders.act("handler-zjj", o, "reply", new JsonObject().put("text", "已约谈商户，调整营业时间至22点。")
                .put("policy", "《江城市市容和环境卫生管理条例》第二十条"));
        assertEquals("REPLIED", o.getString("status"));
        o = orders.act("reviewer", orders.get("reviewer", o.getLong("id")), "approve-reply", null);
        assertEquals("CALLBACK", o.getString("status"));
        o = orders.act("reviewer", o, "callback", new JsonObject().put("resolved", true)
                .put("satisfaction", "satisfied").put("note", "市民表示满意"));
        assertEquals("CLOSED", o.getString("status"));
        assertEquals(List.of("create", "dispatch", "sign", "reply", "approve-reply", "callback"), actions(o));
        JsonObject sign = steps(o).get(2);
        assertEquals("handler-zjj".equals(sign.getJsonObject("actor").getString("name")) ? "" : "DISPATCHED",
                sign.getString("fromStatus"));
        assertEquals("SIGNED", sign.getString("toStatus"));
        assertEquals("unit_handler", sign.getJsonObject("actor").getString("role"));
    }

    @Test
    @DisplayName("04 return → approve → re-dispatch: the wrong unit hands it back with a reason, the right one gets it")
    void returnAndRedispatch() {
        JsonObject o = dispatched("zjj");
        o = orders.act("handler-zjj", orders.get("handler-zjj", o.getLong("id")), "return", new JsonObject()
                .put("reason", "not_our_responsibility").put("text", "噪声扰民属城管执法范围。"));
        assertEquals("RETURNED", o.getString("status"));
        o = orders.act("dispatcher", orders.get("dispatcher", o.getLong("id")), "approve-return",
                new JsonObject().put("leadUnitId", orders.unit("cgj")));
        assertEquals("DISPATCHED", o.getString("status"));
        assertEquals(orders.unit("cgj"), o.getJsonObject("leadUnit").getLong("id"));
        assertEquals(404, server.get("/api/v1/work-orders/" + o.getLong("id"), orders.token("handler-zjj")).status(),
                "the unit that returned it no longer sees it");
        assertEquals(200, server.get("/api/v1/work-orders/" + o.getLong("id"), orders.token("handler-cgj")).status());
    }

    @Test
    @DisplayName("05 a rejected return goes back to the unit in the status it had")
    void rejectReturn() {
        JsonObject o = dispatched("zjj");
        o = orders.act("handler-zjj", orders.get("handler-zjj", o.getLong("id")), "sign", null);
        o = orders.act("handler-zjj", o, "return", new JsonObject().put("reason", "other").put("text", "人手不足"));
        o = orders.act("dispatcher", orders.get("dispatcher", o.getLong("id")), "reject-return",
                new JsonObject().put("reason", "属于贵单位职责，请继续办理。"));
        assertEquals("SIGNED", o.getString("status"));
    }

    @Test
    @DisplayName("06 extension: asked before the deadline, approved by the centre, the handle deadline moves")
    void extension() {
        JsonObject o = dispatched("zjj");
        o = orders.act("handler-zjj", orders.get("handler-zjj", o.getLong("id")), "sign", null);
        String before = o.getJsonObject("deadlines").getString("handle");
        o = orders.act("handler-zjj", o, "request-extension", new JsonObject().put("workingDays", 5)
                .put("reason", "需协调多部门现场勘查"));
        assertTrue(o.getBoolean("extensionPending"));
        assertFalse(o.getJsonArray("allowedActions").contains("request-extension"), "one request at a time");
        o = orders.act("dispatcher", orders.get("dispatcher", o.getLong("id")), "approve-extension", null);
        assertFalse(o.getBoolean("extensionPending"));
        assertTrue(o.getJsonObject("deadlines").getString("handle").compareTo(before) > 0);
        assertEquals("SIGNED", o.getString("status"));
    }

    @Test
    @DisplayName("06b a returned order takes no pending extension request with it")
    void returnWithdrawsExtension() {
        JsonObject o = dispatched("zjj");
        o = orders.act("handler-zjj", orders.get("handler-zjj", o.getLong("id")), "sign", null);
        o = orders.act("handler-zjj", o, "request-extension", new JsonObject().put("workingDays", 3)
                .put("reason", "需要时间"));
        o = orders.act("handler-zjj", o, "return", new JsonObject().put("reason", "not_our_responsibility")
                .put("text", "不属本局"));
        assertFalse(o.getBoolean("extensionPending"));
        JsonObject event = steps(o).getLast();
        assertEquals("江城市住房和城乡建设局", event.getJsonObject("details").getString("unitName"));
    }

    @Test
    @DisplayName("07 suspend and resume, each with its reason on the timeline")
    void suspendResume() {
        JsonObject o = dispatched("zjj");
        o = orders.act("handler-zjj", orders.get("handler-zjj", o.getLong("id")), "sign", null);
        o = orders.act("handler-zjj", o, "suspend", new JsonObject().put("reason", "等待司法鉴定结果"));
        assertEquals("SUSPENDED", o.getString("status"));
        o = orders.act("handler-zjj", o, "resume", null);
        assertEquals("SIGNED", o.getString("status"));
        JsonObject suspend = o.getJsonArray("timeline").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("action").equals("suspend")).findFirst().orElseThrow();
        assertEquals("等待司法鉴定结果", suspend.getString("note"));
    }

    @Test
    @DisplayName("08 reject-reply (发回重办) sends it back for re-handling and counts it")
    void rehandle() {
        JsonObject o = dispatched("zjj");
        o = orders.act("handler-zjj", orders.get("handler-zjj", o.getLong("id")), "sign", null);
        o = orders.act("handler-zjj", o, "reply", new JsonObject().put("text", "已处理"));
        o = orders.act("reviewer", orders.get("reviewer", o.getLong("id")), "reject-reply",
                new JsonObject().put("reason", "答复过于简单，未说明处理结果"));
        assertEquals("SIGNED", o.getString("status"));
        assertEquals(1, o.getInteger("rehandleCount"));
        o = orders.act("handler-zjj", orders.get("handler-zjj", o.getLong("id")), "reply",
                new JsonObject().put("text", "已现场核查并责令整改，三日后复查合格。"));
        assertEquals("REPLIED", o.getString("status"));
    }

    @Test
    @DisplayName("09 an unsuccessful callback can send the order back, or close it only with a reason")
    void dissatisfiedCallback() {
        JsonObject o = dispatched("zjj");
        o = orders.act("handler-zjj", orders.get("handler-zjj", o.getLong("id")), "sign", null);
        o = orders.act("handler-zjj", o, "reply", new JsonObject().put("text", "已处理"));
        o = orders.act("reviewer", orders.get("reviewer", o.getLong("id")), "approve-reply", null);
        TestServer.Response noReason = orders.actRaw("reviewer", o.getLong("id"), "callback", o.getInteger("version"),
                new JsonObject().put("resolved", false).put("satisfaction", "dissatisfied"));
        assertEquals(400, noReason.status());
        assertEquals("note", noReason.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        o = orders.act("reviewer", o, "callback", new JsonObject().put("resolved", false)
                .put("satisfaction", "dissatisfied").put("rehandle", true).put("note", "问题仍存在"));
        assertEquals("SIGNED", o.getString("status"));
        assertEquals(1, o.getInteger("rehandleCount"));
    }

    @Test
    @DisplayName("10 co-handling: the co-unit sees the order and gives its opinion; it cannot reply for the lead")
    void coHandling() {
        JsonObject o = orders.create("operator", orders.complaint("小区周边道路积水严重，排水管道堵塞。"));
        o = orders.act("dispatcher", o, "dispatch", new JsonObject().put("leadUnitId", orders.unit("cgj"))
                .put("coUnitIds", new JsonArray().add(orders.unit("water"))));
        JsonObject seenByCo = orders.get("handler-water", o.getLong("id"));
        assertEquals(List.of("co-reply"), seenByCo.getJsonArray("allowedActions").getList());
        TestServer.Response sign = orders.actRaw("handler-water", o.getLong("id"), "sign", seenByCo.getInteger("version"),
                null);
        assertEquals(403, sign.status(), sign.body());
        JsonObject after = orders.act("handler-water", seenByCo, "co-reply",
                new JsonObject().put("text", "已安排疏通排水管道，同意由城管局主办。"));
        JsonObject co = after.getJsonArray("assignments").stream().map(JsonObject.class::cast)
                .filter(a -> a.getString("role").equals("co")).findFirst().orElseThrow();
        assertNotNull(co.getString("repliedAt"));
        assertEquals("DISPATCHED", after.getString("status"), "an opinion does not move the order");
    }

    @Test
    @DisplayName("11 sub-dispatch: the district passes the order to its street office, which signs and replies; "
            + "the district still sees it")
    void subDispatch() {
        JsonObject o = dispatched("jiangbei");
        o = orders.act("handler-jiangbei", orders.get("handler-jiangbei", o.getLong("id")), "sign", null);
        o = orders.act("handler-jiangbei", o, "sub-dispatch",
                new JsonObject().put("unitId", orders.unit("jiangbei-binjiang")));
        assertEquals("DISPATCHED", o.getString("status"));
        assertEquals(orders.unit("jiangbei-binjiang"), o.getJsonObject("handlerUnit").getLong("id"));
        JsonObject street = orders.get("handler-jiangbei-binjiang", o.getLong("id"));
        street = orders.act("handler-jiangbei-binjiang", street, "sign", null);
        street = orders.act("handler-jiangbei-binjiang", street, "reply",
                new JsonObject().put("text", "社区网格员已上门协调，商户承诺整改。"));
        assertEquals("REPLIED", street.getString("status"));
        assertEquals(200, server.get("/api/v1/work-orders/" + o.getLong("id"),
                orders.token("handler-jiangbei")).status());
        TestServer.Response notBelow = orders.actRaw("handler-zjj", o.getLong("id"), "sign", 1, null);
        assertEquals(404, notBelow.status(), "another unit does not even learn the order exists");
    }

    @Test
    @DisplayName("12 merge and unmerge: a duplicate follows its parent, reversibly")
    void mergeUnmerge() {
        JsonObject parent = orders.create("operator", orders.complaint("青山路路灯不亮已有一周。"));
        JsonObject dup = orders.create("operator2", orders.complaint("青山路路灯坏了，晚上很黑。"));
        JsonObject merged = orders.act("operator2", dup, "merge", new JsonObject().put("parentId", parent.getLong("id")));
        assertEquals("MERGED", merged.getString("status"));
        assertEquals(parent.getLong("id"), merged.getLong("parentId"));
        TestServer.Response intoMerged = orders.actRaw("operator", parent.getLong("id"), "merge", 1,
                new JsonObject().put("parentId", dup.getLong("id")));
        assertEquals(400, intoMerged.status(), "no merging into a merged order");
        JsonObject back = orders.act("operator2", merged, "unmerge", null);
        assertEquals("ACCEPTED", back.getString("status"));
        assertNull(back.getValue("parentId"));
    }

    @Test
    @DisplayName("13 reopen: only the centre, only with a reason; the order goes back to the unit with a fresh clock")
    void reopen() {
        JsonObject o = orders.create("operator", orders.complaint("咨询垃圾分类投放时间。"));
        o = orders.act("operator", o, "answer-directly", new JsonObject().put("text", "已告知投放时间。"));
        TestServer.Response noReason = orders.actRaw("dispatcher", o.getLong("id"), "reopen", o.getInteger("version"),
                null);
        assertEquals(400, noReason.status());
        TestServer.Response byOperator = orders.actRaw("operator", o.getLong("id"), "reopen", o.getInteger("version"),
                new JsonObject().put("reason", "市民再次来电"));
        assertEquals(403, byOperator.status());
        o = orders.act("dispatcher", o, "reopen", new JsonObject().put("reason", "市民反映答复有误"));
        assertEquals("ACCEPTED", o.getString("status"));
        assertNull(o.getString("closedAt"));

        JsonObject handled = dispatched("zjj");
        handled = orders.act("handler-zjj", orders.get("handler-zjj", handled.getLong("id")), "sign", null);
        handled = orders.act("handler-zjj", handled, "reply", new JsonObject().put("text", "已处理"));
        handled = orders.act("reviewer", orders.get("reviewer", handled.getLong("id")), "approve-reply", null);
        handled = orders.act("reviewer", handled, "callback", new JsonObject().put("resolved", true)
                .put("satisfaction", "basically_satisfied"));
        handled = orders.act("reviewer", handled, "reopen", new JsonObject().put("reason", "问题复发"));
        assertEquals("DISPATCHED", handled.getString("status"));
        assertEquals(orders.unit("zjj"), handled.getJsonObject("leadUnit").getLong("id"));
    }

    @Test
    @DisplayName("14 an action the status does not allow answers 409 naming the status and what is allowed")
    void illegalTransition() {
        JsonObject o = orders.create("operator", orders.complaint("反映菜市场占道经营。"));
        TestServer.Response r = orders.actRaw("reviewer", o.getLong("id"), "approve-reply", o.getInteger("version"),
                null);
        assertEquals(409, r.status(), r.body());
        JsonObject p = r.json();
        assertEquals(409, p.getInteger("status"));
        assertEquals("ACCEPTED", p.getString("orderStatus"));
        assertTrue(p.getJsonArray("allowedActions").contains("dispatch"), p.encode());
        assertTrue(p.getString("detail").contains("ACCEPTED"));
        assertEquals(1, orders.get("operator", o.getLong("id")).getInteger("version"), "nothing changed");
    }

    @Test
    @DisplayName("15 a stale If-Match answers 412, a missing one 428; the order is untouched")
    void versions() {
        JsonObject o = orders.create("operator", orders.complaint("反映公交车站台破损。"));
        orders.act("operator", o, "dispatch", new JsonObject().put("leadUnitId", orders.unit("bus")));
        TestServer.Response stale = orders.actRaw("operator", o.getLong("id"), "urge", 1, null);
        assertEquals(412, stale.status(), stale.body());
        TestServer.Response missing = server.send(server.request("/api/v1/work-orders/" + o.getLong("id")
                        + "/actions/urge", orders.token("operator")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(428, missing.status(), missing.body());
    }

    @Test
    @DisplayName("16 inboxes count what waits for whom; lists filter by box within the caller's scope")
    void inboxes() {
        JsonObject o = dispatched("cgj");
        JsonObject unitCounts = server.get("/api/v1/work-orders/inbox", orders.token("handler-cgj")).json();
        assertEquals("unit", unitCounts.getString("scope"));
        assertTrue(unitCounts.getJsonObject("counts").getInteger("to-sign") >= 1, unitCounts.encode());
        JsonObject page = server.get("/api/v1/work-orders?box=to-sign&limit=200", orders.token("handler-cgj")).json();
        assertTrue(page.getJsonArray("items").stream().map(JsonObject.class::cast)
                .anyMatch(i -> i.getLong("id").equals(o.getLong("id"))));
        JsonObject centre = server.get("/api/v1/work-orders/inbox", orders.token("dispatcher")).json();
        assertEquals("centre", centre.getString("scope"));
        assertTrue(centre.getJsonObject("counts").containsKey("to-dispatch"));
        assertEquals(400, server.get("/api/v1/work-orders?box=to-dispatch", orders.token("handler-cgj")).status());
    }

    @Test
    @DisplayName("17 keyset pages: every order once, newest first, no matter the page size")
    void paging() {
        for (int i = 0; i < 7; i++) {
            orders.create("operator", orders.complaint("分页测试工单 " + i));
        }
        List<Long> seen = new java.util.ArrayList<>();
        Long after = null;
        do {
            JsonObject page = server.get("/api/v1/work-orders?limit=3&q=" + java.net.URLEncoder.encode("分页测试工单",
                    java.nio.charset.StandardCharsets.UTF_8) + (after == null ? "" : "&after=" + after),
                    orders.token("dispatcher")).json();
            page.getJsonArray("items").forEach(i -> seen.add(((JsonObject) i).getLong("id")));
            after = page.getLong("next");
        } while (after != null);
        assertEquals(7, seen.size(), seen.toString());
        assertEquals(seen.stream().sorted(java.util.Comparator.reverseOrder()).toList(), seen);
    }

    @Test
    @DisplayName("18 the caller's earlier orders are found by phone number, however it is written")
    void callerHistory() {
        JsonObject o = orders.create("operator", orders.complaint("第三次反映小区电梯故障。")
                .put("citizen", new JsonObject().put("name", "李四").put("phone", "139 0000 1111")));
        JsonObject page = server.get("/api/v1/citizens/orders?phone=13900001111", orders.token("operator")).json();
        assertTrue(page.getJsonArray("items").stream().map(JsonObject.class::cast)
                .anyMatch(i -> i.getLong("id").equals(o.getLong("id"))));
        assertEquals(0, server.get("/api/v1/citizens/orders?phone=13900009999", orders.token("operator")).json()
                .getJsonArray("items").size());
    }
}
