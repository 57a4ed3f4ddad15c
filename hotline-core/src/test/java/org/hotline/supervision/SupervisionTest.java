package org.hotline.supervision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hotline.testing.Orders;
import org.hotline.testing.TestClock;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Supervision over HTTP, stored for real: each mode's steps, its clocks, the routine tools and the public page. */
@Tag("storage")
class SupervisionTest {

    TestClock clock;
    TestServer server;
    Orders orders;

    @BeforeEach
    void start() {
        clock = new TestClock(TestClock.shanghai("2026-11-04T10:00")); // a Wednesday, in office hours
        server = TestServer.start(Map.of("session-idle-timeout", "3650d", "session-max-lifetime", "3650d"), null,
                clock);
        orders = new Orders(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private long order(String content) {
        JsonObject o = orders.create("operator", orders.complaint(content));
        return orders.act("dispatcher", o, "dispatch", new JsonObject().put("leadUnitId", orders.unit("zjj")))
                .getLong("id");
    }

    private TestServer.Response act(String user, long id, String action, JsonObject body) {
        return server.post("/api/v1/supervisions/" + id + "/actions/" + action, orders.token(user), body.encode());
    }

    private JsonObject ok(String user, long id, String action, JsonObject body) {
        TestServer.Response r = act(user, id, action, body);
        assertEquals(200, r.status(), user + " " + action + ": " + r.body());
        return r.json();
    }

    private JsonObject create(String user, JsonObject body) {
        TestServer.Response r = server.post("/api/v1/supervisions", orders.token(user), body.encode());
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    private String at(String shanghai) {
        return shanghai + ":00+08:00";
    }

    private List<String> steps(JsonObject sv) {
        return sv.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("kind")).toList();
    }

    private List<String> inbox(String user) {
        server.deliverDueNotifications();
        return server.get("/api/v1/notifications", orders.token(user)).json().getJsonArray("items").stream()
                .map(n -> ((JsonObject) n).getString("title")).toList();
    }

    private List<String> timeline(long orderId) {
        return orders.get("supervisor", orderId).getJsonArray("timeline").stream()
                .map(e -> ((JsonObject) e).getString("action")).toList();
    }

    @Test
    @DisplayName("leadership memo: special report → instruction → assignment → unit progress → final report → "
            + "the memo's own callback → closed; the order's timeline shows it")
    void leaderMemo() {
        long o1 = order("小区二次供水水质浑浊，多次反映未解决");
        long o2 = order("同小区：自来水发黄，已三周");
        JsonObject draft = server.post("/api/v1/supervisions/draft", orders.token("supervisor"),
                new JsonObject().put("orderIds", new JsonArray().add(o1).add(o2)).encode()).json();
        assertTrue(draft.getString("title").contains("2件"), draft.encode());
        assertTrue(draft.getString("report").contains("江城市住房和城乡建设局"), draft.getString("report"));

        JsonObject sv = create("supervisor", new JsonObject().put("mode", "leader_memo")
                .put("orderIds", new JsonArray().add(o1).add(o2)).put("title", draft.getString("title"))
                .put("report", draft.getString("report")).put("deadline", at("2026-11-20T18:00")));
        long id = sv.getLong("id");
        assertEquals("open", sv.getString("status"));
        assertTrue(sv.getString("number").startsWith("督〔2026〕"));
        assertEquals(409, act("supervisor", id, "assign", new JsonObject().put("unitIds",
                new JsonArray().add(orders.unit("zjj")))).status(), "assignment waits for the instruction");
        assertEquals(403, act("handler-zjj", id, "instruct", new JsonObject()).status());
        assertEquals(404, server.get("/api/v1/supervisions/" + id, orders.token("handler-zjj")).status(),
                "a unit sees a supervision once it is given work in it");

        ok("leader", id, "instruct", new JsonObject().put("text", "请市住建局牵头，一周内解决并报告。")
                .put("leader", "周建国").put("date", "2026-11-04"));
        sv = ok("supervisor", id, "assign", new JsonObject().put("unitIds", new JsonArray().add(orders.unit("zjj")))
                .put("deadline", at("2026-11-11T18:00")).put("text", "按领导批示，一周内解决二次供水问题"));
        assertEquals("in_progress", sv.getString("status"));
        assertTrue(inbox("handler-zjj").stream().anyMatch(t -> t.startsWith("督办交办")));

        assertEquals(404, server.get("/api/v1/supervisions/" + id, orders.token("handler-jiangbei")).status());
        JsonArray mine = server.get("/api/v1/supervisions", orders.token("handler-zjj")).json().getJsonArray("items");
        assertEquals(1, mine.size());
        JsonObject unitView = server.get("/api/v1/supervisions/" + id, orders.token("handler-zjj")).json();
        assertEquals(List.of("progress"), unitView.getJsonArray("actions").getList());

        ok("handler-zjj", id, "progress", new JsonObject().put("text", "已约物业检修水箱"));
        assertEquals(409, act("supervisor", id, "final-report", new JsonObject().put("text", "x")).status(),
                "the unit is not done");
        sv = ok("handler-zjj", id, "progress", new JsonObject().put("text", "水箱已清洗，水质检测合格").put("done", true));
        assertEquals("in_progress", sv.getString("status"));
        sv = ok("supervisor", id, "final-report", new JsonObject().put("text", "二次供水问题已解决，检测合格。"));
        assertEquals("reported", sv.getString("status"));
        assertEquals(0, countPending(id), "a reported supervision's clocks stop");

        TestServer.Response early = act("leader", id, "close", new JsonObject());
        assertEquals(409, early.status());
        assertTrue(early.body().contains("2 order(s)"), early.body());
        assertEquals(400, act("reviewer", id, "callback", new JsonObject().put("orderId", o1).put("contacted", true)
                .put("satisfaction", "very")).status());
        ok("reviewer", id, "callback", new JsonObject().put("orderId", o1).put("contacted", true)
                .put("satisfaction", "satisfied"));
        ok("reviewer", id, "callback", new JsonObject().put("orderId", o2).put("contacted", false)
                .put("note", "两次未接通"));
        sv = ok("leader", id, "close", new JsonObject().put("note", "同意办结"));
        assertEquals("closed", sv.getString("status"));
        assertEquals(List.of("created", "instruct", "assigned", "status", "progress", "done", "final-report",
                "status", "callback", "callback", "close", "status"), steps(sv));
        assertTrue(sv.getJsonArray("orders").stream().allMatch(x -> ((JsonObject) x).getBoolean("calledBack")));
        List<String> t = timeline(o1);
        assertTrue(t.containsAll(List.of("supervision-started", "supervision-callback", "supervision-closed")), t
                .toString());
        assertEquals(409, act("leader", id, "urge", new JsonObject()).status(), "closed is final");
    }

    private int countPending(long id) {
        return SupervisionService.pendingTimers(server.hotline().database().dsl(), id);
    }

    @Test
    @DisplayName("on-site: action items with their own deadlines; an item overdue tells its unit; the supervision "
            + "goes overdue, escalates to the leaders a day later, and is reported when the last item is done")
    void onsiteDeadlines() {
        long o = order("工地夜间施工噪声，投诉五次未果");
        JsonObject sv = create("supervisor", new JsonObject().put("mode", "onsite").put("orderIds", new JsonArray()
                        .add(o)).put("title", "滨江花园工地夜间施工扰民现场督办").put("deadline", at("2026-11-09T18:00"))
                .put("visitDate", "2026-11-04").put("place", "滨江花园东侧工地").put("organiser", "市热线中心督查科")
                .put("attendingUnitIds", new JsonArray().add(orders.unit("zjj")).add(orders.unit("cgj")))
                .put("attendees", "住建局王科长、城管局李队长").put("findings", "22时后仍有混凝土浇筑作业")
                .put("items", new JsonArray()
                        .add(new JsonObject().put("text", "责令工地22时后停止高噪声作业").put("unitId", orders.unit("zjj"))
                                .put("deadline", at("2026-11-05T18:00")).put("orderId", o))
                        .add(new JsonObject().put("text", "夜间巡查一周").put("unitId", orders.unit("cgj"))
                                .put("deadline", at("2026-11-09T12:00")))));
        long id = sv.getLong("id");
        assertEquals("in_progress", sv.getString("status"));
        assertEquals(2, sv.getJsonArray("items").size());

        TestServer.Response bad = server.post("/api/v1/supervisions", orders.token("supervisor"), new JsonObject()
                .put("mode", "onsite").put("orderIds", new JsonArray().add(o).add(999999)).put("title", "x")
                .put("deadline", at("2026-11-01T18:00")).encode());
        assertEquals(400, bad.status());
        for (String field : List.of("deadline", "visitDate", "place", "organiser")) {
            assertTrue(bad.body().contains("\"" + field + "\""), field + ": " + bad.body());
        }

        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertEquals(201, upload(id, "image/png", png).statusCode());
        assertEquals(400, upload(id, "image/png", "<svg onload=alert(1)>".getBytes()).statusCode());
        assertEquals(400, upload(id, "image/jpeg", new byte[SupervisionService.MAX_PHOTO_BYTES + 1]).statusCode());
        JsonObject photo = server.get("/api/v1/supervisions/" + id, orders.token("supervisor")).json()
                .getJsonArray("photos").getJsonObject(0);
        HttpResponse<byte[]> got = fetchBytes("/api/v1/supervisions/" + id + "/photos/" + photo.getLong("id"));
        assertEquals("image/png", got.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(png, got.body());

        clock.set("2026-11-05T18:30");
        server.fireDueTimers();
        sv = server.get("/api/v1/supervisions/" + id, orders.token("supervisor")).json();
        assertTrue(steps(sv).contains("item-overdue"));
        assertTrue(sv.getJsonArray("items").getJsonObject(0).getBoolean("overdue"));
        assertTrue(inbox("handler-zjj").stream().anyMatch(t -> t.startsWith("督办事项已超期")));

        ok("handler-zjj", id, "progress", new JsonObject().put("text", "已下达停工整改通知").put("done", true));
        clock.set("2026-11-09T18:30");
        server.fireDueTimers();
        sv = server.get("/api/v1/supervisions/" + id, orders.token("leader")).json();
        assertEquals(1, sv.getInteger("level"));
        assertTrue(sv.getBoolean("overdue"));
        assertTrue(steps(sv).containsAll(List.of("warned", "overdue")), steps(sv).toString());
        assertFalse(inbox("leader").stream().anyMatch(t -> t.startsWith("督办超期升级")), "not yet escalated");
        JsonArray overdue = server.get("/api/v1/supervisions?overdue=true", orders.token("leader")).json()
                .getJsonArray("items");
        assertEquals(1, overdue.size());

        clock.set("2026-11-10T18:31");
        server.fireDueTimers();
        sv = server.get("/api/v1/supervisions/" + id, orders.token("leader")).json();
        assertEquals(2, sv.getInteger("level"));
        assertTrue(inbox("leader").stream().anyMatch(t -> t.startsWith("督办超期升级")));

        sv = ok("handler-cgj", id, "progress", new JsonObject().put("text", "巡查一周未见夜间施工").put("done", true));
        assertEquals("reported", sv.getString("status"), "the last item done reports the supervision");
        assertEquals(0, countPending(id));
        sv = ok("supervisor", id, "return", new JsonObject().put("reason", "复查发现仍有夜间施工")
                .put("deadline", at("2026-11-13T18:00")));
        assertEquals("in_progress", sv.getString("status"));
        assertTrue(sv.getJsonArray("items").stream().allMatch(i -> "open".equals(((JsonObject) i)
                .getString("status"))));
        assertTrue(countPending(id) > 0, "clocks run again on the new deadline");
    }

    private HttpResponse<Void> upload(long id, String type, byte[] bytes) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(java.net.URI.create(
                            server.baseUrl() + "/api/v1/supervisions/" + id + "/photos?caption=%E7%8E%B0%E5%9C%BA"))
                    .header("Authorization", "Bearer " + orders.token("supervisor")).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<byte[]> fetchBytes(String path) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(java.net.URI.create(
                            server.baseUrl() + path)).header("Authorization", "Bearer " + orders.token("supervisor"))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("meeting: decisions per agenda order with lead and co-units, minutes and rule changes; routine "
            + "tools: urge, notice, public notice, summons")
    void meetingAndTools() {
        long o1 = order("老旧小区加装电梯协调难");
        long o2 = order("小区停车位被占");
        long other = order("不在议程上的工单");
        JsonObject sv = create("leader", new JsonObject().put("mode", "meeting").put("orderIds", new JsonArray()
                        .add(o1).add(o2)).put("title", "11月疑难工单集中督办会").put("deadline", at("2026-11-30T18:00"))
                .put("meetingAt", at("2026-11-04T14:30")).put("place", "中心三楼会议室")
                .put("attendees", "住建局、城管局、江北区政府"));
        long id = sv.getLong("id");
        assertEquals("open", sv.getString("status"));
        TestServer.Response off = act("leader", id, "decision", new JsonObject().put("orderId", other)
                .put("unitId", orders.unit("zjj")).put("deadline", at("2026-11-20T18:00")).put("text", "x"));
        assertEquals(400, off.status());
        assertTrue(off.body().contains("orderId"), off.body());
        sv = ok("leader", id, "decision", new JsonObject().put("orderId", o1).put("unitId", orders.unit("zjj"))
                .put("coUnitIds", new JsonArray().add(orders.unit("jiangbei"))).put("deadline", at("2026-11-20T18:00"))
                .put("text", "住建局牵头制定加装电梯协调方案，江北区配合"));
        assertEquals("in_progress", sv.getString("status"));
        assertEquals(List.of(true, false), sv.getJsonArray("items").stream().map(i -> ((JsonObject) i)
                .getBoolean("lead")).toList());
        ok("leader", id, "decision", new JsonObject().put("orderId", o2).put("unitId", orders.unit("cgj"))
                .put("deadline", at("2026-11-15T18:00")).put("text", "城管局清理占道停车"));
        ok("supervisor", id, "minutes", new JsonObject().put("text", "会议议定：……"));
        ok("supervisor", id, "rule-change", new JsonObject().put("kind", "catalogue")
                .put("text", "小区内占道停车改派城管局").put("reference", "020301"));
        assertEquals(400, act("supervisor", id, "rule-change", new JsonObject().put("kind", "law")
                .put("text", "x")).status());
        assertEquals(409, act("supervisor", id, "action-item", new JsonObject()).status(), "an on-site step");

        ok("supervisor", id, "urge", new JsonObject().put("text", "请加快进度"));
        List<String> zjj = inbox("handler-zjj");
        assertTrue(zjj.contains("督办催办：11月疑难工单集中督办会"), zjj.toString());
        assertTrue(inbox("handler-jiangbei").contains("督办催办：11月疑难工单集中督办会"));
        sv = ok("supervisor", id, "notice", new JsonObject().put("unitId", orders.unit("cgj"))
                .put("text", "请于11月15日前清理完毕并书面报告"));
        JsonObject notice = sv.getJsonArray("steps").stream().map(s -> (JsonObject) s)
                .filter(s -> "notice".equals(s.getString("kind"))).findFirst().orElseThrow();
        assertTrue(notice.getJsonObject("details").getString("noticeNumber").endsWith("号-1"));
        assertTrue(inbox("handler-cgj").stream().anyMatch(t -> t.startsWith("督办通知单")));
        ok("leader", id, "public-notice", new JsonObject().put("unitIds", new JsonArray().add(orders.unit("cgj")))
                .put("kind", "criticism").put("text", "占道停车问题久拖不决，予以通报批评"));
        ok("leader", id, "summons", new JsonObject().put("unitId", orders.unit("cgj")).put("at", at("2026-11-06T09:00"))
                .put("people", "城管局分管副局长").put("record", "约谈记录……"));
        assertTrue(timeline(o1).contains("supervision-urged"));

        ok("handler-zjj", id, "progress", new JsonObject().put("text", "方案已制定").put("done", true));
        ok("handler-cgj", id, "progress", new JsonObject().put("text", "已清理").put("done", true));
        sv = ok("handler-jiangbei", id, "progress", new JsonObject().put("text", "已配合").put("done", true));
        assertEquals("reported", sv.getString("status"));
        assertEquals("closed", ok("leader", id, "close", new JsonObject()).getString("status"));
        assertEquals(List.of("created", "assigned", "assigned", "status", "assigned", "minutes", "rule-change",
                "urge", "urge", "urge", "notice", "public-notice", "summons", "done", "done", "done", "status",
                "close", "status"), steps(sv = server.get("/api/v1/supervisions/" + id, orders.token("leader"))
                .json()), steps(sv).stream().collect(Collectors.joining(",")));
    }

    @Test
    @DisplayName("media tracking: public commitment and updates without personal data on the public page; a failed "
            + "re-check (回头看) sends the work back, a passed one reports it")
    void media() {
        long o = order("电视问政曝光：江北路积水严重");
        JsonObject base = new JsonObject().put("mode", "media").put("orderIds", new JsonArray().add(o))
                .put("title", "江北路雨后积水").put("deadline", at("2026-12-31T18:00")).put("outlet", "江城电视台")
                .put("programme", "《问政江城》").put("airDate", "2026-11-03").put("issue", "江北路雨后积水没过脚踝")
                .put("commitmentUnitId", orders.unit("zjj")).put("commitmentDeadline", at("2026-12-15T18:00"));
        TestServer.Response pii = server.post("/api/v1/supervisions", orders.token("supervisor"),
                base.copy().put("commitment", "联系张三13812345678").encode());
        assertEquals(400, pii.status());
        assertTrue(pii.body().contains("commitment"), pii.body());
        JsonObject sv = create("supervisor", base.copy().put("commitment", "12月15日前完成排水管网改造"));
        long id = sv.getLong("id");
        assertEquals("in_progress", sv.getString("status"));

        assertEquals(400, act("unitadmin-zjj", id, "public-update", new JsonObject()
                .put("text", "身份证33010219800101123X的市民已回访")).status());
        ok("unitadmin-zjj", id, "public-update", new JsonObject().put("text", "管网改造已开工，完成30%"));
        assertEquals(409, act("supervisor", id, "recheck", new JsonObject().put("text", "x").put("passed", true))
                .status(), "the commitment is not done");
        ok("handler-zjj", id, "progress", new JsonObject().put("text", "改造完工").put("done", true));
        sv = ok("supervisor", id, "recheck", new JsonObject().put("text", "回头看：暴雨后仍有积水").put("passed", false)
                .put("newDeadline", at("2026-12-25T18:00")));
        assertEquals("in_progress", sv.getString("status"));
        assertEquals("open", sv.getJsonArray("items").getJsonObject(0).getString("status"));
        ok("handler-zjj", id, "progress", new JsonObject().put("text", "加装泵站").put("done", true));
        sv = ok("supervisor", id, "recheck", new JsonObject().put("text", "回头看：积水已消除").put("passed", true));
        assertEquals("reported", sv.getString("status"));

        TestServer.Response list = server.get("/api/v1/public/media-tracking", null);
        assertEquals(200, list.status(), list.body());
        JsonObject page = server.get("/api/v1/public/media-tracking/" + id, null).json();
        assertEquals("江城电视台", page.getString("outlet"));
        assertEquals(List.of("public-commitment", "public-update", "recheck", "recheck"), page.getJsonArray("updates")
                .stream().map(u -> ((JsonObject) u).getString("kind")).toList());
        String all = list.body() + page.encode();
        assertFalse(all.contains("13812345678") || all.contains("张三丰") || all.contains("滨江花园"),
                "no caller, phone or address reaches the public page: " + all);
        assertEquals(404, server.get("/api/v1/public/media-tracking/999999", null).status());
    }
}
