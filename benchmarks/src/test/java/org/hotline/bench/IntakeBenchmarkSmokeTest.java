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

/** The intake benchmark's code path at a tiny size, so that it still runs when someone needs the real figures. */
@Tag("storage")
class IntakeBenchmarkSmokeTest {

    @Test
    @DisplayName("the intake benchmark saturates raw JDBC and the API, then offers both the same open load")
    void tiny(@TempDir Path dir) throws Exception {
        try (TestDatabase testDb = TestDatabase.create()) {
            Map<String, String> db = new HashMap<>(testDb.options());
            var r = IntakeBenchmark.measure(db, dir, new IntakeBenchmark.Settings(2, Duration.ZERO,
                    Duration.ofSeconds(1)));
            assertTrue(r.rawSaturated().ok() > 0 && r.apiSaturated().ok() > 0, r.rows().toString());
            assertEquals(0, r.apiSaturated().errors(), "every intake accepted");
            for (OpenLoad.Result[] pair : r.open()) {
                assertTrue(pair[0].ok() > 0 && pair[1].ok() > 0, r.rows().toString());
            }
            r.rows().forEach(System.out::println);
        }
    }
}
