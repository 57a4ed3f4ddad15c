package org.hotline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.hotline.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The freshness benchmark at a few trials: it finds what it writes. */
@Tag("storage")
class FreshnessBenchmarkSmokeTest {

    @Test
    @DisplayName("an article from another node and an order from the API both become searchable, and are timed")
    void tiny(@TempDir Path dir) throws Exception {
        try (TestDatabase testDb = TestDatabase.create()) {
            Map<String, String> db = new HashMap<>(testDb.options());
            db.replace("db", "dev-mem", "dev-file");
            var r = FreshnessBenchmark.measure(db, dir, 3);
            assertEquals(3, r.articles().count());
            assertEquals(3, r.orders().count());
            r.rows().forEach(System.out::println);
        }
    }
}
