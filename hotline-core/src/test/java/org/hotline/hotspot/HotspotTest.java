package org.hotline.hotspot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.hotline.testing.Orders;
import org.hotline.testing.TestClock;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Hotspots over HTTP, from the orders the centre took: a burst today against the same weekday of past weeks. */
@Tag("storage")
class HotspotTest {

    @Test
    @DisplayName("eight noise complaints today in one street, against about none on past Wednesdays, are rising")
    void burstIsRising() {
        TestClock clock = new TestClock(TestClock.shanghai("2026-11-04T10:00"));
        try (TestServer server = TestServer.start(Map.of("session-idle-timeout", "3650d", "session-max-lifetime",
                "3650d"), null, clock)) {
            Orders orders = new Orders(server);
            orders.create("operator", orders.complaint("上周三：工地夜间施工噪声"));
            clock.advance(Duration.ofDays(14));
            orders.create("operator", orders.complaint("本周三：工地夜间施工噪声").put("categoryId", orders.category("020102")));
            for (int i = 0; i < 8; i++) {
                orders.create("operator", orders.complaint("第" + i + "位市民：滨江花园旁工地凌晨还在施工，噪声扰民"));
            }
            String leader = orders.token("leader");
            assertEquals(400, server.get("/api/v1/hotspots?date=yesterday", leader).status());
            JsonObject h = server.get("/api/v1/hotspots?date=2026-11-18", leader).json();
            JsonArray rising = h.getJsonArray("rising");
            assertEquals(1, rising.size(), h.encodePrettily());
            JsonObject r = rising.getJsonObject(0);
            assertEquals(orders.category("020101"), r.getLong("categoryId"));
            assertEquals(orders.area("JC0101"), r.getLong("areaId"));
            assertEquals(8, r.getLong("today"));
            assertEquals(0, server.get("/api/v1/hotspots?date=2026-11-04", leader).json().getJsonArray("rising")
                    .size(), "one order is no hotspot");
        }
    }
}
