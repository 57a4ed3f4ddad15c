package org.hotline.bench;

import static org.hotline.db.generated.Tables.CATEGORY;
import static org.hotline.db.generated.Tables.CITIZEN;
import static org.hotline.db.generated.Tables.UNIT;
import static org.hotline.db.generated.Tables.AREA;
import static org.hotline.db.generated.Tables.WORK_ORDER;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import org.hotline.citizen.PiiCipher;
import org.hotline.config.Config;
import org.hotline.db.Database;
import org.hotline.kb.ArticleContent;
import org.hotline.kb.KbStore;
import org.hotline.kb.OrderIndex;
import org.hotline.kb.ReferenceResolver;
import org.hotline.reference.ReferenceCache;
import org.hotline.server.Hotline;
import org.hotline.server.Mode;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.hotline.db.generated.tables.records.WorkOrderRecord;

/**
 * The operator's desk under a large knowledge base and a long history: {@code kb/suggest} over 100,000 articles and
 * {@code assist/similar} over 1,000,000 indexed orders, each measured at the HTTP API (a real Hotline node, a real
 * session, MySQL/MariaDB underneath) and at the raw Lucene search underneath, with the same queries in the same
 * order, one client at a time (latency, not throughput). Prints percentiles in milliseconds.
 *
 * <pre>
 * java -cp "benchmarks/target/hotline-benchmarks.jar:benchmarks/target/lib/*" org.hotline.bench.DeskBenchmark \
 *     --db-url=jdbc:mysql://127.0.0.1:3306/hotline_bench_desk [--articles=100000] [--orders=1000000] \
 *     [--seconds=30] [--warmup=10] [--queries=eval/kb-queries.jsonl]
 * </pre>
 */
public final class DeskBenchmark {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String[] QUALIFIERS = {"江北区", "江南区", "青山区", "临湖区", "市本级", "窗口版", "网办版", "问答版",
        "解读", "热点问答", "办事指南", "政策口径", "常见问题", "答复口径", "操作说明", "温馨提示"};
    private static final String[] TAILS = {"要求尽快处理。", "希望相关部门核实。", "请求帮助协调。", "已多次反映未解决。", "影响正常生活。",
        "请尽快派人查看。", "希望给个说法。", ""};

