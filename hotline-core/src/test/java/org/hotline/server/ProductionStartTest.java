package org.hotline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.hotline.config.Config;
import org.hotline.config.ConfigException;
import org.hotline.testing.TestDatabase;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Production mode on a real MySQL/MariaDB: needs HOTLINE_TEST_DB_URL (or Docker); CI always has it. */
@Tag("mysql")
class ProductionStartTest {

    @Test
    @DisplayName("start on an empty MySQL database migrates it, serves /health, and creates no accounts; "
            + "bootstrap-admin then creates the first admin, once")
    void productionOnMysql(@TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            if (!db.isMysql()) {
                String why = "production start needs MySQL: set HOTLINE_TEST_DB_URL";
                if (Boolean.parseBoolean(System.getenv("HOTLINE_REQUIRE_ALL"))) {
                    Assertions.fail(why);
                }
                Assumptions.abort(why);
            }
            Map<String, String> options = new HashMap<>(db.options());
            options.put("http-port", "0");
            options.put("data-dir", dir.toString());
            options.put("pii-key", org.hotline.citizen.PiiCipher.newKey());
            Hotline hotline = Hotline.start(Config.of(Hotline.options(), options), Mode.PRODUCTION, null);
            try {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + hotline.port();
                var health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode(), health.body());
                var login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"demo\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(401, login.statusCode(), "no demo accounts in production");

                long id = AdminBootstrap.createFirstAdmin(hotline.database(), "chief", "主任",
                        "a-very-long-secret".toCharArray(), Clock.systemUTC());
                assertTrue(id > 0);
                var chief = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"chief\",\"password\":\"a-very-long-secret\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, chief.statusCode(), chief.body());
                assertThrows(ConfigException.class, () -> AdminBootstrap.createFirstAdmin(hotline.database(),
                        "chief2", "主任", "a-very-long-secret".toCharArray(), Clock.systemUTC()));
            } finally {
                hotline.close();
            }
        }
    }
}
