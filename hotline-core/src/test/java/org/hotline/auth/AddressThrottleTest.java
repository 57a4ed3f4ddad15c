package org.hotline.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("storage")
class AddressThrottleTest {

    @Test
    @DisplayName("guessing across many accounts from one address is throttled per address")
    void perAddress() {
        try (TestServer server = TestServer.start(Map.of("login-max-failures-per-address", "4",
                "login-max-failures", "100"), null)) {
            String[] users = {"operator", "dispatcher", "reviewer", "leader"};
            for (String u : users) {
                assertEquals(401, server.post("/api/v1/auth/login", null,
                        "{\"username\":\"" + u + "\",\"password\":\"guess\"}").status());
            }
            var r = server.post("/api/v1/auth/login", null, "{\"username\":\"admin\",\"password\":\"demo\"}");
            assertEquals(429, r.status(), "the fifth attempt from this address waits, whatever the account");
            assertEquals(true, r.headers().firstValue("Retry-After").isPresent());
        }
    }
}
