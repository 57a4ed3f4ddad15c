package org.hotline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.hotline.config.Config;
import org.hotline.config.ConfigException;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** start-dev versus start: what each demands, and what each creates. */
@Tag("storage")
class StartModesTest {

    static Config config(Map<String, String> options) {
        return Config.of(Hotline.options(), options);
    }

    @Test
    @DisplayName("start refuses the development databases and a missing database")
    void productionRefusesDevDatabases() {
        var none = assertThrows(ConfigException.class, () -> Hotline.databaseKind(config(Map.of()), Mode.PRODUCTION));
        assertTrue(none.getMessage().contains("--db=mysql"), none.getMessage());
        for (String dev : new String[] {"dev-file", "dev-mem"}) {
            var e = assertThrows(ConfigException.class,
                    () -> Hotline.databaseKind(config(Map.of("db", dev)), Mode.PRODUCTION));
            assertTrue(e.getMessage().contains("not for production"), e.getMessage());
        }
        assertEquals(org.hotline.db.DatabaseKind.DEV_FILE, Hotline.databaseKind(config(Map.of()), Mode.DEVELOPMENT));
    }

    @Test
    @DisplayName("start-dev loads the demo city once: districts, streets, bureaus, 60+ category leaves, role accounts")
    void demoCity() {
        try (TestServer server = TestServer.start(java.util.Map.of("demo-orders", "400"), null)) {
            String admin = server.login("admin", "demo");
            var units = server.get("/api/v1/units", admin).json().getJsonArray("items");
            int[] kinds = new int[3];
            count(units, kinds);
            assertTrue(kinds[0] >= 3, "district governments: " + kinds[0]);
            assertTrue(kinds[1] >= 15, "city bureaus and enterprises: " + kinds[1]);
            assertTrue(kinds[2] >= 6, "street offices: " + kinds[2]);
            int leaves = leaves(server.get("/api/v1/categories", admin).json().getJsonArray("items"));
            assertTrue(leaves >= 60, "category leaves: " + leaves);
            for (String user : new String[] {"operator", "dispatcher", "reviewer", "supervisor", "leader",
                "unitadmin-jiangbei", "handler-jiangbei"}) {
                server.login(user, "demo");
            }
            // A few hundred orders, in every status, over the last 90 days, newest first.
            String dispatcher = server.login("dispatcher", "demo");
            java.util.Map<String, Integer> byStatus = new java.util.TreeMap<>();
            java.time.Instant oldest = java.time.Instant.now();
            java.time.Instant previous = null;
            Long after = null;
            int total = 0;
            do {
                var page = server.get("/api/v1/work-orders?limit=200" + (after == null ? "" : "&after=" + after),
                        dispatcher).json();
                for (Object o : page.getJsonArray("items")) {
                    var order = (io.vertx.core.json.JsonObject) o;
                    byStatus.merge(order.getString("status"), 1, Integer::sum);
                    java.time.Instant created = java.time.Instant.parse(order.getString("createdAt"));
                    oldest = created.isBefore(oldest) ? created : oldest;
                    assertTrue(previous == null || !created.isAfter(previous), "newest first");
                    previous = created;
                    total++;
                }
                after = page.getLong("next");
            } while (after != null);
            assertTrue(total >= 300, "orders: " + total);
            for (String status : new String[] {"ACCEPTED", "DISPATCHED", "SIGNED", "SUSPENDED", "RETURNED", "REPLIED",
                "CALLBACK", "CLOSED", "MERGED"}) {
                assertTrue(byStatus.getOrDefault(status, 0) > 0, "no demo order is " + status + ": " + byStatus);
            }
            assertTrue(oldest.isBefore(java.time.Instant.now().minus(java.time.Duration.ofDays(60))),
                    "spread over the last 90 days; oldest " + oldest);
            System.out.println("[hotline-test] demo orders by status: " + byStatus);
        }
    }

    private static void count(io.vertx.core.json.JsonArray nodes, int[] kinds) {
        for (Object o : nodes) {
            var n = (io.vertx.core.json.JsonObject) o;
            switch (n.getString("kind")) {
                case "district_government" -> kinds[0]++;
                case "city_bureau", "enterprise" -> kinds[1]++;
                case "street_office" -> kinds[2]++;
                default -> { }
            }
            count(n.getJsonArray("children"), kinds);
        }
    }

    private static int leaves(io.vertx.core.json.JsonArray nodes) {
        int n = 0;
        for (Object o : nodes) {
            var c = ((io.vertx.core.json.JsonObject) o).getJsonArray("children");
            n += c == null || c.isEmpty() ? 1 : leaves(c);
        }
        return n;
    }
}
