package org.hotline.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.hotline.config.Config;
import org.hotline.server.Hotline;
import org.hotline.server.Mode;

/**
 * Citizens filing requests on the portal, through the HTTP API on a real node and a real database: closed-loop
 * clients, each a different citizen (address and phone) per request, as when a city's people file at once —
 * throughput and latency per concurrency. Then a flood: one address sending as fast as its connections allow while
 * ordinary citizens keep filing at a steady pace — how many of the flood's requests are turned away (429) and whether
 * the others still get through, and how fast.
 *
 * <pre>
 * java -cp "benchmarks/target/hotline-benchmarks.jar:benchmarks/target/lib/*" org.hotline.bench.PortalBenchmark \
 *     --db-url=jdbc:mysql://127.0.0.1:3306/hotline_bench_portal [--seconds=30] [--warmup=10] [--clients=4,16,64]
 * </pre>
 */
public final class PortalBenchmark {

    private static final String[] TEXTS = {"小区楼下烧烤店每晚营业到凌晨，油烟和噪音扰民，希望相关部门管理。",
        "人行道上的井盖缺失，晚上看不清，已经有人差点摔倒，请尽快处理。", "公交站台的顶棚破损漏雨，雨天候车很不方便。",
        "小区内电动车乱停乱放，堵塞消防通道，物业不管。", "路灯已经连续一周不亮，夜间出行不安全。",
        "咨询公积金租房提取需要什么材料，在哪里办理。", "建议在学校门口增设减速带和人行横道信号灯。"};

    private PortalBenchmark() {
    }

    /** What to measure. */
    record Settings(List<Integer> clients, Duration warmup, Duration measure, int floodConnections,
                    int steadyClients, Duration steadyPause) {
    }

    /** One run of closed-loop clients. */
    record Run(int clients, long requests, long failed, double perSecond, LagStats latency) {
    }

    /** The flood: what the flooding address got, and what everyone else got meanwhile. */
    record Flood(long floodAccepted, long floodRefused, long floodOther, long othersAccepted, long othersRefused,
                 long othersOther, LagStats others) {
    }

