package org.hotline.workorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Races: two people acting on one order, and a client retrying a create many times at once. */
@Tag("storage")
class ConcurrencyTest {

    static TestServer server;
    static Orders orders;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start();
        orders = new Orders(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    CompletableFuture<HttpResponse<String>> async(HttpRequest r) {
        return HTTP.sendAsync(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("two handlers act on one order at once: exactly one succeeds, the other gets 412 or 409 (20 rounds)")
    void twoHandlers() {
        for (int round = 0; round < 20; round++) {
            JsonObject o = orders.create("operator", orders.complaint("并发测试 " + round));
            o = orders.act("dispatcher", o, "dispatch", new JsonObject().put("leadUnitId", orders.unit("jiangbei")));
            long id = o.getLong("id");
            int version = o.getInteger("version");
            var a = async(server.request("/api/v1/work-orders/" + id + "/actions/sign", orders.token("handler-jiangbei"))
                    .header("If-Match", "\"" + version + "\"").POST(HttpRequest.BodyPublishers.noBody()).build());
            var b = async(server.request("/api/v1/work-orders/" + id + "/actions/return",
                            orders.token("unitadmin-jiangbei")).header("Content-Type", "application/json")
                    .header("If-Match", "\"" + version + "\"")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"wrong_area\",\"text\":\"不属本区\"}"))
                    .build());
            int sa = a.join().statusCode();
            int sb = b.join().statusCode();
            assertTrue(sa == 200 ^ sb == 200, "round " + round + ": " + sa + " / " + sb);
            int loser = sa == 200 ? sb : sa;
            assertTrue(loser == 412 || loser == 409, "round " + round + ": loser got " + loser + " " + (sa == 200 ? b : a).join().body());
            JsonObject after = orders.get("dispatcher", id);
            assertEquals(version + 1, after.getInteger("version"), "exactly one change");
            long steps = after.getJsonArray("timeline").stream().map(JsonObject.class::cast)
                    .filter(e -> Set.of("sign", "return").contains(e.getString("action"))).count();
            assertEquals(1, steps, "exactly one step on the timeline");
        }
    }

    @Test
    @DisplayName("50 concurrent creates with one Idempotency-Key make one order; retries get the first answer")
    void idempotentCreate() {
        String content = "幂等测试：同一请求重试五十次 " + System.nanoTime();
        String body = orders.complaint(content).encode();
        String key = "retry-" + System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(async(server.request("/api/v1/work-orders", orders.token("operator"))
                    .header("Content-Type", "application/json").header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build()));
        }
        Set<Long> ids = new HashSet<>();
        int created = 0;
        int inProgress = 0;
        for (var f : all) {
            HttpResponse<String> r = f.join();
            if (r.statusCode() == 201) {
                created++;
                ids.add(new JsonObject(r.body()).getLong("id"));
            } else {
                assertEquals(409, r.statusCode(), r.body());
                assertTrue(r.headers().firstValue("Retry-After").isPresent());
                inProgress++;
            }
        }
        assertEquals(1, ids.size(), "one order: " + ids);
        assertEquals(50, created + inProgress);
        // A retry after the fact gets exactly the first answer.
        TestServer.Response again = server.send(server.request("/api/v1/work-orders", orders.token("operator"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(201, again.status());
        assertEquals(ids.iterator().next(), again.json().getLong("id"));
        JsonObject found = server.get("/api/v1/work-orders?q=" + java.net.URLEncoder.encode(content,
                java.nio.charset.StandardCharsets.UTF_8), orders.token("dispatcher")).json();
        assertEquals(1, found.getJsonArray("items").size());
        System.out.println("[hotline-test] idempotent create: " + created + " × 201 (same order), " + inProgress
                + " × 409 in progress");
    }

    @Test
    @DisplayName("the same Idempotency-Key with a different request is refused with 422")
    void keyReuse() {
        String key = "reuse-" + System.nanoTime();
        TestServer.Response first = server.send(server.request("/api/v1/work-orders", orders.token("operator"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(orders.complaint("第一次").encode())).build());
        assertEquals(201, first.status());
        TestServer.Response other = server.send(server.request("/api/v1/work-orders", orders.token("operator"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(orders.complaint("另一件事").encode())).build());
        assertEquals(422, other.status(), other.body());
        assertTrue(other.contentType().startsWith("application/problem+json"));
    }

    @Test
    @DisplayName("orders taken together and dispatched at the same moment all go through: different orders never "
            + "conflict (on MySQL they once deadlocked on the index gap after the newest orders)")
    void differentOrdersAtOnce() {
        for (int round = 0; round < 5; round++) {
            List<JsonObject> made = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                made.add(orders.create("operator", orders.complaint("同时派单 " + round + "-" + i)));
            }
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (JsonObject o : made) {
                all.add(async(server.request("/api/v1/work-orders/" + o.getLong("id") + "/actions/dispatch",
                                orders.token("dispatcher")).header("Content-Type", "application/json")
                        .header("If-Match", "\"" + o.getInteger("version") + "\"")
                        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                                .put("leadUnitId", orders.unit("jiangbei")).encode())).build()));
            }
            for (int i = 0; i < all.size(); i++) {
                HttpResponse<String> r = all.get(i).join();
                assertEquals(200, r.statusCode(), "round " + round + ", order " + i + ": " + r.body());
            }
        }
    }
}
