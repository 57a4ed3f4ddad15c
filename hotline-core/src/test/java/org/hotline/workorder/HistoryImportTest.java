package org.hotline.workorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.hotline.assessment.AssessmentLedger;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * History with its handling record: each step becomes the timeline Hotline would have written — the clocks met, late
 * or breached against the deadlines given — and counts for assessment in its month like any other timeline.
 */
@Tag("storage")
class HistoryImportTest {

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

    static JsonObject step(String action, String at) {
        return new JsonObject().put("action", action).put("at", at + "+08:00");
    }

    /**
     * Sent to the wrong bureau and returned; signed late and replied late by the right one; a reply sent back by
     * review, then one re-handled after a dissatisfied callback; closed satisfied.
     */
    static JsonObject longLife() {
        return new JsonObject().put("number", "JC202506020001").put("createdAt", "2025-06-02 09:00")
                .put("content", "小区门口道路塌陷，有安全隐患").put("category", "010101").put("area", "JC0101")
                .put("reply", "已修复路面并设置警示。").put("phone", "13900001234").put("type", "complaint")
                .put("steps", new JsonArray()
                        .add(step("dispatch", "2025-06-02T09:10:00").put("unit", "zjj")
                                .put("signDeadline", "2025-06-02T11:10:00+08:00")
                                .put("handleDeadline", "2025-06-23T09:10:00+08:00"))
                        .add(step("sign", "2025-06-02T09:30:00"))
                        .add(step("return", "2025-06-02T10:00:00").put("reason", "not_our_responsibility")
                                .put("text", "不属本单位职责。"))
                        .add(step("dispatch", "2025-06-02T10:30:00").put("unit", "cgj")
                                .put("signDeadline", "2025-06-02T12:30:00+08:00")
                                .put("handleDeadline", "2025-06-03T10:30:00+08:00").put("by", "派单员 张伟"))
                        .add(step("sign", "2025-06-02T14:00:00"))
                        .add(step("reply", "2025-06-04T10:00:00").put("text", "已安排维修。"))
                        .add(step("reject-reply", "2025-06-04T11:00:00").put("reason", "未说明处理结果。")
                                .put("handleDeadline", "2025-06-06T11:00:00+08:00"))
                        .add(step("reply", "2025-06-05T10:00:00").put("text", "已修复路面。"))
                        .add(step("approve-reply", "2025-06-05T11:00:00"))
                        .add(step("callback", "2025-06-05T15:00:00").put("resolved", false)
                                .put("satisfaction", "dissatisfied").put("rehandle", true)
                                .put("note", "来电人称路面仍有积水。").put("handleDeadline", "2025-06-09T15:00:00+08:00"))
                        .add(step("reply", "2025-06-06T10:00:00"))
                        .add(step("approve-reply", "2025-06-06T11:00:00"))
                        .add(step("callback", "2025-06-06T15:00:00").put("resolved", true)
                                .put("satisfaction", "satisfied").put("contacted", true)));
    }

