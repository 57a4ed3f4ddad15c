package org.hotline.workorder;

import static org.hotline.db.generated.Tables.AUDIT_EVENT;
import static org.hotline.db.generated.Tables.CITIZEN;
import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear 4xx and leaves nothing half-written; citizens' data is shown only as far as needed. */
@Tag("storage")
class InputAndPrivacyTest {

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

    int orderCount() {
        return server.hotline().database().dsl().fetchCount(WORK_ORDER);
    }

    String firstField(TestServer.Response r) {
        return r.json().getJsonArray("errors").getJsonObject(0).getString("field");
    }

    @Test
    @DisplayName("missing content, unknown category, wrong types: 400 naming the field, and no order is created")
    void badCreates() {
        int before = orderCount();
        TestServer.Response noContent = orders.createRaw("operator", orders.complaint("x").copy().put("content", "   "));
        assertEquals(400, noContent.status(), noContent.body());
        assertEquals("content", firstField(noContent));
        JsonObject missing = orders.complaint("x");
        missing.remove("content");
        assertEquals("content", firstField(orders.createRaw("operator", missing)));
        TestServer.Response category = orders.createRaw("operator", orders.complaint("x").put("categoryId", 999999));
        assertEquals(400, category.status());
        assertEquals("categoryId", firstField(category));
        TestServer.Response type = orders.createRaw("operator", orders.complaint("x").put("categoryId", "abc"));
        assertEquals(400, type.status());
        assertEquals("categoryId", firstField(type));
        TestServer.Response urgency = orders.createRaw("operator", orders.complaint("x").put("urgency", "very"));
        assertEquals("urgency", firstField(urgency));
        TestServer.Response phone = orders.createRaw("operator", orders.complaint("x")
                .put("citizen", new JsonObject().put("name", "王五").put("phone", "12")));
        assertEquals("citizen.phone", firstField(phone));
        assertEquals(before, orderCount(), "nothing was created");
    }

    @Test
    @DisplayName("explicit nulls for optional fields mean 'not given': no area, an anonymous caller")
    void explicitNulls() {
        JsonObject body = orders.complaint("匿名来电，未说明地点").put("areaId", (Object) null).put("citizen", (Object) null)
                .put("address", (Object) null);
        JsonObject o = orders.create("operator", body);
        assertEquals(true, o.getJsonObject("citizen").getBoolean("anonymous"));
        assertEquals(null, o.getValue("area"));
        assertTrue(o.getJsonArray("timeline").size() == 1, "the create answer tells the story too");
    }

    @Test
    @DisplayName("a 20 MB body is refused with 413 before it is read")
    void hugeBody() {
        byte[] big = new byte[20 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        TestServer.Response r = server.send(server.request("/api/v1/work-orders", orders.token("operator"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(big)).build());
        assertEquals(413, r.status());
    }

    @Test
    @DisplayName("dispatching to an unknown unit is refused by field, and the order stays as it was")
    void unknownUnit() {
        JsonObject o = orders.create("operator", orders.complaint("派单到不存在的单位"));
        TestServer.Response r = orders.actRaw("dispatcher", o.getLong("id"), "dispatch", 1,
                new JsonObject().put("leadUnitId", 999999));
        assertEquals(400, r.status());
        assertEquals("leadUnitId", firstField(r));
        JsonObject after = orders.get("dispatcher", o.getLong("id"));
        assertEquals("ACCEPTED", after.getString("status"));
        assertEquals(1, after.getInteger("version"));
        assertEquals(1, after.getJsonArray("timeline").size(), "no half-written step");
        assertEquals(0, after.getJsonArray("assignments").size(), "no half-written assignment");
    }

    @Test
    @DisplayName("markup in the content is stored and returned exactly as text")
    void markupIsText() {
        String evil = "<script>alert('x')</script><img src=x onerror=alert(1)> 小区漏水";
        JsonObject o = orders.create("operator", orders.complaint(evil));
        assertEquals(evil, orders.get("operator", o.getLong("id")).getString("content"));
    }

    @Test
    @DisplayName("the phone is stored encrypted with a keyed hash; lists show it masked")
    void phoneAtRest() {
        JsonObject o = orders.create("operator", orders.complaint("加密存储测试")
                .put("citizen", new JsonObject().put("name", "赵六").put("phone", "13600001234")));
        var dsl = server.hotline().database().dsl();
        long citizenId = dsl.select(WORK_ORDER.CITIZEN_ID).from(WORK_ORDER).where(WORK_ORDER.ID.eq(o.getLong("id")))
                .fetchOne().value1();
        var row = dsl.selectFrom(CITIZEN).where(CITIZEN.ID.eq(citizenId)).fetchOne();
        String stored = new String(row.getPhoneCipher(), StandardCharsets.ISO_8859_1);
        assertFalse(stored.contains("13600001234"), "not stored in plain text");
        assertFalse(row.getPhoneHash().contains("13600001234"));
        assertEquals("136****1234", row.getPhoneMasked());
        String list = server.get("/api/v1/work-orders?limit=200", orders.token("dispatcher")).body();
        assertFalse(list.contains("13600001234"));
    }

    @Test
    @DisplayName("revealing the full phone is a separate, reason-coded call that the audit log records")
    void revealIsAudited() {
        JsonObject o = orders.create("operator", orders.complaint("回访需要联系市民")
                .put("citizen", new JsonObject().put("name", "钱七").put("phone", "13700004321")));
        TestServer.Response noReason = server.post("/api/v1/work-orders/" + o.getLong("id") + "/contact",
                orders.token("reviewer"), "{}");
        assertEquals(400, noReason.status());
        TestServer.Response r = server.post("/api/v1/work-orders/" + o.getLong("id") + "/contact",
                orders.token("reviewer"), "{\"reason\":\"callback\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals("13700004321", r.json().getString("phone"));
        assertEquals("钱七", r.json().getString("name"));
        var audit = server.hotline().database().dsl().selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.ACTION.eq("pii_revealed")).and(AUDIT_EVENT.OBJECT_ID.eq(o.getLong("id").toString()))
                .fetch();
        assertEquals(1, audit.size());
        assertEquals("reviewer", audit.get(0).getActorUsername());
        assertTrue(audit.get(0).getDetail().contains("callback"));
    }

    @Test
    @DisplayName("a confidential order hides the caller from every unit, even on request")
    void confidential() {
        JsonObject o = orders.create("operator", orders.complaint("举报单位违规排污，请为我保密").put("confidential", true)
                .put("type", "report"));
        o = orders.act("dispatcher", o, "dispatch", new JsonObject().put("leadUnitId", orders.unit("zjj")));
        JsonObject seen = orders.get("handler-zjj", o.getLong("id"));
        assertEquals(true, seen.getJsonObject("citizen").getBoolean("hidden"));
        assertFalse(seen.getJsonObject("citizen").containsKey("name"));
        assertFalse(seen.getJsonObject("citizen").containsKey("phone"));
        assertEquals(403, server.post("/api/v1/work-orders/" + o.getLong("id") + "/contact", orders.token("handler-zjj"),
                "{\"reason\":\"contact_citizen\"}").status());
        assertEquals("张三丰", orders.get("dispatcher", o.getLong("id")).getJsonObject("citizen").getString("name"),
                "the centre still knows who called");
    }
}
