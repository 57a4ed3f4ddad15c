package org.hotline.cti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Call events from a PBX: the screen pop reaches the answering operator at once; missed calls wait for callback. */
@Tag("storage")
class CtiTest {

    static TestServer server;
    static Orders orders;
    static String token;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        orders = new Orders(server);
        TestServer.Response r = server.post("/api/v1/cti/integrations", orders.token("admin"),
                new JsonObject().put("name", "测试交换机").encode());
        assertEquals(201, r.status(), r.body());
        token = r.json().getString("token");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response event(String t, JsonObject e) {
        return server.send(server.request("/api/v1/cti/events", null).header("Content-Type", "application/json")
                .header(CtiRoutes.TOKEN_HEADER, t).POST(HttpRequest.BodyPublishers.ofString(e.encode())).build());
    }

    @Test
    @DisplayName("answer pops the caller's number in the answering operator's open console within a second")
    void screenPop() throws Exception {
        String op = orders.token("operator");
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(100);
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        java.net.URI.create(server.baseUrl() + "/api/v1/desk/events"))
                .header("Authorization", "Bearer " + op).GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                Iterator<String> it = stream.body().iterator();
                while (it.hasNext()) {
                    lines.offer(it.next());
                }
            } catch (RuntimeException closed) {
                // The test closes the stream when it has what it needs.
            }
        });
        assertEquals(200, event(token, new JsonObject().put("event", "newCall").put("callId", "c-1")
                .put("caller", "+86 139 0000 7777").put("called", "12345")).status());
        long sent = System.nanoTime();
        TestServer.Response answered = event(token, new JsonObject().put("event", "answer").put("callId", "c-1")
                .put("operator", "operator"));
        assertEquals(200, answered.status(), answered.body());
        assertEquals("139****7777", answered.json().getString("callerMasked"));
        String data = null;
        while (data == null) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            assertTrue(line != null, "no pop within a second");
            if (line.startsWith("data:")) {
                data = line.substring(5).trim();
            }
        }
        assertTrue(System.nanoTime() - sent < 1_000_000_000L);
        JsonObject pop = new JsonObject(data);
        assertEquals("answer", pop.getString("event"));
        assertEquals("13900007777", pop.getString("caller"), "the answering operator gets the number for the form");
        stream.body().close();
        reader.interrupt();

        // The call is logged on the order taken.
        long order = orders.create("operator", orders.complaint("来电反映小区路灯不亮")).getLong("id");
        long call = answered.json().getLong("id");
        assertEquals(200, server.post("/api/v1/calls/" + call + "/order", op, new JsonObject().put("orderId", order)
                .encode()).status());
        assertTrue(orders.get("operator", order).getJsonArray("timeline").stream()
                .anyMatch(e -> "call".equals(((JsonObject) e).getString("action"))));
        // A late duplicate changes nothing.
        assertEquals("answered", event(token, new JsonObject().put("event", "newCall").put("callId", "c-1")
                .put("caller", "13900007777")).json().getString("state"));
    }

    @Test
    @DisplayName("an unanswered call is on the callback list until someone calls back; a bad token is refused")
    void missedCalls() {
        assertEquals(401, event("cti_wrong", new JsonObject().put("event", "newCall").put("callId", "x")).status());
        TestServer.Response bad = event(token, new JsonObject().put("event", "ring").put("callId", ""));
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("\"event\"") && bad.body().contains("\"callId\""), bad.body());

        event(token, new JsonObject().put("event", "newCall").put("callId", "m-1").put("caller", "13700001234"));
        JsonObject hung = event(token, new JsonObject().put("event", "hangup").put("callId", "m-1")).json();
        assertEquals("missed", hung.getString("state"));
        String op = orders.token("operator2");
        JsonObject missed = server.get("/api/v1/calls?view=missed", op).json().getJsonArray("items").stream()
                .map(o -> (JsonObject) o).filter(o -> "m-1".equals(o.getString("callId"))).findFirst().orElseThrow();
        assertEquals("137****1234", missed.getString("callerMasked"));
        assertFalse(missed.encode().contains("13700001234"), "lists show the masked number only");
        long id = missed.getLong("id");
        assertEquals("13700001234", server.post("/api/v1/calls/" + id + "/callback", op,
                new JsonObject().put("reveal", true).encode()).json().getString("caller"));
        JsonObject done = server.post("/api/v1/calls/" + id + "/callback", op,
                new JsonObject().put("note", "已回拨，市民已另行办理").encode()).json();
        assertEquals("已回拨，市民已另行办理", done.getString("callbackNote"));
        assertTrue(server.get("/api/v1/calls?view=missed", op).json().getJsonArray("items").stream()
                .noneMatch(o -> "m-1".equals(((JsonObject) o).getString("callId"))));
        assertEquals(409, server.post("/api/v1/calls/" + id + "/callback", op, "{}").status());
        assertEquals(403, server.get("/api/v1/calls?view=missed", orders.token("handler-zjj")).status(),
                "units have no call list");
    }
}
