package org.hotline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** The portal benchmark's code path at a tiny size, so that it still runs when someone needs the real figures. */
@Tag("storage")
class PortalBenchmarkSmokeTest {

    @Test
    @DisplayName("the portal benchmark files requests from many citizens, then floods from one address")
    void tiny(@TempDir Path dir) throws Exception {
        try (TestDatabase testDb = TestDatabase.create()) {
            Map<String, String> db = new HashMap<>(testDb.options());
            var r = PortalBenchmark.measure(db, dir, new PortalBenchmark.Settings(List.of(2), Duration.ZERO,
                    Duration.ofSeconds(2), 4, 2, Duration.ofMillis(100)));
            PortalBenchmark.Run run = r.runs().getFirst();
            assertTrue(run.requests() > 0, run.toString());
            assertEquals(0, run.failed(), "every citizen's submission accepted");
            // The default limit lets an address file 30 in 10 minutes: the flood is mostly turned away...
            assertTrue(r.flood().floodRefused() > r.flood().floodAccepted(), r.flood().toString());
            assertTrue(r.flood().floodAccepted() <= 30, r.flood().toString());
            // ...and the other citizens are not.
            assertTrue(r.flood().othersAccepted() > 0, r.flood().toString());
            assertEquals(0, r.flood().othersRefused() + r.flood().othersOther(), r.flood().toString());
            r.rows().forEach(System.out::println);
        }
    }
}
