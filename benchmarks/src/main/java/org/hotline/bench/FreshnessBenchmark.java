package org.hotline.bench;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.hotline.config.Config;
import org.hotline.kb.ArticleContent;
import org.hotline.kb.KbStore;
import org.hotline.server.Hotline;
import org.hotline.server.Mode;

/**
 * How soon a change is searchable: a knowledge-base article written by another node (straight into the database),
 * and an order taken through this node's API, each timed from its commit to the moment this node's search finds it
 * (polled every 5 ms). The trials are spread at random over the indexes' polling cycles.
 *
 * <pre>
 * java -cp "benchmarks/target/hotline-benchmarks.jar:benchmarks/target/lib/*" org.hotline.bench.FreshnessBenchmark \
 *     --db-url=jdbc:mysql://127.0.0.1:3306/hotline_bench_fresh [--trials=200]
 * </pre>
 */
public final class FreshnessBenchmark {

    private FreshnessBenchmark() {
    }

    record Result(LagStats articles, LagStats orders, List<String> rows) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = TimerBenchmark.options(args);
        String url = o.get("db-url");
        Map<String, String> db = url == null ? Map.of("db", "dev-file")
                : Map.of("db", "mysql", "db-url", url, "db-username", o.getOrDefault("db-username", "root"),
                "db-password", o.getOrDefault("db-password", ""));
        if (url != null) {
            TimerBenchmark.recreate(url, db.get("db-username"), db.get("db-password"));
        }
        Result r = measure(db, Files.createTempDirectory("hotline-bench-fresh"),
                Integer.parseInt(o.getOrDefault("trials", "200")));
        System.out.println();
        r.rows().forEach(System.out::println);
        System.exit(0);
    }

    static Result measure(Map<String, String> db, Path dataDir, int trials) throws Exception {
        Map<String, String> options = new HashMap<>(db);
        options.putAll(Map.of("data-dir", dataDir.toString(), "http-port", "0", "config-file", "",
                "demo-orders", "0", "demo-history", "0", "log-level", "warn"));
        try (Hotline node = Hotline.start(Config.of(Hotline.options(), options), Mode.DEVELOPMENT, null)) {
            System.out.println(Machine.describe(node.database()));
            while (!node.knowledge().isReady() || !node.orderSearch().isReady()) {
                Thread.sleep(50);
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + node.port();
            String token = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            new JsonObject().put("username", "operator").put("password", "demo").encode())).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).getString("token");
            KbStore store = new KbStore();
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

            long[] articles = new long[trials];
            for (int i = 0; i < trials; i++) {
                pause();
                String word = "鲜度测试" + UUID.randomUUID().toString().substring(0, 8);
                ArticleContent content = new ArticleContent("另一节点写入的文章" + i, word, "<p>" + word + "</p>", null,
                        null, List.of(word), null, null, null);
                long id = node.database().transaction(dsl -> store.create(dsl, content, null, true, null, null,
                        Instant.now(), "bench").id());
                long committed = System.nanoTime();
                while (node.knowledge().suggest(word, 5, today).stream()
                        .noneMatch(s -> s.id().equals(Long.toString(id)))) {
                    Thread.sleep(5);
                }
                articles[i] = (System.nanoTime() - committed) / 1000;
            }
            long[] orders = new long[trials];
            for (int i = 0; i < trials; i++) {
                pause();
                int before = node.orderSearch().index().size();
                JsonObject body = new JsonObject().put("channel", "phone").put("type", "complaint")
                        .put("urgency", "normal").put("categoryId", categoryId(http, base, token))
                        .put("content", "楼道灯不亮了 #" + i);
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/work-orders"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                        HttpResponse.BodyHandlers.ofString());
                long answered = System.nanoTime();
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("intake failed: " + r.body());
                }
                while (node.orderSearch().index().size() <= before) {
                    Thread.sleep(5);
                }
                orders[i] = (System.nanoTime() - answered) / 1000;
            }
            LagStats a = LagStats.ofMicros(articles);
            LagStats b = LagStats.ofMicros(orders);
            List<String> rows = new ArrayList<>();
            rows.add("| change | trials | p50 ms | p99 ms | max ms |");
            rows.add("|---|---:|---:|---:|---:|");
            rows.add(String.format("| KB article written by another node → suggested here | %d | %.1f | %.1f | %.1f |",
                    a.count(), a.p50(), a.p99(), a.max()));
            rows.add(String.format("| order taken through the API → found by similar-order search | %d | %.1f | %.1f | "
                    + "%.1f |", b.count(), b.p50(), b.p99(), b.max()));
            return new Result(a, b, rows);
        }
    }

    private static Long category;

    private static long categoryId(HttpClient http, String base, String token) throws Exception {
        if (category == null) {
            JsonObject tree = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/categories"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
            Map<String, Long> ids = new HashMap<>();
            MixedBenchmark.walk(tree.getJsonArray("items"), ids);
            category = ids.get("020101");
        }
        return category;
    }

    /** A random pause, so that trials fall anywhere in the indexes' polling cycles. */
    private static void pause() throws InterruptedException {
        Thread.sleep(ThreadLocalRandom.current().nextInt(50, 600));
    }
}
