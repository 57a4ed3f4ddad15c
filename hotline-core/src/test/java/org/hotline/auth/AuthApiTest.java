package org.hotline.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.Map;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Logging in, sessions by token and by cookie, CSRF, throttling, and account administration. */
@Tag("storage")
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.DisplayName.class)
class AuthApiTest {

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("login-max-failures", "5", "login-failure-window", "15m"), null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String cookieOf(TestServer.Response r) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("hotline_session="))
                .findFirst().orElseThrow();
    }

    @Test
    @DisplayName("01 login answers a token and the account, and sets an HttpOnly, SameSite=Strict cookie")
    void login() {
        TestServer.Response r = server.post("/api/v1/auth/login", null,
                "{\"username\":\"dispatcher\",\"password\":\"demo\"}");
        assertEquals(200, r.status(), r.body());
        JsonObject user = r.json().getJsonObject("user");
        assertEquals("dispatcher", user.getString("username"));
        assertEquals("dispatcher", user.getJsonArray("roles").getString(0));
        assertEquals("center", user.getJsonObject("unit").getString("kind"));
        assertTrue(!r.body().contains("password"), "no password or hash in the answer");
        String cookie = cookieOf(r);
        assertTrue(cookie.toLowerCase().contains("httponly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);

        String token = r.json().getString("token");
        assertEquals("dispatcher", server.get("/api/v1/auth/me", token).json().getJsonObject("user")
                .getString("username"));
    }

    @Test
    @DisplayName("02 the cookie authenticates reads; state changes by cookie need the CSRF header and the same origin")
    void cookieAndCsrf() {
        TestServer.Response login = server.post("/api/v1/auth/login", null,
                "{\"username\":\"reviewer\",\"password\":\"demo\"}");
        String cookie = cookieOf(login).split(";")[0];
        var me = server.send(server.request("/api/v1/auth/me", null).header("Cookie", cookie).GET().build());
        assertEquals(200, me.status());

        var noHeader = server.send(server.request("/api/v1/auth/logout", null).header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(403, noHeader.status(), "a cross-site form cannot set the header");

        var crossOrigin = server.send(server.request("/api/v1/auth/logout", null).header("Cookie", cookie)
                .header("X-Hotline-Csrf", "1").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(403, crossOrigin.status());

        var ok = server.send(server.request("/api/v1/auth/logout", null).header("Cookie", cookie)
                .header("X-Hotline-Csrf", "1").header("Origin", server.baseUrl())
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(204, ok.status(), ok.body());
        var after = server.send(server.request("/api/v1/auth/me", null).header("Cookie", cookie).GET().build());
        assertEquals(401, after.status(), "logout ends the session");
    }

    @Test
    @DisplayName("03 a wrong password and an unknown account get the same 401; both are audited")
    void failures() {
        var wrong = server.post("/api/v1/auth/login", null, "{\"username\":\"leader\",\"password\":\"nope\"}");
        var unknown = server.post("/api/v1/auth/login", null, "{\"username\":\"nobody\",\"password\":\"nope\"}");
        assertEquals(401, wrong.status());
        assertEquals(401, unknown.status());
        assertEquals(wrong.json().getString("detail"), unknown.json().getString("detail"));

        String admin = server.login("admin", "demo");
        String audit = server.get("/api/v1/audit?limit=200", admin).body();
        assertTrue(audit.contains("\"action\":\"login_failed\""), audit);
        assertTrue(audit.contains("\"actorUsername\":\"nobody\""), audit);

        // The running node seals what it audits into the tamper-evident chain, and the chain verifies.
        server.hotline().auditSealer().sealNow().await();
        var report = server.hotline().auditSealer().seals().verify(server.hotline().database().dsl(),
                java.time.Instant.now());
        assertTrue(report.ok() && report.sealed() >= 3, report.toString());
    }

    @Test
    @DisplayName("04 after 5 failures the account is throttled (429 + Retry-After) even with the right password; "
            + "other accounts are not")
    void throttling() {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, server.post("/api/v1/auth/login", null,
                    "{\"username\":\"supervisor\",\"password\":\"guess" + i + "\"}").status());
        }
        var throttled = server.post("/api/v1/auth/login", null, "{\"username\":\"supervisor\",\"password\":\"demo\"}");
        assertEquals(429, throttled.status(), throttled.body());
        long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 15 * 60, "Retry-After " + retryAfter);
        assertTrue(throttled.contentType().startsWith("application/problem+json"));

        assertEquals(200, server.post("/api/v1/auth/login", null,
                "{\"username\":\"operator2\",\"password\":\"demo\"}").status());
    }

    @Test
    @DisplayName("05 an admin creates an account, which can log in; disabling it ends its sessions at once")
    void accounts() {
        String admin = server.login("admin", "demo");
        long unitId = server.get("/api/v1/units", admin).json().getJsonArray("items").getJsonObject(1).getLong("id");
        var created = server.post("/api/v1/users", admin, new JsonObject()
                .put("username", "wang.wu").put("displayName", "承办人 王五").put("password", "a-long-password")
                .put("roles", new io.vertx.core.json.JsonArray().add("unit_handler")).put("unitId", unitId).encode());
        assertEquals(201, created.status(), created.body());
        long id = created.json().getLong("id");

        String token = server.login("wang.wu", "a-long-password");
        assertEquals(200, server.get("/api/v1/auth/me", token).status());

        var duplicate = server.post("/api/v1/users", admin, new JsonObject()
                .put("username", "wang.wu").put("displayName", "x").put("password", "a-long-password")
                .put("roles", new io.vertx.core.json.JsonArray().add("operator")).encode());
        assertEquals(409, duplicate.status());

        var disabled = server.patch("/api/v1/users/" + id, admin, "{\"enabled\":false}");
        assertEquals(200, disabled.status(), disabled.body());
        assertEquals(false, disabled.json().getBoolean("enabled"));
        assertEquals(401, server.get("/api/v1/auth/me", token).status(), "the session ended with the account");
        assertEquals(401, server.post("/api/v1/auth/login", null,
                "{\"username\":\"wang.wu\",\"password\":\"a-long-password\"}").status());

        String audit = server.get("/api/v1/audit?limit=200", admin).body();
        assertTrue(audit.contains("\"action\":\"account_created\""));
        assertTrue(audit.contains("disabled"), audit);
        assertTrue(!audit.contains("a-long-password"), "passwords never reach the audit log");
    }

    @Test
    @DisplayName("06 unit roles need a unit; an admin cannot disable their own account")
    void accountRules() {
        String admin = server.login("admin", "demo");
        var noUnit = server.post("/api/v1/users", admin, new JsonObject()
                .put("username", "zhao.liu").put("displayName", "赵六").put("password", "a-long-password")
                .put("roles", new io.vertx.core.json.JsonArray().add("unit_admin")).encode());
        assertEquals(400, noUnit.status());
        assertEquals("unitId", noUnit.json().getJsonArray("errors").getJsonObject(0).getString("field"));

        var mixed = server.post("/api/v1/users", admin, new JsonObject()
                .put("username", "mixed.roles").put("displayName", "混合").put("password", "a-long-password")
                .put("roles", new io.vertx.core.json.JsonArray().add("unit_admin").add("leader"))
                .put("unitId", 2).encode());
        assertEquals(400, mixed.status(), "a unit account with a centre role would see the whole city");
        assertEquals("roles", mixed.json().getJsonArray("errors").getJsonObject(0).getString("field"));

        long self = server.get("/api/v1/auth/me", admin).json().getJsonObject("user").getLong("id");
        assertEquals(409, server.patch("/api/v1/users/" + self, admin, "{\"enabled\":false}").status());
    }

    @Test
    @DisplayName("08 /auth/session answers 200 with or without a session, and names the user when there is one")
    void sessionProbe() {
        var anonymous = server.get("/api/v1/auth/session", null);
        assertEquals(200, anonymous.status());
        assertEquals(false, anonymous.json().getBoolean("authenticated"));
        assertEquals(false, server.get("/api/v1/auth/session", "bogus").json().getBoolean("authenticated"));
        var known = server.get("/api/v1/auth/session", server.login("leader", "demo")).json();
        assertEquals(true, known.getBoolean("authenticated"));
        assertEquals("leader", known.getJsonObject("user").getString("username"));
    }

    @Test
    @DisplayName("07 each login gets its own session; tokens are random")
    void distinctSessions() {
        assertNotEquals(server.login("leader", "demo"), server.login("leader", "demo"));
    }
}
