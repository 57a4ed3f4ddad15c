package org.hotline.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every error is application/problem+json, names the offending fields, and never leaks a stack trace. */
@Tag("storage")
class ApiErrorsTest {

    static TestServer server;
    static String admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.login("admin", "demo");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonObject problem(TestServer.Response r, int status) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        JsonObject p = r.json();
        assertEquals(status, p.getInteger("status"));
        assertNotNull(p.getString("type"));
        assertNotNull(p.getString("title"));
        assertNotNull(p.getString("detail"));
        assertNotNull(p.getString("requestId"));
        assertEquals(r.headers().firstValue("X-Request-Id").orElse(null), p.getString("requestId"));
        assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), "no stack trace: " + r.body());
        return p;
    }

    @Test
    @DisplayName("400: a missing field and a wrong type are each named")
    void validation() {
        JsonObject p = problem(server.post("/api/v1/auth/login", null, "{\"username\":42}"), 400);
        JsonArray errors = p.getJsonArray("errors");
        assertTrue(errors.encode().contains("\"field\":\"password\""), errors.encode());
        assertTrue(errors.encode().contains("\"field\":\"username\""), errors.encode());
    }

    @Test
    @DisplayName("400: an unknown field in a request body is refused by name")
    void unknownField() {
        JsonObject p = problem(server.post("/api/v1/users", admin,
                "{\"username\":\"li.si\",\"displayName\":\"李四\",\"password\":\"long-enough-1\","
                        + "\"roles\":[\"operator\"],\"colour\":\"red\"}"), 400);
        assertTrue(p.getJsonArray("errors").encode().contains("colour"), p.encode());
    }

    @Test
    @DisplayName("400: malformed JSON; 415: not JSON at all")
    void malformed() {
        problem(server.post("/api/v1/auth/login", null, "{\"username\":"), 400);
        problem(server.send(server.request("/api/v1/auth/login", null).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin")).build()), 415);
    }

    @Test
    @DisplayName("400: a query parameter of the wrong type is named")
    void queryParameter() {
        JsonObject p = problem(server.get("/api/v1/audit?limit=lots", admin), 400);
        assertEquals("limit", p.getJsonArray("errors").getJsonObject(0).getString("field"));
    }

    @Test
    @DisplayName("401 without a session, with a WWW-Authenticate header")
    void unauthorized() {
        TestServer.Response r = server.get("/api/v1/auth/me", null);
        problem(r, 401);
        assertTrue(r.headers().firstValue("WWW-Authenticate").isPresent());
        problem(server.get("/api/v1/auth/me", "not-a-real-token"), 401);
    }

    @Test
    @DisplayName("403 when the role may not use the operation")
    void forbidden() {
        String operator = server.login("operator", "demo");
        problem(server.get("/api/v1/users", operator), 403);
    }

    @Test
    @DisplayName("404 for unknown API paths and unknown pages; the API never answers with the console")
    void notFound() {
        problem(server.get("/api/v1/no-such-thing", admin), 404);
        problem(server.get("/no/such/page.html", null), 404);
        problem(server.patch("/api/v1/users/999999", admin, "{\"displayName\":\"x\"}"), 404);
    }

    @Test
    @DisplayName("405 with an Allow header for a known path and a method it does not have")
    void methodNotAllowed() {
        var r = server.send(server.request("/api/v1/users", admin).DELETE().build());
        problem(r, 405);
        assertEquals("GET, POST", r.headers().firstValue("Allow").orElse(""));
    }

    @Test
    @DisplayName("413 for a body over the limit (20 MB), before anything is parsed")
    void tooLarge() {
        byte[] big = new byte[20 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        TestServer.Response r = server.send(server.request("/api/v1/auth/login", null)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build());
        problem(r, 413);
    }

    @Test
    @DisplayName("security headers on every answer; API answers are never cached")
    void headers() {
        TestServer.Response r = server.get("/api/v1/auth/me", admin);
        assertEquals(200, r.status());
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    @DisplayName("a request id sent by the client is echoed; a hostile one is replaced")
    void requestIds() {
        var ok = server.send(server.request("/health", null).header("X-Request-Id", "abc-123").GET().build());
        assertEquals("abc-123", ok.headers().firstValue("X-Request-Id").orElse(null));
        var bad = server.send(server.request("/health", null).header("X-Request-Id", "has spaces <and> brackets").GET().build());
        assertFalse(bad.headers().firstValue("X-Request-Id").orElse("").contains("<"));
    }

    @Test
    @DisplayName("the OpenAPI document is served, and it declares roles for every operation it describes")
    void openapi() {
        TestServer.Response r = server.get("/api/v1/openapi.json", null);
        assertEquals(200, r.status());
        JsonObject doc = r.json();
        assertTrue(doc.getString("openapi").startsWith("3.1"));
        JsonObject paths = doc.getJsonObject("paths");
        int operations = 0;
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                JsonObject op = paths.getJsonObject(path).getJsonObject(method);
                assertFalse(op.getJsonArray("x-roles", new JsonArray()).isEmpty(), method + " " + path);
                operations++;
            }
        }
        assertTrue(operations >= 10, "operations: " + operations);
    }

    @Test
    @DisplayName("health is UP with the database and the search index; metrics are Prometheus text")
    void healthAndMetrics() {
        TestServer.Response h = server.get("/health", null);
        assertEquals(200, h.status());
        assertEquals("UP", h.json().getString("status"));
        assertEquals("UP", h.json().getJsonObject("checks").getString("database"));
        assertEquals("UP", h.json().getJsonObject("checks").getString("searchIndex"));
        String metrics = server.get("/metrics", null).body();
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM meters");
        assertTrue(metrics.contains("hikaricp_connections"), "pool meters");
        assertTrue(metrics.contains("vertx_http_server_requests_total"), "Vert.x HTTP meters");
        assertTrue(metrics.contains("hotline_logins_total"), "business meters");
    }
}
