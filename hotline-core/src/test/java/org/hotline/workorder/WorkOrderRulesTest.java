package org.hotline.workorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The finer rules of practice: duplicates, the hierarchy of units, contacts, clocks after re-handling. */
@Tag("storage")
class WorkOrderRulesTest {

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

    static JsonObject signedBy(String unit, String handler) {
        JsonObject o = orders.create("operator", orders.complaint("规则测试"));
        o = orders.act("dispatcher", o, "dispatch", new JsonObject().put("leadUnitId", orders.unit(unit))
                .put("coUnitIds", new JsonArray().add(orders.unit("water"))));
        return orders.act(handler, orders.get(handler, o.getLong("id")), "sign", null);
    }

    @Test
    @DisplayName("duplicates follow their parent: no merging into a closed order or under a merged one; "
            + "when the parent closes, its duplicates close with it")
    void duplicates() {
        JsonObject parent = orders.create("operator", orders.complaint("主工单"));
        JsonObject child = orders.create("operator", orders.complaint("重复件"));
        child = orders.act("operator", child, "merge", new JsonObject().put("parentId", parent.getLong("id")));
        JsonObject other = orders.create("operator", orders.complaint("另一件"));
        assertEquals(409, orders.actRaw("operator", parent.getLong("id"), "merge", parent.getInteger("version"),
                new JsonObject().put("parentId", other.getLong("id"))).status(), "a parent cannot follow another");
        JsonObject closed = orders.act("operator", parent, "answer-directly", new JsonObject().put("text", "已答复"));
        JsonObject followed = orders.get("operator", child.getLong("id"));
        assertEquals("CLOSED", followed.getString("status"));
        assertTrue(followed.getJsonArray("timeline").stream().map(JsonObject.class::cast)
                .anyMatch(e -> e.getString("action").equals("follow-parent")));
        assertTrue(orders.get("operator", parent.getLong("id")).getJsonArray("timeline").stream()
                .map(JsonObject.class::cast).anyMatch(e -> e.getString("action").equals("merged-in")),
                "the parent's story names its duplicate");
        TestServer.Response intoClosed = orders.actRaw("operator", other.getLong("id"), "merge",
                other.getInteger("version"), new JsonObject().put("parentId", closed.getLong("id")));
        assertEquals(400, intoClosed.status());
    }

