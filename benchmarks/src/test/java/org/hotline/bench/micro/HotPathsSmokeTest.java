package org.hotline.bench.micro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The microbenchmarks run, in this JVM, a tenth of a second each: they keep compiling and measuring something. */
class HotPathsSmokeTest {

    @Test
    @DisplayName("every hot-path microbenchmark runs and measures a positive time per call")
    void tiny() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(HotPaths.class.getName())
                .forks(0).warmupIterations(0).measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100)).build()).run();
        assertEquals(5, results.size());
        for (RunResult r : results) {
            double ns = r.getPrimaryResult().getScore();
            assertTrue(ns > 0 && Double.isFinite(ns), r.getParams().getBenchmark() + ": " + ns);
        }
    }
}
