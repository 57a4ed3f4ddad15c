package org.hotline.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("storage")
class SessionExpiryTest {

    @Test
    @DisplayName("a session used within its idle timeout lives on; left idle longer, it ends")
    void idleTimeout() throws Exception {
        try (TestServer server = TestServer.start(Map.of("session-idle-timeout", "3s"), null)) {
            String token = server.login("operator", "demo");
            for (int i = 0; i < 4; i++) {
                Thread.sleep(1_000);
                assertEquals(200, server.get("/api/v1/auth/me", token).status(), "active use keeps it alive");
            }
            Thread.sleep(4_000);
            assertEquals(401, server.get("/api/v1/auth/me", token).status());
        }
    }

    @Test
    @DisplayName("however active, a session ends at its maximum lifetime")
    void maxLifetime() throws Exception {
        try (TestServer server = TestServer.start(Map.of("session-max-lifetime", "3s"), null)) {
            String token = server.login("operator", "demo");
            assertEquals(200, server.get("/api/v1/auth/me", token).status());
            for (int i = 0; i < 4; i++) {
                Thread.sleep(1_000);
                server.get("/api/v1/auth/me", token);
            }
            assertEquals(401, server.get("/api/v1/auth/me", token).status());
        }
    }
}