    @Test
    @DisplayName("two orders merged into each other at the same moment: never both")
    void noMergeLoops() {
        HttpClient http = HttpClient.newHttpClient();
        for (int round = 0; round < 5; round++) {
            JsonObject a = orders.create("operator", orders.complaint("互相并单 A" + round));
            JsonObject b = orders.create("operator", orders.complaint("互相并单 B" + round));
            CompletableFuture<HttpResponse<String>> ab = http.sendAsync(mergeRequest(a, b),
                    HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> ba = http.sendAsync(mergeRequest(b, a),
                    HttpResponse.BodyHandlers.ofString());
            int sa = ab.join().statusCode();
            int sb = ba.join().statusCode();
            assertTrue(!(sa == 200 && sb == 200), "round " + round + ": both merged (" + sa + ", " + sb + ")");
            String statusA = orders.get("operator", a.getLong("id")).getString("status");
            String statusB = orders.get("operator", b.getLong("id")).getString("status");
            assertTrue(!(statusA.equals("MERGED") && statusB.equals("MERGED")), "a loop of merged orders");
        }
    }

    HttpRequest mergeRequest(JsonObject child, JsonObject parent) {
        return server.request("/api/v1/work-orders/" + child.getLong("id") + "/actions/merge", orders.token("operator"))
                .header("Content-Type", "application/json").header("If-Match", "\"" + child.getInteger("version") + "\"")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("parentId", parent.getLong("id"))
                        .encode())).build();
    }

    @Test
    @DisplayName("a street returning what its district passed down gives it back to the district, not to the centre")
    void returnGoesUp() {
        JsonObject o = signedBy("jiangbei", "handler-jiangbei");
        o = orders.act("handler-jiangbei", o, "sub-dispatch",
                new JsonObject().put("unitId", orders.unit("jiangbei-binjiang")));
        JsonObject street = orders.get("handler-jiangbei-binjiang", o.getLong("id"));
        street = orders.act("handler-jiangbei-binjiang", street, "return",
                new JsonObject().put("reason", "wrong_area").put("text", "不属本街道"));
        assertEquals("SIGNED", street.getString("status"));
        assertEquals(orders.unit("jiangbei"), street.getJsonObject("handlerUnit").getLong("id"));
        assertEquals(404, server.get("/api/v1/work-orders/" + o.getLong("id"),
                orders.token("handler-jiangbei-binjiang")).status(), "the street is done with it");
        assertEquals(200, server.get("/api/v1/work-orders/" + o.getLong("id"), orders.token("handler-jiangbei"))
                .status());
    }

    @Test
    @DisplayName("the contact is for the unit handling the order while it does; a co-handler, or anyone after "
            + "closing, is refused; 'other' needs a note")
    void contactRules() {
        JsonObject o = signedBy("zjj", "handler-zjj");
        String path = "/api/v1/work-orders/" + o.getLong("id") + "/contact";
        assertEquals(400, server.post(path, orders.token("handler-zjj"), "{\"reason\":\"other\"}").status());
        assertEquals(200, server.post(path, orders.token("handler-zjj"), "{\"reason\":\"contact_citizen\"}").status());
        assertEquals(403, server.post(path, orders.token("handler-water"), "{\"reason\":\"contact_citizen\"}")
                .status(), "co-handler");
        o = orders.act("handler-zjj", orders.get("handler-zjj", o.getLong("id")), "reply",
                new JsonObject().put("text", "已办结"));
        assertEquals(403, server.post(path, orders.token("handler-zjj"), "{\"reason\":\"contact_citizen\"}").status(),
                "the unit's part is done");
        assertEquals(200, server.post(path, orders.token("reviewer"), "{\"reason\":\"callback\"}").status());
    }

    @Test
    @DisplayName("re-handling starts a fresh handle clock")
    void freshClock() throws Exception {
        JsonObject o = signedBy("zjj", "handler-zjj");
        o = orders.act("handler-zjj", o, "reply", new JsonObject().put("text", "已处理"));
        String before = o.getJsonObject("deadlines").getString("handle");
        Thread.sleep(20);
        o = orders.act("reviewer", orders.get("reviewer", o.getLong("id")), "reject-reply",
                new JsonObject().put("reason", "未处理到位"));
        JsonObject event = WorkOrderLifecycleTest.steps(o).getLast();
        assertEquals(o.getJsonObject("deadlines").getString("handle"), event.getJsonObject("details")
                .getString("handleDeadline"), "the new clock is on the timeline");
        assertTrue(o.getJsonObject("deadlines").getString("handle").compareTo(before) >= 0);
    }

    @Test
    @DisplayName("the same order with its fields in another order is the same request for its Idempotency-Key")
    void keyIgnoresFieldOrder() {
        String key = "order-" + System.nanoTime();
        JsonObject a = orders.complaint("字段顺序");
        JsonObject b = new JsonObject();
        java.util.List<String> names = new java.util.ArrayList<>(a.fieldNames());
        java.util.Collections.reverse(names);
        names.forEach(n -> b.put(n, a.getValue(n)));
        var first = server.send(server.request("/api/v1/work-orders", orders.token("operator"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(a.encode())).build());
        var second = server.send(server.request("/api/v1/work-orders", orders.token("operator"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(b.encode())).build());
        assertEquals(201, first.status());
        assertEquals(201, second.status(), second.body());
        assertEquals(first.json().getLong("id"), second.json().getLong("id"));
    }

    @Test
    @DisplayName("re-handled three times, an order becomes a problem order (问题工单) for supervision, once")
    void problemOrder() {
        JsonObject o = signedBy("zjj", "handler-zjj");
        for (int i = 1; i <= 3; i++) {
            o = orders.act("handler-zjj", orders.get("handler-zjj", o.getLong("id")), "reply",
                    new JsonObject().put("text", "第" + i + "次答复"));
            o = orders.act("reviewer", orders.get("reviewer", o.getLong("id")), "reject-reply",
                    new JsonObject().put("reason", "仍未解决"));
            assertEquals(i == 3, o.getString("problemSince") != null, "after " + i + " re-handlings");
        }
        long flagged = o.getJsonArray("timeline").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("action").equals("problem-order")).count();
        assertEquals(1, flagged);
        long id = o.getLong("id");
        JsonObject queue = server.get("/api/v1/work-orders?box=problem&limit=200", orders.token("supervisor")).json();
        assertTrue(queue.getJsonArray("items").stream().map(JsonObject.class::cast)
                .anyMatch(i -> i.getLong("id").equals(id)));
    }

    @Test
    @DisplayName("a district's 待签收 holds what it must sign itself, not what its streets must")
    void toSignIsOwn() {
        JsonObject o = signedBy("jiangbei", "handler-jiangbei");
        orders.act("handler-jiangbei", o, "sub-dispatch", new JsonObject().put("unitId",
                orders.unit("jiangbei-binjiang")));
        JsonObject district = server.get("/api/v1/work-orders?box=to-sign&limit=200",
                orders.token("handler-jiangbei")).json();
        assertTrue(district.getJsonArray("items").stream().map(JsonObject.class::cast)
                .noneMatch(i -> i.getLong("id").equals(o.getLong("id"))));
        JsonObject street = server.get("/api/v1/work-orders?box=to-sign&limit=200",
                orders.token("handler-jiangbei-binjiang")).json();
        assertTrue(street.getJsonArray("items").stream().map(JsonObject.class::cast)
                .anyMatch(i -> i.getLong("id").equals(o.getLong("id"))));
    }
}
