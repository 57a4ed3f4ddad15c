package org.hotline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hotline.db.Database;
import org.hotline.db.DatabaseKind;
import org.hotline.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timer benchmark's code path at a tiny size, so that it still runs when someone needs the real figures. */
@Tag("storage")
class TimerBenchmarkSmokeTest {

    @Test
    @DisplayName("the timer benchmark runs end to end at a tiny size: every timer fires once, none is missed")
    void tiny(@TempDir Path dir) {
        try (TestDatabase testDb = TestDatabase.create(); Database db = open(testDb, dir)) {
            db.migrate();
            var settings = new TimerBenchmark.Settings(List.of(500), 200, 1, List.of("instant", "restart"),
                    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(200), 4,
                    Duration.ofSeconds(10), Duration.ofSeconds(5), false, null);
            TimerBenchmark bench = new TimerBenchmark(db, settings, System.out);
            List<TimerBenchmark.Result> results = bench.run();

            assertEquals(2, results.size());
            for (TimerBenchmark.Result r : results) {
                assertEquals(r.expected(), r.fired(), r.scenario() + ": all fired");
                assertEquals(0, r.duplicates(), r.scenario() + ": none fired twice");
                assertEquals(0, r.missed(), r.scenario() + ": none left behind");
                assertFalse(r.notes().contains("MISMATCH"), r.scenario() + ": " + r.notes());
            }
            System.out.println(bench.report());
        }
    }

    private static Database open(TestDatabase testDb, Path dir) {
        var o = testDb.options();
        return Database.open(new Database.Settings_(DatabaseKind.parse(o.get("db")), o.get("db-url"),
                o.get("db-username"), o.get("db-password"), 4, Duration.ofSeconds(10), dir), null);
    }
}