    record Result(List<Run> runs, Flood flood, List<String> rows) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = TimerBenchmark.options(args);
        String url = o.get("db-url");
        if (url == null || o.containsKey("help")) {
            System.out.println("usage: PortalBenchmark --db-url=jdbc:mysql://127.0.0.1:3306/hotline_bench_portal "
                    + "[--db-username=root] [--db-password=] [--seconds=30] [--warmup=10] [--clients=4,16,64]");
            System.exit(url == null ? 2 : 0);
        }
        String user = o.getOrDefault("db-username", "root");
        String password = o.getOrDefault("db-password", "");
        List<Integer> clients = new ArrayList<>();
        for (String c : o.getOrDefault("clients", "4,16,64").split(",")) {
            clients.add(Integer.parseInt(c.trim()));
        }
        Settings s = new Settings(clients, Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup", "10"))),
                Duration.ofSeconds(Long.parseLong(o.getOrDefault("seconds", "30"))), 16, 4, Duration.ofMillis(100));
        TimerBenchmark.recreate(url, user, password);
        Path dataDir = Files.createTempDirectory("hotline-bench-portal");
        Result r = measure(Map.of("db", "mysql", "db-url", url, "db-username", user, "db-password", password),
                dataDir, s);
        System.out.println();
        r.rows().forEach(System.out::println);
        System.exit(0);
    }

    static Result measure(Map<String, String> db, Path dataDir, Settings s) throws Exception {
        Map<String, String> options = new HashMap<>(db);
        options.putAll(Map.of("data-dir", dataDir.toString(), "http-port", "0", "config-file", "",
                "demo-orders", "0", "demo-history", "0", "log-level", "warn",
                // The load generator is the proxy that names each citizen's address.
                "trusted-proxies", "127.0.0.1",
                // Codes are a step of their own; what is measured is the filing.
                "portal-sms-verification", "false"));
        Config config = Config.of(Hotline.options(), options);
        try (Hotline node = Hotline.start(config, Mode.DEVELOPMENT, null)) {
            String base = "http://127.0.0.1:" + node.port();
            HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            JsonObject form = new JsonObject(probe.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/public/portal")).build(), HttpResponse.BodyHandlers.ofString()).body());
            List<Long> categories = new ArrayList<>();
            form.getJsonArray("categories").forEach(c -> categories.add(((JsonObject) c).getLong("id")));
            List<Long> streets = new ArrayList<>();
            for (Object d : form.getJsonArray("districts")) {
                ((JsonObject) d).getJsonArray("streets").forEach(x -> streets.add(((JsonObject) x).getLong("id")));
            }
            Filing filing = new Filing(base, categories, streets, form.getJsonObject("consent").getString("version"));

            List<String> rows = new ArrayList<>();
            rows.add("| clients | submissions | per second | p50 ms | p99 ms | max ms | failed |");
            rows.add("|---:|---:|---:|---:|---:|---:|---:|");
            List<Run> runs = new ArrayList<>();
            for (int c : s.clients()) {
                Run run = closedLoop(filing, c, s.warmup(), s.measure());
                runs.add(run);
                rows.add(String.format("| %d | %,d | %.0f | %.1f | %.1f | %.1f | %d |", run.clients(), run.requests(),
                        run.perSecond(), run.latency().p50(), run.latency().p99(), run.latency().max(), run.failed()));
            }
            Flood flood = flood(filing, s);
            rows.add("");
            rows.add("| during the flood | accepted (201) | refused (429) | other |");
            rows.add("|---|---:|---:|---:|");
            rows.add(String.format("| the flooding address (%d connections, no pause) | %,d | %,d | %,d |",
                    s.floodConnections(), flood.floodAccepted(), flood.floodRefused(), flood.floodOther()));
            rows.add(String.format("| other citizens (%d clients, a request each %d ms, each from its own address) "
                            + "| %,d | %,d | %,d |", s.steadyClients(), s.steadyPause().toMillis(),
                    flood.othersAccepted(), flood.othersRefused(), flood.othersOther()));
            rows.add(String.format("%nother citizens' latency during the flood: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                    flood.others().p50(), flood.others().p99(), flood.others().max()));
            return new Result(runs, flood, rows);
        }
    }

    /** Makes and sends one citizen's submission. */
    record Filing(String base, List<Long> categories, List<Long> streets, String consentVersion) {

        HttpRequest request(String address) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            JsonObject body = new JsonObject().put("type", r.nextInt(4) == 0 ? "consultation" : "complaint")
                    .put("categoryId", categories.get(r.nextInt(categories.size())))
                    .put("areaId", streets.get(r.nextInt(streets.size())))
                    .put("address", "幸福路" + (1 + r.nextInt(300)) + "号")
                    .put("content", TEXTS[r.nextInt(TEXTS.length)] + " #" + r.nextInt(1_000_000))
                    .put("anonymous", false).put("name", "市民" + r.nextInt(10_000))
                    .put("phone", "13" + (5 + r.nextInt(5)) + String.format("%08d", r.nextInt(100_000_000)))
                    .put("confidential", r.nextInt(20) == 0).put("consent", true)
                    .put("consentVersion", consentVersion).put("photos", new JsonArray());
            return HttpRequest.newBuilder(URI.create(base + "/api/v1/public/orders"))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .header("X-Forwarded-For", address)
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
        }
    }

    /** A fresh address for each citizen: 10.x.y.z. */
    static String someone() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    /** {@code clients} workers, each filing one request after another: warm-up, then measured. */
    static Run closedLoop(Filing filing, int clients, Duration warmup, Duration measure) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        List<long[]> samples = new ArrayList<>();
        AtomicLong failed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            long[][] mine = {new long[4096]};
            int[] n = {0};
            Thread t = Thread.ofPlatform().name("citizen-" + i).start(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    int status;
                    try {
                        status = http.send(filing.request(someone()), HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    long done = System.nanoTime();
                    if (s >= measureFrom && done <= end) {
                        if (status != 201) {
                            failed.incrementAndGet();
                        } else {
                            if (n[0] == mine[0].length) {
                                mine[0] = java.util.Arrays.copyOf(mine[0], n[0] * 2);
                            }
                            mine[0][n[0]++] = (done - s) / 1000;
                        }
                    }
                }
                synchronized (samples) {
                    samples.add(java.util.Arrays.copyOf(mine[0], n[0]));
                }
            });
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        long total = samples.stream().mapToLong(a -> a.length).sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (long[] a : samples) {
            System.arraycopy(a, 0, all, at, a.length);
            at += a.length;
        }
        LagStats stats = LagStats.ofMicros(all);
        double perSecond = total / (measure.toNanos() / 1e9);
        System.out.printf("%3d clients: %,d submissions, %.0f/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d failed%n",
                clients, total, perSecond, stats.p50(), stats.p99(), stats.max(), failed.get());
        return new Run(clients, total, failed.get(), perSecond, stats);
    }

    /** One address floods while steady citizens go on; counts both sides' answers. */
    static Flood flood(Filing filing, Settings s) throws Exception {
        long end = System.nanoTime() + s.measure().toNanos();
        String flooder = "203.0.113.66";
        AtomicLongArray floodCounts = new AtomicLongArray(3);
        AtomicLongArray otherCounts = new AtomicLongArray(3);
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < s.floodConnections(); i++) {
            threads.add(Thread.ofPlatform().name("flood-" + i).start(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                while (System.nanoTime() < end) {
                    count(floodCounts, send(http, filing.request(flooder)));
                }
            }));
        }
        for (int i = 0; i < s.steadyClients(); i++) {
            threads.add(Thread.ofPlatform().name("steady-" + i).start(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                long[] mine = new long[8192];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    int status = send(http, filing.request(someone()));
                    count(otherCounts, status);
                    if (status == 201 && n < mine.length) {
                        mine[n++] = (System.nanoTime() - t0) / 1000;
                    }
                    try {
                        Thread.sleep(s.steadyPause());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                synchronized (latencies) {
                    latencies.add(java.util.Arrays.copyOf(mine, n));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long[] all = latencies.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        Flood f = new Flood(floodCounts.get(0), floodCounts.get(1), floodCounts.get(2), otherCounts.get(0),
                otherCounts.get(1), otherCounts.get(2), LagStats.ofMicros(all));
        System.out.printf("flood: %,d accepted, %,d refused (429), %,d other; others: %,d accepted, %,d refused, "
                        + "%,d other, p99 %.1f ms%n", f.floodAccepted(), f.floodRefused(), f.floodOther(),
                f.othersAccepted(), f.othersRefused(), f.othersOther(), f.others().p99());
        return f;
    }

    private static int send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void count(AtomicLongArray counts, int status) {
        counts.incrementAndGet(status == 201 ? 0 : status == 429 ? 1 : 2);
    }
}
