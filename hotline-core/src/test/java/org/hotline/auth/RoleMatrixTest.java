package org.hotline.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the OpenAPI document, called by every demo role: a role not listed in the operation's
 * {@code x-roles} gets 403, a listed one never does, and nobody without a session gets past 401.
 */
@Tag("storage")
class RoleMatrixTest {

    /** One demo account per role. */
    static final Map<String, String> ACCOUNTS = new LinkedHashMap<>();

    static {
        ACCOUNTS.put("operator", "operator");
        ACCOUNTS.put("dispatcher", "dispatcher");
        ACCOUNTS.put("reviewer", "reviewer");
        ACCOUNTS.put("supervisor", "supervisor");
        ACCOUNTS.put("leader", "leader");
        ACCOUNTS.put("admin", "admin");
        ACCOUNTS.put("kb_admin", "kbadmin");
        ACCOUNTS.put("unit_handler", "handler-zjj");
        ACCOUNTS.put("unit_admin", "unitadmin-zjj");
    }

    static TestServer server;
    static final Map<String, String> tokens = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ACCOUNTS.forEach((role, user) -> tokens.put(role, server.login(user, "demo")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Call(String method, String path, List<String> roles) {
    }

    static List<Call> calls() {
        JsonObject paths = server.get("/api/v1/openapi.json", null).json().getJsonObject("paths");
        List<Call> out = new ArrayList<>();
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                JsonArray roles = paths.getJsonObject(path).getJsonObject(method).getJsonArray("x-roles");
                out.add(new Call(method.toUpperCase(), path.replaceAll("\\{[^}]+}", "1"),
                        roles.stream().map(String::valueOf).toList()));
            }
        }
        return out;
    }

    TestServer.Response call(Call c, String token) {
        HttpRequest.Builder b = server.request(c.path(), token);
        if (c.path().endsWith("/desk/events")) {
            // An event stream never ends: its status is all there is to check.
            try {
                var r = java.net.http.HttpClient.newHttpClient().send(b.GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofInputStream());
                r.body().close();
                return new TestServer.Response(r.statusCode(), r.headers(), "");
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        HttpRequest.BodyPublisher body = c.method().equals("GET") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{}");
        if (!c.method().equals("GET")) {
            b.header("Content-Type", "application/json");
        }
        return server.send(b.method(c.method(), body).build());
    }

    @Test
    @DisplayName("role × operation: 403 exactly for the roles the document does not list")
    void matrix() {
        int checked = 0;
        List<String> violations = new ArrayList<>();
        for (Call c : calls()) {
            if (c.roles().contains("public") || c.path().endsWith("/auth/logout")) {
                continue;
            }
            for (var e : tokens.entrySet()) {
                boolean allowed = c.roles().contains("authenticated") || c.roles().contains(e.getKey());
                int status = call(c, e.getValue()).status();
                if (allowed == (status == 403)) {
                    violations.add(e.getKey() + " " + c.method() + " " + c.path() + " -> " + status);
                }
                checked++;
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
        assertTrue(checked >= 60, "checked " + checked);
        System.out.println("[hotline-test] role matrix: " + checked + " role × operation calls checked");
    }

    @Test
    @DisplayName("without a session every non-public operation answers 401")
    void anonymous() {
        for (Call c : calls()) {
            if (!c.roles().contains("public")) {
                assertEquals(401, call(c, null).status(), c.method() + " " + c.path());
            }
        }
    }

    @Test
    @DisplayName("the admin console's data (accounts, audit) is the admin's alone")
    void adminOnly() {
        for (var e : tokens.entrySet()) {
            int users = server.get("/api/v1/users", e.getValue()).status();
            int audit = server.get("/api/v1/audit", e.getValue()).status();
            if (e.getKey().equals("admin")) {
                assertEquals(200, users);
                assertEquals(200, audit);
            } else {
                assertEquals(403, users, e.getKey());
                assertEquals(403, audit, e.getKey());
            }
        }
        assertNotEquals(0, tokens.size());
    }
}
