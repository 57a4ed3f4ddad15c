package org.hotline.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The gateway sender: what an SMS gateway receives, and what counts as delivered. */
class HttpGatewaySenderTest {

    HttpServer gateway;
    final List<String[]> received = new CopyOnWriteArrayList<>();
    final AtomicInteger status = new AtomicInteger(202);

    @BeforeEach
    void start() throws Exception {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/sms", exchange -> {
            received.add(new String[] {exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                exchange.getRequestHeaders().getFirst("Authorization"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
    }

    Delivery delivery() {
        return new Delivery(42, "clock-escalated", 7L, 3L, null, null, "工单 GD1 办理超时 — 催办", "请尽快处理。", true,
                Instant.parse("2026-11-25T02:00:00Z"), 0);
    }

    @Test
    @DisplayName("posts the notice as JSON with its id as the Idempotency-Key and the bearer token")
    void posts() throws Exception {
        URI url = URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/sms");
        new HttpGatewaySender(url, "s3cret").send(delivery());
        assertEquals(1, received.size());
        assertEquals("hotline-notification-42", received.getFirst()[0]);
        assertEquals("Bearer s3cret", received.getFirst()[1]);
        JsonObject body = new JsonObject(received.getFirst()[2]);
        assertEquals("工单 GD1 办理超时 — 催办", body.getString("title"));
        assertEquals(3L, body.getLong("unitId"));
        assertEquals(true, body.getBoolean("urgent"));
    }

    @Test
    @DisplayName("any answer but 2xx is not delivered, so the outbox tries again")
    void refusal() {
        status.set(503);
        URI url = URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/sms");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new HttpGatewaySender(url, null).send(delivery()));
        assertEquals("gateway answered 503", e.getMessage());
    }
}
