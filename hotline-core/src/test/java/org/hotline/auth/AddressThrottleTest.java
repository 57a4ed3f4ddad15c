package org.hotline.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Throttling under pressure: across accounts from one address, and many guesses at once. */
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
            assertTrue(r.headers().firstValue("Retry-After").isPresent());
        }
    }

    @Test
    @DisplayName("40 guesses at once against a limit of 5: exactly 5 are verified, 35 are refused")
    void parallelGuesses() {
        try (TestServer server = TestServer.start(Map.of("login-max-failures", "5",
                "login-max-failures-per-address", "1000"), null)) {
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            var client = java.net.http.HttpClient.newHttpClient();
            for (int i = 0; i < 40; i++) {
                HttpRequest req = server.request("/api/v1/auth/login", null)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"operator2\",\"password\":\"guess" + i + "\"}")).build();
                all.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
            }
            List<HttpResponse<String>> answers = all.stream().map(CompletableFuture::join).toList();
            long unauthorized = answers.stream().filter(r -> r.statusCode() == 401).count();
            long throttled = answers.stream().filter(r -> r.statusCode() == 429).count();
            String others = answers.stream().filter(r -> r.statusCode() != 401 && r.statusCode() != 429)
                    .map(r -> r.statusCode() + " " + r.body()).toList().toString();
            assertEquals(5, unauthorized, "verified guesses; others: " + others);
            assertEquals(35, throttled, "others: " + others);
        }
    }

    @Test
    @DisplayName("the right password resets the account's count")
    void successResets() {
        try (TestServer server = TestServer.start(Map.of("login-max-failures", "3"), null)) {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 2; i++) {
                    assertEquals(401, server.post("/api/v1/auth/login", null,
                            "{\"username\":\"reviewer\",\"password\":\"nope\"}").status());
                }
                assertEquals(200, server.post("/api/v1/auth/login", null,
                        "{\"username\":\"reviewer\",\"password\":\"demo\"}").status(), "round " + round);
            }
        }
    }
}
