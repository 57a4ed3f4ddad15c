package org.hotline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.hotline.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard benchmark's code path at a tiny size, so that it still runs when someone needs the real figures. */
@Tag("storage")
class DashboardBenchmarkSmokeTest {

    @Test
    @DisplayName("the dashboard benchmark fills a small city's year and measures every tile and every request")
    void tiny(@TempDir Path dir) throws Exception {
        try (TestDatabase testDb = TestDatabase.create()) {
            Map<String, String> db = new HashMap<>(testDb.options());
            // Two starts share the data: the embedded database on disk, not in memory.
            db.replace("db", "dev-mem", "dev-file");
            var fill = new DashboardFill.Settings(4000, 1, 2, 2, 2, 3, 1L);
            var r = DashboardBenchmark.run(db, dir, new DashboardBenchmark.Settings(fill, Duration.ZERO,
                    Duration.ofMillis(150), Set.copyOf(DashboardBenchmark.LINES), true, true));
            assertEquals(4000, r.loaded().orders(), "orders loaded");
            assertTrue(r.loaded().open() > 0 && r.loaded().open() < r.loaded().orders(), "some orders still open");
            assertTrue(r.loaded().overdueOrders() > 0, "some overdue");
            assertTrue(r.loaded().calls() > 0 && r.loaded().unitDayRows() > 0, r.loaded().toString());
            assertEquals(DashboardBenchmark.LINES.size(), r.lines().size());
            r.lines().forEach((name, s) -> assertTrue(s.count() > 0 && s.p99() >= 0, name + ": " + s));
            r.rows().forEach(System.out::println);
        }
    }
}
