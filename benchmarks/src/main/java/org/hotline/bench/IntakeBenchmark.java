package org.hotline.bench;

import static org.hotline.db.generated.Tables.CATEGORY;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hotline.config.Config;
import org.hotline.server.Hotline;
import org.hotline.server.Mode;

/**
 * Order intake through {@code POST /api/v1/work-orders} — authentication, validation, idempotency, the order, its
 * timeline, clocks and timers, assessment counts, the receipt SMS, the index feed — beside the raw JDBC baseline
 * ({@link RawIntake}) on the same database, the same pool and the same concurrency: each side's saturation rate in
 * a closed loop, then both at the same offered rates in an open loop (half and four fifths of the API's saturation).
 *
 * <pre>
 * java -cp "benchmarks/target/hotline-benchmarks.jar:benchmarks/target/lib/*" org.hotline.bench.IntakeBenchmark \
 *     --db-url=jdbc:mysql://127.0.0.1:3306/hotline_bench_intake [--clients=16] [--seconds=30] [--warmup=10]
 * </pre>
 */
public final class IntakeBenchmark {

    private IntakeBenchmark() {
    }

    /** What to run. */
    record Settings(int clients, Duration warmup, Duration measure) {
    }

    /** The figures: saturation on both sides, and the open runs at the same rates. */
    record Result(OpenLoad.Result rawSaturated, OpenLoad.Result apiSaturated, List<OpenLoad.Result[]> open,
                  List<String> rows) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = TimerBenchmark.options(args);
        String url = o.get("db-url");
        Settings s = new Settings(Integer.parseInt(o.getOrDefault("clients", "16")),
                Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup", "10"))),
                Duration.ofSeconds(Long.parseLong(o.getOrDefault("seconds", "30"))));
        Map<String, String> db;
        if (url == null) {
            // The embedded default, for comparison.
            db = Map.of("db", "dev-file");
        } else {
            String user = o.getOrDefault("db-username", "root");
            String password = o.getOrDefault("db-password", "");
            TimerBenchmark.recreate(url, user, password);
            db = Map.of("db", "mysql", "db-url", url, "db-username", user, "db-password", password);
        }
        Result r = measure(db, Files.createTempDirectory("hotline-bench-intake"), s);
        System.out.println();
        r.rows().forEach(System.out::println);
        System.exit(0);
    }

    static Result measure(Map<String, String> db, Path dataDir, Settings s) throws Exception {
        Map<String, String> options = new HashMap<>(db);
        options.putAll(Map.of("data-dir", dataDir.toString(), "http-port", "0", "config-file", "",
                "demo-orders", "0", "demo-history", "0", "log-level", "warn"));
        Config config = Config.of(Hotline.options(), options);
        List<String> texts = texts();
        try (Hotline node = Hotline.start(config, Mode.DEVELOPMENT, null)) {
            System.out.println(Machine.describe(node.database()));
            long category = node.database().dsl().select(CATEGORY.ID).from(CATEGORY).where(CATEGORY.CODE
                    .eq("020101")).fetchOne().value1();
            Vertx vertx = Vertx.vertx();
            try {
                WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                        .setDefaultPort(node.port()).setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true)
                        .setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(256));
                List<String> tokens = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    tokens.add(login(http, i % 2 == 0 ? "operator" : "operator2"));
                }
                OpenLoad.Call api = i -> {
                    JsonObject body = new JsonObject().put("channel", "phone").put("type", "complaint")
                            .put("urgency", "normal").put("categoryId", category)
                            .put("content", texts.get((int) (i % texts.size())) + " #" + i)
                            .put("citizen", new JsonObject().put("name", "市民" + (i % 5000))
                                    .put("phone", String.format("139%08d", i % 100_000_000)));
                    return http.post("/api/v1/work-orders")
                            .putHeader("Authorization", "Bearer " + tokens.get((int) (i % tokens.size())))
                            .putHeader("Idempotency-Key", UUID.randomUUID().toString())
                            .putHeader("Content-Type", "application/json")
                            .timeout(30_000)
                            .sendBuffer(Buffer.buffer(body.encode()))
                            .map(r -> r.statusCode() == 201);
                };
                RawIntake raw = new RawIntake(node.database().dsl(), node.database().dataSource(), category);
                ExecutorService rawPool = Executors.newFixedThreadPool(s.clients());
                OpenLoad.Call rawCall = i -> {
                    Promise<Boolean> p = Promise.promise();
                    rawPool.execute(() -> {
                        try {
                            raw.once(texts.get((int) (i % texts.size())));
                            p.complete(true);
                        } catch (RuntimeException e) {
                            p.fail(e);
                        }
                    });
                    return p.future();
                };
                try {
                    if (Boolean.getBoolean("hotline.bench.saturate")) {
                        // Profiling aid: just the API, saturated.
                        OpenLoad.Result a = OpenLoad.saturate("API intake, " + s.clients() + " clients", s.clients(),
                                s.warmup(), s.measure(), api);
                        return new Result(a, a, List.of(), List.of(a.row()));
                    }
                    String only = System.getProperty("hotline.bench.rate");
                    if (only != null) {
                        // Profiling aid: just the API at one offered rate, long enough to sample.
                        OpenLoad.Result a = OpenLoad.run("API intake at " + only + "/s", Double.parseDouble(only),
                                s.warmup(), s.measure(), Duration.ofSeconds(30), api);
                        return new Result(a, a, List.of(), List.of(a.row()));
                    }
                    System.out.println("saturation (closed loop, " + s.clients() + " clients):");
                    boolean server = node.database().kind() == org.hotline.db.DatabaseKind.MYSQL;
                    List<String> cpu = new ArrayList<>();
                    CpuMeter m = new CpuMeter(server);
                    OpenLoad.Result rawSat = raw.saturate(s.clients(), s.warmup(), s.measure(),
                            i -> texts.get((int) (i % texts.size())));
                    cpu.add("CPU, raw saturated (warm-up and measure): " + m.since());
                    m = new CpuMeter(server);
                    OpenLoad.Result apiSat = OpenLoad.saturate("API intake, " + s.clients()
                            + " clients (closed loop)", s.clients(), s.warmup(), s.measure(), api);
                    cpu.add("CPU, API saturated (warm-up and measure; the JVM includes the load generator): "
                            + m.since());
                    System.out.println(cpu.get(0) + "\n" + cpu.get(1));
                    List<OpenLoad.Result[]> open = new ArrayList<>();
                    for (double share : new double[] {0.5, 0.8}) {
                        double rate = Math.max(1, Math.floor(apiSat.achieved() * share));
                        System.out.printf("open loop at %.0f/s (%.0f %% of the API's saturation):%n", rate,
                                share * 100);
                        OpenLoad.Result a = OpenLoad.run(String.format("API intake at %.0f %% of its saturation",
                                share * 100), rate, s.warmup(), s.measure(), Duration.ofSeconds(30), api);
                        OpenLoad.Result b = OpenLoad.run(String.format("raw JDBC intake at the same rate"), rate,
                                s.warmup(), s.measure(), Duration.ofSeconds(30), rawCall);
                        open.add(new OpenLoad.Result[] {a, b});
                    }
                    List<String> rows = new ArrayList<>();
                    rows.add(OpenLoad.Result.header());
                    rows.add(rawSat.row());
                    rows.add(apiSat.row());
                    for (OpenLoad.Result[] pair : open) {
                        rows.add(pair[0].row());
                        rows.add(pair[1].row());
                    }
                    rows.add("");
                    rows.addAll(cpu);
                    rows.add(String.format("API saturation / raw saturation = %.0f / %.0f = %.1f %% (target ≥ 60 %%)",
                            apiSat.achieved(), rawSat.achieved(), 100 * apiSat.achieved() / rawSat.achieved()));
                    OpenLoad.Result[] half = open.getFirst();
                    rows.add(String.format("at half of saturation: API p99 %.2f ms vs 2 × raw p99 + 1 = %.2f ms, "
                            + "and ≤ 10 ms", half[0].p99(), 2 * half[1].p99() + 1));
                    return new Result(rawSat, apiSat, open, rows);
                } finally {
                    rawPool.shutdownNow();
                }
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get();
            }
        }
    }

    static String login(WebClient http, String user) throws Exception {
        return http.post("/api/v1/auth/login").putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("username", user).put("password", "demo").encode()))
                .map(r -> r.bodyAsJsonObject().getString("token"))
                .toCompletionStage().toCompletableFuture().get();
    }

    /** The development set's messages: what callers say, in their words. */
    static List<String> texts() throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = IntakeBenchmark.class.getClassLoader().getResourceAsStream("demo/dispatch-dev.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add(new JsonObject(line).getString("content"));
                }
            }
        }
        return out;
    }
}
