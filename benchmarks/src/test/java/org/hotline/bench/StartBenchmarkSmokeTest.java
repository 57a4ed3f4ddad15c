package org.hotline.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The start benchmark starts the packaged server twice (a small demo) and sees it ready each time. */
class StartBenchmarkSmokeTest {

    @Test
    @DisplayName("the packaged server starts on a new data directory and again on the same one, and is timed")
    void tiny() throws Exception {
        Path jar = Path.of("..", "web-console", "target", "hotline.jar");
        // The reactor packages web-console before this module's tests; run alone, it may not be there yet.
        Assumptions.assumeTrue(Files.exists(jar), "no " + jar + ": package web-console first");
        var r = StartBenchmark.measure(jar, List.of("--demo-history=0", "--demo-orders=0"));
        assertTrue(r.firstStartSeconds() > 0 && r.restartSeconds() > 0, r.toString());
    }
}
