package org.hotline.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code start-dev} to ready: the packaged server started as {@code ./hotline start-dev} starts it (same JVM options),
 * timed from the process's start to the first {@code 200} of {@code /health/ready} — on a new data directory (the demo
 * city, its accounts and knowledge base, and the year of history made up and imported) and again on the same
 * directory (a restart).
 *
 * <pre>
 * ./mvnw package -DskipTests
 * java -cp "benchmarks/target/hotline-benchmarks.jar:benchmarks/target/lib/*" org.hotline.bench.StartBenchmark \
 *     [--jar=web-console/target/hotline.jar] [--runs=3]
 * </pre>
 */
public final class StartBenchmark {

    /** What ./hotline passes to the JVM when HOTLINE_JAVA_OPTS is unset. */
    static final List<String> JVM = List.of("-XX:+UseG1GC", "-Xms64m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError",
            "-Dfile.encoding=UTF-8");

    private StartBenchmark() {
    }

    record Run(double firstStartSeconds, double restartSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = TimerBenchmark.options(args);
        Path jar = Path.of(o.getOrDefault("jar", "web-console/target/hotline.jar"));
        int runs = Integer.parseInt(o.getOrDefault("runs", "3"));
        List<String> rows = new ArrayList<>();
        rows.add("| run | first start (new data directory) s | restart s |");
        rows.add("|---:|---:|---:|");
        for (int i = 1; i <= runs; i++) {
            Run r = measure(jar, List.of());
            rows.add(String.format("| %d | %.1f | %.1f |", i, r.firstStartSeconds(), r.restartSeconds()));
        }
        System.out.println();
        rows.forEach(System.out::println);
        System.exit(0);
    }

    /** A first start on a new data directory, stopped, then a restart on it; {@code extra}: more options. */
    static Run measure(Path jar, List<String> extra) throws Exception {
        Path data = Files.createTempDirectory("hotline-bench-start");
        try {
            double first = startOnce(jar, data, extra);
            double again = startOnce(jar, data, extra);
            return new Run(first, again);
        } finally {
            try (var paths = Files.walk(data)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double startOnce(Path jar, Path data, List<String> extra) throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM);
        command.addAll(List.of("-jar", jar.toString(), "start-dev", "--data-dir=" + data, "--http-port=" + port,
                "--config-file=", "--log-level=warn"));
        command.addAll(extra);
        Path log = Files.createTempFile("hotline-start", ".log");
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            long deadline = started + Duration.ofMinutes(3).toNanos();
            while (true) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the server stopped: " + Files.readString(log));
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not ready within 3 minutes: " + Files.readString(log));
                }
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("ready after %.2f s (%s)%n", seconds, data);
            return seconds;
        } finally {
            p.destroy();
            if (!p.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            Files.deleteIfExists(log);
        }
    }
}