    private DeskBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = TimerBenchmark.options(args);
        String url = o.get("db-url");
        if (url == null || o.containsKey("help")) {
            System.out.println("usage: DeskBenchmark --db-url=jdbc:mysql://127.0.0.1:3306/hotline_bench_desk "
                    + "[--db-username=root] [--db-password=] [--articles=100000] [--orders=1000000] [--seconds=30] "
                    + "[--warmup=10] [--queries=eval/kb-queries.jsonl]");
            System.exit(url == null ? 2 : 0);
        }
        String user = o.getOrDefault("db-username", "root");
        String password = o.getOrDefault("db-password", "");
        int articles = Integer.parseInt(o.getOrDefault("articles", "100000").replace("_", ""));
        int orders = Integer.parseInt(o.getOrDefault("orders", "1000000").replace("_", ""));
        Duration measure = Duration.ofSeconds(Long.parseLong(o.getOrDefault("seconds", "30")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup", "10")));
        List<String> kbQueries = kbQueries(Path.of(o.getOrDefault("queries", "eval/kb-queries.jsonl")));

        // --keep: measure again on the database and indexes a previous run left (skips minutes of loading).
        boolean keep = o.containsKey("keep");
        Path dataDir = o.containsKey("data-dir") ? Path.of(o.get("data-dir"))
                : Files.createTempDirectory("hotline-bench-desk");
        if (!keep) {
            TimerBenchmark.recreate(url, user, password);
        }
        long t0 = System.nanoTime();
        Result r = measure(Map.of("db", "mysql", "db-url", url, "db-username", user, "db-password", password),
                dataDir, new Settings(articles, orders, warmup, measure, kbQueries), !keep);
        System.out.println();
        r.rows().forEach(System.out::println);
        System.out.printf("%nkb/suggest: API p99 %.2f ms vs target min(10, 1.5 × %.2f + 1 = %.2f) ms%n",
                r.kbApi().p99(), r.kbRaw().p99(), 1.5 * r.kbRaw().p99() + 1);
        System.out.printf("assist/similar: API p99 %.2f ms vs target 50 ms%n", r.similarApi().p99());
        System.out.printf("total %.1f min%n", (System.nanoTime() - t0) / 60e9);
        System.exit(0);
    }

    /** What to load and how long to measure. */
    record Settings(int articles, int orders, Duration warmup, Duration measure, List<String> kbQueries) {
    }

    /** Percentiles of each measured call, and the rows of the report. */
    record Result(LagStats kbRaw, LagStats kbApi, LagStats similarRaw, LagStats similarApi, LagStats dispatchApi,
                  List<String> rows) {
    }

    /**
     * Loads the data ({@code load}: into an empty database given by {@code db}), starts a node, waits for its
     * indexes and measures.
     */
    static Result measure(Map<String, String> db, Path dataDir, Settings s, boolean load) throws Exception {
        int articles = s.articles();
        int orders = s.orders();
        Duration warmup = s.warmup();
        Duration measure = s.measure();
        List<String> kbQueries = s.kbQueries();
        Map<String, String> options = new HashMap<>(db);
        options.putAll(Map.of("data-dir", dataDir.toString(), "http-port", "0", "config-file", "",
                "demo-orders", "0", "demo-history", "0", "log-level", "warn"));
        Config config = Config.of(Hotline.options(), options);
        if (load) {
            // First start: schema, demo city, accounts, the 200 demo articles.
            Hotline.start(config, Mode.DEVELOPMENT, null).close();
            PiiCipher cipher = PiiCipher.fromBase64(Files.readString(dataDir.resolve("pii.key")).strip());
            try (Database database = Hotline.openDatabase(config, Hotline.databaseKind(config, Mode.DEVELOPMENT),
                    null)) {
                long a = System.nanoTime();
                loadArticles(database, articles);
                System.out.printf("loaded %,d articles in %.1f s%n", articles, (System.nanoTime() - a) / 1e9);
                long b = System.nanoTime();
                loadOrders(database, cipher, orders);
                System.out.printf("loaded %,d orders in %.1f s%n", orders, (System.nanoTime() - b) / 1e9);
            }
        }
        long started = System.nanoTime();
        try (Hotline node = Hotline.start(config, Mode.DEVELOPMENT, null)) {
            awaitIndexes(node, articles, orders);
            System.out.printf("indexes ready %.1f s after start (%,d articles, %,d orders)%n",
                    (System.nanoTime() - started) / 1e9, node.knowledge().index().size(),
                    node.orderSearch().index().size());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + node.port();
            String token = login(http, base);
            // A plain keep-alive connection: what is measured is the server, not a client's thread hand-offs.
            LeanHttp lean = new LeanHttp("127.0.0.1", node.port(), token);
            LocalDate today = LocalDate.now(ZONE);

            List<String> rows = new ArrayList<>();
            rows.add("| measured | requests | p50 ms | p99 ms | max ms |");
            rows.add("|---|---:|---:|---:|---:|");
            LagStats raw = run("kb raw", warmup, measure, kbQueries.size(),
                    i -> node.knowledge().suggest(kbQueries.get(i), 5, today));
            LagStats api = run("kb api", warmup, measure, kbQueries.size(), i -> lean.get(
                    "/api/v1/kb/suggest?limit=5&q=" + URLEncoder.encode(kbQueries.get(i), StandardCharsets.UTF_8)));
            rows.add(row("kb/suggest, raw Lucene (" + fmt(articles) + " articles)", raw));
            rows.add(row("kb/suggest, HTTP API", api));

            List<JsonObject> similar = similarQueries();
            OrderIndex index = node.orderSearch().index();
            long since = Instant.now().minus(Duration.ofDays(730)).getEpochSecond();
            LagStats rawSimilar = run("similar raw", warmup, measure, similar.size(), i -> {
                JsonObject q = similar.get(i);
                try {
                    index.similar(q.getString("content"), q.getString("address"), null, null, null, since, 300, 20);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            LagStats apiSimilar = run("similar api", warmup, measure, similar.size(), i -> lean.post(
                    "/api/v1/assist/similar", similar.get(i)));
            rows.add(row("assist/similar, raw Lucene (" + fmt(orders) + " orders)", rawSimilar));
            rows.add(row("assist/similar, HTTP API", apiSimilar));
            LagStats apiDispatch = run("dispatch api", warmup, measure, similar.size(), i -> lean.post(
                    "/api/v1/assist/dispatch", new JsonObject().put("content",
                    similar.get(i).getString("content")).put("address", similar.get(i).getString("address"))));
            rows.add(row("assist/dispatch, HTTP API", apiDispatch));
            return new Result(raw, api, rawSimilar, apiSimilar, apiDispatch, rows);
        }
    }

    /** Runs {@code call} on queries in turn: {@code warmup} unrecorded, then {@code measure} recorded. */
    private static LagStats run(String name, Duration warmup, Duration measure, int queries, IntConsumer call) {
        long end = System.nanoTime() + warmup.toNanos();
        int i = 0;
        while (System.nanoTime() < end) {
            call.accept(i++ % queries);
        }
        long[] micros = new long[1 << 16];
        int n = 0;
        end = System.nanoTime() + measure.toNanos();
        while (System.nanoTime() < end) {
            long s = System.nanoTime();
            call.accept(i++ % queries);
            if (n == micros.length) {
                micros = java.util.Arrays.copyOf(micros, n * 2);
            }
            micros[n++] = (System.nanoTime() - s) / 1000;
        }
        LagStats stats = LagStats.ofMicros(java.util.Arrays.copyOf(micros, n));
        System.out.printf("%-12s %,8d requests  p50 %.2f ms  p99 %.2f ms  max %.2f ms%n", name, stats.count(),
                stats.p50(), stats.p99(), stats.max());
        return stats;
    }

    private static String row(String what, LagStats s) {
        return String.format("| %s | %,d | %.2f | %.2f | %.2f |", what, s.count(), s.p50(), s.p99(), s.max());
    }

    private static String fmt(int n) {
        return String.format("%,d", n);
    }

    private static void awaitIndexes(Hotline node, int articles, int orders) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        while (System.nanoTime() < deadline) {
            boolean kb = node.knowledge().isReady() && node.knowledge().index().size() >= articles;
            boolean os = node.orderSearch().isReady() && node.orderSearch().index().size() >= orders;
            if (kb && os) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("indexes not ready within an hour");
    }

    // --- data -------------------------------------------------------------------------------------------------

    /** Variants of the 200 demo articles: each with a qualifier and a sentence borrowed from another article. */
    private static void loadArticles(Database db, int count) {
        JsonArray base = resourceArray("demo/kb-articles.json");
        var resolver = new ReferenceResolver(new ReferenceCache(db).get());
        KbStore store = new KbStore();
        List<ArticleContent> bases = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            JsonObject a = base.getJsonObject(i).copy();
            a.remove("validFrom");
            a.remove("validTo");
            bases.add(ArticleContent.parse(a, resolver, ""));
        }
        Random random = new Random(7);
        Instant now = Instant.now();
        int batch = 500;
        for (int start = 0; start < count; start += batch) {
            int from = start;
            db.transaction(dsl -> {
                for (int i = from; i < Math.min(count, from + batch); i++) {
                    ArticleContent b = bases.get(i % bases.size());
                    ArticleContent other = bases.get(random.nextInt(bases.size()));
                    String borrowed = other.answerText().split("[。；]")[0];
                    ArticleContent c = new ArticleContent(b.title() + "（" + QUALIFIERS[random.nextInt(
                            QUALIFIERS.length)] + " " + (i / bases.size()) + "）", b.question(),
                            b.answer() + "<p>" + borrowed + "。</p>", b.categoryId(), b.ownerUnitId(), b.keywords(),
                            null, null, null);
                    store.create(dsl, c, null, true, null, null, now, "bench");
                }
                return null;
            });
        }
    }

    /** Closed and open orders over two years, from the development messages and the live templates, varied. */
    private static void loadOrders(Database db, PiiCipher cipher, int count) {
        List<String[]> messages = new ArrayList<>();
        for (String line : resourceText("demo/dispatch-dev.jsonl").split("\n")) {
            if (!line.isBlank()) {
                JsonObject m = new JsonObject(line);
                messages.add(new String[] {m.getString("content"), m.getString("category"), m.getString("unit")});
            }
        }
        DSLContext plain = db.dsl();
        Map<String, Long> categories = new HashMap<>();
        plain.select(CATEGORY.CODE, CATEGORY.ID).from(CATEGORY).forEach(r -> categories.put(r.value1(), r.value2()));
        Map<String, Long> units = new HashMap<>();
        plain.select(UNIT.CODE, UNIT.ID).from(UNIT).forEach(r -> units.put(r.value1(), r.value2()));
        List<Long> streets = plain.select(AREA.ID).from(AREA).where(AREA.LEVEL.eq("street")).fetch(AREA.ID);
        JsonObject places = resourceObject("demo/orders.json").getJsonObject("places");
        List<String> placeList = new ArrayList<>();
        places.forEach(e -> ((JsonArray) e.getValue()).forEach(p -> placeList.add((String) p)));
        Random random = new Random(11);
        // A pool of callers, so "same caller" has something to find.
        List<Long> citizens = new ArrayList<>();
        db.transaction(dsl -> {
            var insert = dsl.insertInto(CITIZEN, CITIZEN.PHONE_CIPHER, CITIZEN.PHONE_HASH, CITIZEN.PHONE_MASKED,
                    CITIZEN.CREATED_AT);
            for (int i = 0; i < 20_000; i++) {
                String phone = "139" + String.format("%08d", i);
                insert = insert.values(cipher.encrypt(phone), cipher.lookupHash(phone), "139****" + phone.substring(7),
                        Instant.now());
            }
            insert.execute();
            citizens.addAll(dsl.select(CITIZEN.ID).from(CITIZEN).fetch(CITIZEN.ID));
            return null;
        });
        Instant now = Instant.now();
        Instant updated = now.minus(Duration.ofDays(1));
        long span = Duration.ofDays(730).getSeconds();
        List<Field<?>> fields = List.of(WORK_ORDER.NUMBER, WORK_ORDER.PICKUP_CODE, WORK_ORDER.CHANNEL, WORK_ORDER.TYPE,
                WORK_ORDER.URGENCY, WORK_ORDER.CATEGORY_ID, WORK_ORDER.AREA_ID, WORK_ORDER.ADDRESS, WORK_ORDER.CONTENT,
                WORK_ORDER.CONFIDENTIAL, WORK_ORDER.CITIZEN_ID, WORK_ORDER.STATUS, WORK_ORDER.LEAD_UNIT_ID,
                WORK_ORDER.HANDLER_UNIT_ID, WORK_ORDER.REHANDLE_COUNT, WORK_ORDER.TRANSFER_COUNT,
                WORK_ORDER.EXTENSION_PENDING, WORK_ORDER.CREATED_AT, WORK_ORDER.UPDATED_AT, WORK_ORDER.CLOSED_AT,
                WORK_ORDER.VERSION);
        int perStatement = 1000;
        for (int start = 0; start < count; start += perStatement * 10) {
            int from = start;
            db.transaction(dsl -> {
                for (int s = from; s < Math.min(count, from + perStatement * 10); s += perStatement) {
                    InsertValuesStepN<WorkOrderRecord> insert = dsl.insertInto(WORK_ORDER, fields);
                    for (int i = s; i < Math.min(count, s + perStatement); i++) {
                        String[] m = messages.get(random.nextInt(messages.size()));
                        String place = placeList.get(random.nextInt(placeList.size()));
                        String content = vary(m[0], placeList, random);
                        Long category = categories.get(m[1]);
                        Long unit = m[2] == null ? null : units.get(m[2]);
                        Instant created = now.minusSeconds((long) (random.nextDouble() * span));
                        boolean closed = random.nextInt(10) < 9;
                        insert = insert.values(java.util.Arrays.asList("B" + i, "000000", "phone", "complaint",
                                "normal", category, streets.get(random.nextInt(streets.size())), place, content,
                                false, random.nextInt(10) == 0 ? citizens.get(random.nextInt(citizens.size())) : null,
                                closed ? "CLOSED" : "ACCEPTED", closed ? unit : null, closed ? unit : null, 0, 0,
                                false, created, updated, closed ? created.plus(Duration.ofDays(3)) : null, 1));
                    }
                    insert.execute();
                }
                return null;
            });
            if ((start / (perStatement * 10)) % 20 == 0) {
                System.out.printf("  %,d orders%n", start);
            }
        }
    }

    /** Another place in the same words, and a tail: a million orders that are not a thousand copies. */
    private static String vary(String content, List<String> places, Random random) {
        String out = content;
        for (String p : places) {
            if (out.contains(p)) {
                out = out.replace(p, places.get(random.nextInt(places.size())));
                break;
            }
        }
        return out + TAILS[random.nextInt(TAILS.length)] + (random.nextInt(3) == 0 ? (random.nextInt(30) + 1) + "号楼"
                : "");
    }

    private static List<JsonObject> similarQueries() {
        List<JsonObject> out = new ArrayList<>();
        Random random = new Random(3);
        String[] lines = resourceText("demo/dispatch-dev.jsonl").split("\n");
        for (int i = 0; i < 500; i++) {
            JsonObject m = new JsonObject(lines[random.nextInt(lines.length)]);
            String content = m.getString("content");
            // What an operator has typed after a few seconds: the first part of the problem.
            out.add(new JsonObject().put("content", content.substring(0, Math.min(content.length(), 20 + random
                    .nextInt(40)))).put("address", "滨江花园").put("days", 730));
        }
        return out;
    }

    private static List<String> kbQueries(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                out.add(new JsonObject(line).getString("text"));
            }
        }
        return out;
    }

    private static String login(HttpClient http, String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                        .put("username", "operator").put("password", "demo").encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body()).getString("token");
    }

    private static String resourceText(String name) {
        try (InputStream in = DeskBenchmark.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonArray resourceArray(String name) {
        return new JsonArray(resourceText(name));
    }

    private static JsonObject resourceObject(String name) {
        return new JsonObject(resourceText(name));
    }
}
