package org.hotline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.hotline.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mixed operator workload at a tiny size: every kind of request is sent and answered. */
@Tag("storage")
class MixedBenchmarkSmokeTest {

    @Test
    @DisplayName("calls go through every step (suggest, similar, dispatch advice, create, dispatch, sign, reply)")
    void tiny(@TempDir Path dir) throws Exception {
        try (TestDatabase testDb = TestDatabase.create()) {
            Map<String, String> db = new HashMap<>(testDb.options());
            db.put("demo-history", "0");
            var r = MixedBenchmark.inProcess(db, dir, new MixedBenchmark.Settings(2, 4, 2, Duration.ZERO,
                    Duration.ofSeconds(4), Duration.ofMillis(800), Duration.ofSeconds(1), Duration.ofMillis(1500)));
            r.rows().forEach(System.out::println);
            for (MixedBenchmark.Kind k : r.kinds()) {
                assertTrue(k.ok() > 0, k.name() + " never answered: " + r.rows());
                assertEquals(0, k.errors(), k.name() + " failed: " + r.rows());
            }
        }
    }
}
