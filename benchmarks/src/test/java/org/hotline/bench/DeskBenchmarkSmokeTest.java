package org.hotline.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hotline.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The desk benchmark's code path at a tiny size, so that it still runs when someone needs the real figures. */
@Tag("storage")
class DeskBenchmarkSmokeTest {

    @Test
    @DisplayName("the desk benchmark loads, indexes and measures suggest, similar and dispatch at a tiny size")
    void tiny(@TempDir Path dir) throws Exception {
        try (TestDatabase testDb = TestDatabase.create()) {
            Map<String, String> db = new HashMap<>(testDb.options());
            // Two starts share the data: the embedded database on disk, not in memory.
            db.replace("db", "dev-mem", "dev-file");
            var r = DeskBenchmark.measure(db, dir, new DeskBenchmark.Settings(300, 2000, Duration.ZERO,
                    Duration.ofMillis(300), List.of("公积金 租房提取", "楼上噪音扰民", "停车 违停 申诉")), true);
            for (LagStats s : List.of(r.kbRaw(), r.kbApi(), r.similarRaw(), r.similarApi(), r.dispatchApi())) {
                assertTrue(s.count() > 0 && s.p99() > 0, s.toString());
            }
            r.rows().forEach(System.out::println);
        }
    }
}
