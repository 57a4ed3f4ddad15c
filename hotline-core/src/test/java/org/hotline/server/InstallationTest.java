package org.hotline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.hotline.config.ConfigException;
import org.hotline.db.Database;
import org.hotline.db.DatabaseKind;
import org.hotline.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("storage")
class InstallationTest {

    static Database open(TestDatabase t, Path dir) {
        var o = t.options();
        return Database.open(new Database.Settings_(DatabaseKind.parse(o.get("db")), o.get("db-url"),
                o.get("db-username"), o.get("db-password"), 2, Duration.ofSeconds(5), dir), null);
    }

    @Test
    @DisplayName("a demo database is never taken for production, nor a production one for the demo")
    void modesDoNotMix(@TempDir Path dir) {
        try (TestDatabase demoDb = TestDatabase.create(); Database demo = open(demoDb, dir.resolve("a"))) {
            demo.migrate();
            Installation.claim(demo, Mode.DEVELOPMENT, Instant.now());
            Installation.claim(demo, Mode.DEVELOPMENT, Instant.now());
            var e = assertThrows(ConfigException.class, () -> Installation.claim(demo, Mode.PRODUCTION, Instant.now()));
            assertTrue(e.getMessage().contains("demo"), e.getMessage());
            assertEquals(Mode.DEVELOPMENT, Installation.mode(demo).orElseThrow());
        }
        try (TestDatabase prodDb = TestDatabase.create(); Database prod = open(prodDb, dir.resolve("b"))) {
            prod.migrate();
            Installation.claim(prod, Mode.PRODUCTION, Instant.now());
            var e = assertThrows(ConfigException.class, () -> Installation.claim(prod, Mode.DEVELOPMENT, Instant.now()));
            assertTrue(e.getMessage().contains("production"), e.getMessage());
        }
    }
}