    @Test
    @DisplayName("steps become the order's timeline, with its clocks, assignments and counts; the counts equal a "
            + "recomputation from the timelines")
    void stepsBecomeTheTimeline() {
        String admin = orders.token("admin");
        JsonArray items = new JsonArray().add(longLife())
                .add(new JsonObject().put("createdAt", "2025-06-03 10:00").put("content", "咨询公积金提取需要什么材料")
                        .put("category", "010101").put("type", "consultation").put("reply", "已告知所需材料。")
                        .put("steps", new JsonArray().add(step("answer-directly", "2025-06-03T10:05:00"))))
                .add(new JsonObject().put("createdAt", "2025-06-04 10:00").put("closedAt", "2025-06-08 10:00")
                        .put("content", "自来水发黄").put("category", "010101").put("leadUnit", "water")
                        .put("reply", "已冲洗管网。"));
        TestServer.Response r = server.post("/api/v1/work-orders/import", admin, items.encode());
        assertEquals(200, r.status(), r.body());
        JsonArray ids = r.json().getJsonArray("ids");

        JsonObject a = orders.get("dispatcher", ids.getLong(0));
        assertEquals("CLOSED", a.getString("status"));
        assertEquals("JC202506020001", a.getString("number"));
        assertEquals(orders.unit("cgj"), a.getJsonObject("leadUnit").getLong("id"));
        assertEquals(2, a.getInteger("rehandleCount"));
        assertEquals(1, a.getInteger("transferCount"));
        assertEquals("2025-06-06T07:00:00Z", a.getString("closedAt"));
        List<String> story = a.getJsonArray("timeline").stream().map(o -> (JsonObject) o)
                .map(e -> e.getString("action") + (e.getJsonObject("details") != null
                        && e.getJsonObject("details").getString("kind") != null
                        ? ":" + e.getJsonObject("details").getString("kind") : "")).toList();
        assertEquals(List.of("create", "dispatch", "sign", "clock-met:sign", "return", "clock-stopped:handle",
                "dispatch", "clock-breached:sign", "sign", "clock-late:sign", "clock-breached:handle", "reply",
                "clock-late:handle", "reject-reply", "reply", "clock-met:handle", "approve-reply", "callback", "reply",
                "clock-met:handle", "approve-reply", "callback"), story);
        JsonObject callback = a.getJsonArray("timeline").getJsonObject(17);
        assertEquals("rehandle", callback.getJsonObject("details").getString("outcome"));
        assertEquals("SIGNED", callback.getString("toStatus"));
        JsonObject last = a.getJsonArray("timeline").getJsonObject(21);
        assertEquals("CLOSED", last.getString("toStatus"));
        assertEquals(orders.unit("cgj"), last.getJsonObject("details").getLong("unitId"));
        JsonArray assignments = a.getJsonArray("assignments");
        assertEquals(2, assignments.size(), assignments.encode());

        JsonObject b = orders.get("dispatcher", ids.getLong(1));
        assertEquals(List.of("create", "answer-directly"), b.getJsonArray("timeline").stream()
                .map(o -> ((JsonObject) o).getString("action")).toList());
        assertNull(b.getValue("leadUnit"));
        JsonObject c = orders.get("dispatcher", ids.getLong(2));
        assertEquals(List.of("imported"), c.getJsonArray("timeline").stream()
                .map(o -> ((JsonObject) o).getString("action")).toList(), "without steps: as before");

        JsonObject june = server.get("/api/v1/assessment?period=2025-06", orders.token("leader")).json();
        Map<String, JsonObject> byCode = Map.of("cgj", unit(june, orders.unit("cgj")), "zjj",
                unit(june, orders.unit("zjj")), "water", unit(june, orders.unit("water")));
        JsonObject cgj = byCode.get("cgj");
        assertEquals(1, cgj.getLong("received"));
        assertEquals(0.0, cgj.getDouble("onTimeSigningRate"));
        assertEquals(2.0 / 3, cgj.getDouble("onTimeCompletionRate"), 1e-9);
        assertEquals(2.0 / 3, cgj.getDouble("rehandlingRate"), 1e-9, "review and callback each sent one back");
        assertEquals(0.5, cgj.getDouble("resolutionRate"));
        assertEquals(0.5, cgj.getDouble("satisfactionRate"));
        assertEquals(1.0, cgj.getDouble("responseRate"));
        assertEquals(2, cgj.getLong("overdue"), "the sign and handle clocks ran out");
        JsonObject zjj = byCode.get("zjj");
        assertEquals(1, zjj.getLong("received"));
        assertEquals(1.0, zjj.getDouble("returnRate"));
        assertEquals(1.0, zjj.getDouble("onTimeSigningRate"));
        assertEquals(0, byCode.get("water").getLong("received"), "history without steps counts nothing");
        JsonObject centre = june.getJsonObject("centre");
        assertEquals(2, centre.getLong("taken"));
        assertEquals(0.5, centre.getDouble("directAnswerRate"));

        var db = server.hotline().database();
        AssessmentLedger ledger = new AssessmentLedger(OrderNumbers.ZONE);
        assertEquals(db.transaction(ledger::recompute).entrySet().stream().map(e -> e.getKey() + "="
                + java.util.Arrays.toString(e.getValue())).sorted().toList(), db.transaction(ledger::stored)
                .entrySet().stream().map(e -> e.getKey() + "=" + java.util.Arrays.toString(e.getValue())).sorted()
                .toList());
        assertEquals(AssessmentLedger.unitDays(db.transaction(ledger::recompute)).entrySet().stream()
                .map(e -> e.getKey() + "=" + java.util.Arrays.toString(e.getValue())).sorted().toList(),
                db.transaction(ledger::storedUnitDays).entrySet().stream()
                        .map(e -> e.getKey() + "=" + java.util.Arrays.toString(e.getValue())).sorted().toList(),
                "the unit × day rollup of the import equals a recomputation");
        assertEquals(AssessmentLedger.unitMonths(db.transaction(ledger::recompute)).entrySet().stream()
                .map(e -> e.getKey() + "=" + java.util.Arrays.toString(e.getValue())).sorted().toList(),
                db.transaction(ledger::storedUnitMonths).entrySet().stream()
                        .map(e -> e.getKey() + "=" + java.util.Arrays.toString(e.getValue())).sorted().toList(),
                "the unit × month rollup of the import equals a recomputation");

        // The same file again: refused by its numbers, nothing written.
        TestServer.Response again = server.post("/api/v1/work-orders/import", admin,
                new JsonArray().add(longLife()).encode());
        assertEquals(400, again.status(), again.body());
        assertTrue(again.body().contains("JC202506020001"), again.body());
    }

