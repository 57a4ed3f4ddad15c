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

    @Test
    @DisplayName("repeated requests about one compound this week, and the week's top terms against the weeks before")
    void placesAndTerms() {
        TestClock clock = new TestClock(TestClock.shanghai("2026-10-28T10:00"));
        try (TestServer server = TestServer.start(Map.of("session-idle-timeout", "3650d", "session-max-lifetime",
                "3650d"), null, clock)) {
            Orders orders = new Orders(server);
            for (int i = 0; i < 4; i++) {
                orders.create("operator", orders.complaint("道路破损，路面坑洼，电动车摔倒").put("address", "解放路" + (10 + i) + "号"));
            }
            clock.advance(Duration.ofDays(21)); // Wednesday 2026-11-18, ISO week 47
            java.util.List<Long> ids = new java.util.ArrayList<>();
            String[] addresses = {"江北区滨江花园3栋", "江北区 滨江花园12幢1201室", "江北区滨江花园５栋"};
            for (String a : addresses) {
                ids.add(0, orders.create("operator", orders.complaint("小区停水两天了，没有任何通知，停水影响生活")
                        .put("address", a)).getLong("id"));
            }
            orders.create("operator", orders.complaint("路口信号灯故障，停水也没人管").put("address", "解放路88号"));
            String leader = orders.token("leader");
            JsonObject p = server.get("/api/v1/hotspots/places?days=7", leader).json();
            assertEquals(1, p.getJsonArray("places").size(), p.encodePrettily());
            JsonObject place = p.getJsonArray("places").getJsonObject(0);
            assertEquals(3, place.getInteger("orders"));
            assertEquals(ids, place.getJsonArray("orderIds").stream().map(o -> ((Number) o).longValue()).toList(), "newest first, with the orders behind it");
            assertEquals(400, server.get("/api/v1/hotspots/places?days=90", leader).status());

            JsonObject t = server.get("/api/v1/hotspots/terms", leader).json();
            assertEquals("2026-W47", t.getString("week"));
            assertEquals(4, t.getLong("orders"));
            JsonObject top = t.getJsonArray("terms").getJsonObject(0);
            assertEquals("停水", top.getString("term"), t.encodePrettily());
            assertEquals(4, top.getInteger("orders"));
            assertEquals(0.0, top.getDouble("usual"), "no one mentioned it in the weeks before");
            assertEquals(400, server.get("/api/v1/hotspots/terms?week=2026-11", leader).status());
        }
    }

}
