package org.hotline.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.Map;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Behind a reverse proxy: the public origin decides CSRF, a trusted proxy's X-Forwarded-For names the client. */
@Tag("storage")
class ProxyAndOriginTest {

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("public-url", "https://hotline.example.gov.cn",
                "trusted-proxies", "127.0.0.1", "metrics-token", "scrape-me"), null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    String cookie(String user) {
        return server.post("/api/v1/auth/login", null, "{\"username\":\"" + user + "\",\"password\":\"demo\"}")
                .headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("hotline_session="))
                .findFirst().orElseThrow().split(";")[0];
    }

    @Test
    @DisplayName("with a public URL, the browser's Origin must be that URL, whatever Host the proxy forwards")
    void publicOrigin() {
        String cookie = cookie("reviewer");
        var wrong = server.send(server.request("/api/v1/auth/logout", null).header("Cookie", cookie)
                .header("X-Hotline-Csrf", "1").header("Origin", server.baseUrl())
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(403, wrong.status());
        var right = server.send(server.request("/api/v1/auth/logout", null).header("Cookie", cookie)
                .header("X-Hotline-Csrf", "1").header("Origin", "https://hotline.example.gov.cn")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(204, right.status(), right.body());
    }

    @Test
    @DisplayName("a trusted proxy's X-Forwarded-For is the address the audit log records")
    void forwardedFor() {
        server.send(server.request("/api/v1/auth/login", null).header("Content-Type", "application/json")
                .header("X-Forwarded-For", "198.51.100.7, 203.0.113.9")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"leader\",\"password\":\"wrong\"}")).build());
        String admin = server.login("admin", "demo");
        String audit = server.get("/api/v1/audit?limit=20", admin).body();
        assertTrue(audit.contains("\"address\":\"203.0.113.9\""), audit);
    }

    @Test
    @DisplayName("with a metrics token, /metrics needs it")
    void metricsToken() {
        assertEquals(401, server.get("/metrics", null).status());
        var ok = server.send(server.request("/metrics", null).header("Authorization", "Bearer scrape-me").GET().build());
        assertEquals(200, ok.status());
    }
}