    static JsonObject unit(JsonObject assessment, long id) {
        return assessment.getJsonArray("units").stream().map(o -> (JsonObject) o)
                .filter(u -> u.getLong("unitId") == id).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("a handling record that could not have happened is refused, each problem named, nothing written")
    void impossibleStepsAreRefused() {
        String admin = orders.token("admin");
        JsonObject base = new JsonObject().put("createdAt", "2025-07-01 09:00").put("content", "路灯不亮")
                .put("category", "010101");
        JsonArray bad = new JsonArray()
                .add(base.copy().put("steps", new JsonArray().add(step("sign", "2025-07-01T09:10:00"))))
                .add(base.copy().put("steps", new JsonArray().add(step("dispatch", "2025-06-30T09:10:00")
                        .put("unit", "cgj"))))
                .add(base.copy().put("steps", new JsonArray().add(step("dispatch", "2025-07-01T09:10:00"))))
                .add(base.copy().put("steps", new JsonArray().add(step("dispatch", "2025-07-01T09:10:00")
                        .put("unit", "cgj")).add(step("reply", "2025-07-01T10:00:00"))
                        .add(step("callback", "2025-07-01T11:00:00").put("resolved", true))))
                .add(base.copy().put("leadUnit", "water").put("steps", new JsonArray()
                        .add(step("dispatch", "2025-07-01T09:10:00").put("unit", "cgj"))))
                .add(base.copy().put("steps", new JsonArray().add(step("teleport", "2025-07-01T09:10:00"))))
                .add(base.copy().put("steps", new JsonArray().add(step("dispatch", "2025-07-01T09:10:00")
                        .put("unit", "center"))));
        int before = server.hotline().database().dsl().fetchCount(org.hotline.db.generated.Tables.WORK_ORDER);
        TestServer.Response r = server.post("/api/v1/work-orders/import", admin, bad.encode());
        assertEquals(400, r.status(), r.body());
        List<String> fields = r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field"))
                .toList();
        assertEquals(List.of("[0].steps[0].action", "[1].steps[0].at", "[2].steps[0].unit",
                "[3].steps[2].satisfaction", "[4].leadUnit", "[5].steps[0].action", "[6].steps[0].unit"), fields,
                r.body());
        assertEquals(before, server.hotline().database().dsl().fetchCount(org.hotline.db.generated.Tables.WORK_ORDER));
    }
}
