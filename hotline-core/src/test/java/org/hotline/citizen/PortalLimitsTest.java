package org.hotline.citizen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The portal's rate limits over HTTP. Requests come through a trusted proxy (this test) that names each client in
 * X-Forwarded-For, so one test can be many citizens.
 */
@Tag("storage")
class PortalLimitsTest {

    static TestServer server;
    static Orders orders;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("trusted-proxies", "127.0.0.1", "portal-sms-verification", "false",
                "rate-limits", "portal-submit=5/h,portal-lookup=20/m,open311-submit=2/h"), null);
        orders = new Orders(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response submit(String client, String phone) {
        JsonObject body = new JsonObject().put("type", "help").put("categoryId", orders.category("020101"))
                .put("content", "求助：楼道灯坏了。" + UUID.randomUUID()).put("anonymous", false).put("phone", phone)
                .put("consent", true).put("consentVersion", PortalService.CONSENT_VERSION);
        return server.send(server.request("/api/v1/public/orders", null).header("Content-Type", "application/json")
                .header("X-Forwarded-For", client).header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    }

    static TestServer.Response smsCode(String client, String phone) {
        return server.send(server.request("/api/v1/public/sms-codes", null).header("Content-Type", "application/json")
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("phone", phone).encode())).build());
    }

    @Test
    @DisplayName("a flood from one address gets 429 with Retry-After; other addresses still get through")
    void flood() {
        String flooder = "203.0.113.66";
        int accepted = 0;
        int refused = 0;
        long retryAfter = 0;
        for (int i = 0; i < 40; i++) {
            TestServer.Response r = submit(flooder, "1380000" + String.format("%04d", i));
            if (r.status() == 201) {
                accepted++;
            } else {
                assertEquals(429, r.status(), r.body());
                assertEquals("application/problem+json", r.contentType().split(";")[0]);
                retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
                refused++;
            }
        }
        assertEquals(5, accepted, "the limit: 5 an hour");
        assertEquals(35, refused);
        assertTrue(retryAfter >= 1 && retryAfter <= 720, "about a fifth of an hour to the next: " + retryAfter);
        for (int c = 1; c <= 3; c++) {
            TestServer.Response other = submit("198.51.100." + c, "1390000000" + c);
            assertEquals(201, other.status(), "another citizen is not held up: " + other.body());
        }
    }

    @Test
    @DisplayName("SMS codes: mobiles only, one a minute per phone whatever the address")
    void smsCodes() {
        TestServer.Response landline = smsCode("192.0.2.10", "027-8888 6666");
        assertEquals(400, landline.status(), landline.body());
        assertEquals("phone", landline.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(202, smsCode("192.0.2.10", "13700001111").status());
        TestServer.Response again = smsCode("192.0.2.11", "137 0000 1111");
        assertEquals(429, again.status(), again.body());
        assertTrue(Long.parseLong(again.headers().firstValue("Retry-After").orElseThrow()) <= 60);
        assertEquals(202, smsCode("192.0.2.11", "13700002222").status(), "another phone is not held up");
    }

    @Test
    @DisplayName("Open311 requests too: the third from one address within the hour gets 429 in the spec's error shape")
    void open311() {
        String form = "api_key=open311-demo&service_code=100402&address_string="
                + java.net.URLEncoder.encode("江北区滨江路88号", java.nio.charset.StandardCharsets.UTF_8)
                + "&description=" + java.net.URLEncoder.encode("路灯不亮", java.nio.charset.StandardCharsets.UTF_8);
        java.util.function.Function<String, TestServer.Response> post = client -> server.send(server.request(
                "/open311/v2/requests.json", null).header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", client).POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertEquals(200, post.apply("198.51.100.77").status());
        assertEquals(200, post.apply("198.51.100.77").status());
        TestServer.Response third = post.apply("198.51.100.77");
        assertEquals(429, third.status(), third.body());
        assertTrue(third.headers().firstValue("Retry-After").isPresent());
        assertEquals(429, new io.vertx.core.json.JsonArray(third.body()).getJsonObject(0).getInteger("code"));
        assertEquals(200, post.apply("198.51.100.78").status(), "another address still gets through");
    }

    @Test
    @DisplayName("without SMS verification (configured off) a landline is taken as typed")
    void landlineWithoutVerification() {
        TestServer.Response r = submit("192.0.2.20", "027-88886666");
        assertEquals(201, r.status(), r.body());
        assertEquals(List.of(false, false), List.of(r.json().getBoolean("phoneVerified"), r.json().getBoolean("sms")));
    }
}
