package org.hotline.bench;

import static org.hotline.db.generated.Tables.WORK_ORDER;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.hotline.assessment.AssessmentRoutes;
import org.hotline.config.Config;
import org.hotline.dashboard.DashboardRoutes;
import org.hotline.db.Database;
import org.hotline.db.DatabaseKind;
import org.hotline.kb.OrderIndex;
import org.hotline.notify.Outbox;
import org.hotline.reference.ReferenceCache;
import org.hotline.server.Hotline;
import org.hotline.server.Mode;
import org.hotline.sla.CalendarStore;
import org.hotline.sla.OfficeHours;
import org.hotline.supervision.SupervisionService;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The leadership dashboard over a big city's year: 10,000,000 orders in MariaDB ({@link DashboardFill}), every tile
 * of {@code /dashboard/today} and the month's aggregate sums measured alone (the methods the routes call, on a full
 * day and a full month), then every request the leadership page makes, at the HTTP API as a logged-in leader. One
 * request at a time (latency, not throughput), a warm-up and then a measured stretch per line; prints percentiles in
 * milliseconds as the rows of BENCHMARKS.md's table.
 *
 * <p>The node keeps time from the end of the loaded year (23:30 on its last day, by an offset clock), so "today" is
 * a whole day's orders and calls, however long ago the fill ran; {@code --keep} measures again on a filled database.
 * The order index (similar orders, dispatch suggestions; not read by the dashboard) starts from an empty index whose
 * watermark is the fill's newest change, as a node restarts from its own index, instead of indexing 10,000,000
 * orders first (half an hour here): its feeder then reads only what changed since.
 *
 * <pre>
 * java -Xmx3g -cp "benchmarks/target/hotline-benchmarks.jar:benchmarks/target/lib/*" \
 *     org.hotline.bench.DashboardBenchmark --db-url=jdbc:mysql://127.0.0.1:3306/hotline_bench_dash \
 *     [--orders=10000000] [--seconds=30] [--warmup=10] [--fill-only | --keep] [--only=today,api-today,…]
 * </pre>
 */
public final class DashboardBenchmark {

    private static final ZoneId ZONE = DashboardFill.ZONE;
    /** The node's time of day on the last loaded day: late, so the day is nearly whole, with time left to measure. */
    static final LocalTime END_OF_DATA = LocalTime.of(23, 30);

    private DashboardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = TimerBenchmark.options(args);
        String url = o.get("db-url");
        if (url == null || o.containsKey("help")) {
            System.out.println("usage: DashboardBenchmark --db-url=jdbc:mysql://127.0.0.1:3306/hotline_bench_dash "
                    + "[--db-username=root] [--db-password=] [--orders=10000000] [--call-days=60] [--seconds=30] "
                    + "[--warmup=10] [--data-dir=DIR] [--fill-only | --keep] [--only=name,…]\n"
                    + "  --fill-only  load and stop; --keep  measure what a previous run loaded (no reload)\n"
                    + "  --only       measure only these lines: " + String.join(",", LINES));
            System.exit(url == null ? 2 : 0);
        }
        String user = o.getOrDefault("db-username", "root");
        String password = o.getOrDefault("db-password", "");
        int orders = Integer.parseInt(o.getOrDefault("orders", "10000000").replace("_", ""));
        DashboardFill.Settings city = DashboardFill.Settings.city(orders);
        if (o.containsKey("call-days")) {
            city = new DashboardFill.Settings(city.orders(), city.extraDistricts(), city.streetsPerDistrict(),
                    city.extraBureaus(), city.extraEnterprises(), Integer.parseInt(o.get("call-days")), city.seed());
        }
        Settings s = new Settings(city, Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup", "10"))),
                Duration.ofSeconds(Long.parseLong(o.getOrDefault("seconds", "30"))),
                o.containsKey("only") ? Set.of(o.get("only").split(",")) : Set.copyOf(LINES),
                !o.containsKey("keep"), !o.containsKey("fill-only"));
        // The same directory each time, so --keep finds the order index and the PII key the fill left.
        Path dataDir = Path.of(o.getOrDefault("data-dir", System.getProperty("java.io.tmpdir")
                + "/hotline-bench-dash"));
        if (s.load()) {
            TimerBenchmark.recreate(url, user, password);
            deleteTree(dataDir);
        }
        Files.createDirectories(dataDir);
        long t0 = System.nanoTime();
        Result r = run(Map.of("db", "mysql", "db-url", url, "db-username", user, "db-password", password), dataDir,
                s);
        System.out.println();
        r.rows().forEach(System.out::println);
        System.out.printf("%ntotal %.1f min%n", (System.nanoTime() - t0) / 60e9);
        System.exit(0);
    }

    /** The lines, in the order they are measured; {@code --only} picks some. */
    static final List<String> LINES = List.of("today", "hourly", "calls", "overdue", "month", "supervision", "counts",
            "api-today", "api-month", "api-this-month", "api-quarter", "api-year", "api-hotspots", "api-places",
            "api-terms", "api-terms-computed", "api-inbox", "api-list");

    /** What to load, how long to measure, which lines; {@code load}: fill first; {@code then}: then measure. */
    record Settings(DashboardFill.Settings fill, Duration warmup, Duration measure, Set<String> only, boolean load,
                    boolean then) {
    }

    /** Each measured line's percentiles, the report's rows, and what was loaded (null with --keep). */
    record Result(Map<String, LagStats> lines, List<String> rows, DashboardFill.Loaded loaded) {
    }

    static Result run(Map<String, String> db, Path dataDir, Settings s) throws Exception {
        Map<String, String> options = new HashMap<>(db);
        options.putAll(Map.of("data-dir", dataDir.toString(), "http-port", "0", "config-file", "",
                "demo-orders", "0", "demo-history", "0", "log-level", "warn"));
        Config config = Config.of(Hotline.options(), options);
        DashboardFill.Loaded loaded = null;
        if (s.load()) {
            // First start: schema, demo city, accounts.
            Hotline.start(config, Mode.DEVELOPMENT, null).close();
            try (Database database = Hotline.openDatabase(config, Hotline.databaseKind(config, Mode.DEVELOPMENT),
                    null)) {
                Instant end = LocalDate.now(ZONE).minusDays(1).atTime(END_OF_DATA).atZone(ZONE).toInstant();
                System.out.printf("Filling %,d orders over the year to %s%n", s.fill().orders(), end.atZone(ZONE));
                loaded = new DashboardFill(database, s.fill(), end, System.out).run();
                System.out.printf("Loaded in %.1f min: %s%n", loaded.took().toSeconds() / 60.0, loaded);
                tableSizes(database).forEach(System.out::println);
            }
        }
        if (!s.then()) {
            return new Result(Map.of(), List.of(), loaded);
        }
        Instant dataEnd;
        Instant newestChange;
        try (Database database = Hotline.openDatabase(config, Hotline.databaseKind(config, Mode.DEVELOPMENT),
                null)) {
            DSLContext dsl = database.dsl();
            dataEnd = dsl.select(DSL.max(WORK_ORDER.CREATED_AT)).from(WORK_ORDER).fetchOne(0, Instant.class);
            newestChange = dsl.select(DSL.max(WORK_ORDER.UPDATED_AT)).from(WORK_ORDER).fetchOne(0, Instant.class);
            if (database.kind() == DatabaseKind.MYSQL) {
                tableSizes(database).forEach(System.out::println);
            }
        }
        // The order index as a node that had kept up with the fill would have it: nothing to read at start.
        try (OrderIndex index = OrderIndex.open(dataDir.resolve("index"))) {
            if (index.watermark() == null) {
                index.commitWatermark(Long.toString(newestChange.toEpochMilli()));
            }
        }
        Instant nodeNow = LocalDate.ofInstant(dataEnd, ZONE).atTime(END_OF_DATA).atZone(ZONE).toInstant();
        if (nodeNow.isBefore(dataEnd)) {
            nodeNow = dataEnd.plusSeconds(60);
        }
        Clock clock = Clock.tick(Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), nodeNow)),
                Duration.ofMillis(1));
        long started = System.nanoTime();
        try (Hotline node = Hotline.start(config, Mode.DEVELOPMENT, null, clock)) {
            while (!node.orderSearch().isReady() || !node.knowledge().isReady()) {
                Thread.sleep(100);
            }
            System.out.printf("node ready in %.1f s, its clock at %s (the end of the loaded data)%n",
                    (System.nanoTime() - started) / 1e9, clock.instant().atZone(ZONE));
            return measure(node, clock, s, loaded);
        }
    }

    private static Result measure(Hotline node, Clock clock, Settings s, DashboardFill.Loaded loaded)
            throws Exception {
        Database database = node.database();
        ReferenceCache reference = new ReferenceCache(database);
        SupervisionService supervision = new SupervisionService(database, reference,
                new Outbox(new CalendarStore(database, OfficeHours.DEFAULT)::workingTime), clock, ZONE);
        DashboardRoutes tiles = new DashboardRoutes(node.db(), reference, supervision, clock, ZONE);
        DSLContext dsl = database.dsl();
        LocalDate today = LocalDate.now(clock.withZone(ZONE));
        LocalDate day = today.minusDays(1);
        YearMonth month = YearMonth.from(today).minusMonths(1);
        LocalDate quarterStart = today.with(IsoFields.DAY_OF_QUARTER, 1).minusMonths(3);
        String quarter = quarterStart.getYear() + "-Q" + quarterStart.get(IsoFields.QUARTER_OF_YEAR);
        Long centre = reference.get().units().centre().map(u -> u.id()).orElse(null);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = login(http, "http://127.0.0.1:" + node.port());
        LeanHttp lean = new LeanHttp("127.0.0.1", node.port(), token);
        // Weeks before this one, each asked in turn: the terms of a week are cached, one week at a time.
        List<String> weeks = new ArrayList<>();
        for (int w = 1; w <= 20; w++) {
            LocalDate d = today.minusWeeks(w);
            weeks.add(String.format("%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
        }

        Map<String, Line> lines = new LinkedHashMap<>();
        lines.put("today", new Line("tile `today`: " + day + " (a whole day)",
                i -> DashboardRoutes.todayCounts(dsl, day, centre)));
        lines.put("hourly", new Line("tile `hourly`: " + day, i -> tiles.hourly(dsl, day)));
        lines.put("calls", new Line("tile `calls`: " + day, i -> tiles.calls(dsl, day)));
        lines.put("overdue", new Line("tile `overdue`: now", i -> DashboardRoutes.overdueByLevel(dsl, clock.instant())));
        lines.put("month", new Line("tile `month`: " + month + " (a whole month)",
                i -> DashboardRoutes.monthRates(dsl, month, month.atEndOfMonth(), centre)));
        lines.put("supervision", new Line("tile `supervision`", i -> supervision.byMode(dsl)));
        lines.put("counts", new Line("`AssessmentRoutes.counts` for " + month + " (every unit)",
                i -> AssessmentRoutes.counts(dsl, month.atDay(1), month.atEndOfMonth())));
        lines.put("api-today", new Line("GET /dashboard/today (" + today + ", to " + END_OF_DATA + ")",
                i -> lean.get("/api/v1/dashboard/today")));
        lines.put("api-month", new Line("GET /assessment?period=" + month,
                i -> lean.get("/api/v1/assessment?period=" + month)));
        lines.put("api-this-month", new Line("GET /assessment?period=" + YearMonth.from(today) + " (the month so far: "
                + "what the page asks)", i -> lean.get("/api/v1/assessment?period=" + YearMonth.from(today))));
        lines.put("api-quarter", new Line("GET /assessment?period=" + quarter,
                i -> lean.get("/api/v1/assessment?period=" + quarter)));
        lines.put("api-year", new Line("GET /assessment?period=" + today.getYear(),
                i -> lean.get("/api/v1/assessment?period=" + today.getYear())));
        lines.put("api-hotspots", new Line("GET /hotspots", i -> lean.get("/api/v1/hotspots")));
        // The centre's inbox over the whole table (units' inboxes read assignments, which the fill does not write).
        lines.put("api-inbox", new Line("GET /work-orders/inbox (the centre's box counts)",
                i -> lean.get("/api/v1/work-orders/inbox")));
        lines.put("api-list", new Line("GET /work-orders?box=overdue&limit=20 (the first page of a box)",
                i -> lean.get("/api/v1/work-orders?box=overdue&limit=20")));
        lines.put("api-places", new Line("GET /hotspots/places?days=7", i -> lean.get("/api/v1/hotspots/places?days=7")));
        lines.put("api-terms", new Line("GET /hotspots/terms (this week; kept 5 min)",
                i -> lean.get("/api/v1/hotspots/terms")));
        lines.put("api-terms-computed", new Line("GET /hotspots/terms?week=… (another week each time: computed)",
                i -> lean.get("/api/v1/hotspots/terms?week=" + weeks.get(i % weeks.size()))));

        Map<String, LagStats> measured = new LinkedHashMap<>();
        List<String> rows = new ArrayList<>();
        rows.add("| measured | requests | p50 ms | p99 ms | max ms |");
        rows.add("|---|---:|---:|---:|---:|");
        for (var e : lines.entrySet()) {
            if (!s.only().contains(e.getKey())) {
                continue;
            }
            LagStats stats = run(e.getKey(), s.warmup(), s.measure(), e.getValue().call());
            measured.put(e.getKey(), stats);
            rows.add(String.format("| %s | %,d | %.2f | %.2f | %.2f |", e.getValue().what(), stats.count(),
                    stats.p50(), stats.p99(), stats.max()));
        }
        return new Result(measured, rows, loaded);
    }

    /** One measured line: what the report calls it, and one call of it. */
    private record Line(String what, IntConsumer call) {
    }

    /** Runs {@code call} again and again: {@code warmup} unrecorded, then {@code measure} recorded. */
    private static LagStats run(String name, Duration warmup, Duration measure, IntConsumer call) {
        long end = System.nanoTime() + warmup.toNanos();
        int i = 0;
        while (System.nanoTime() < end) {
            call.accept(i++);
        }
        long[] micros = new long[1 << 14];
        int n = 0;
        end = System.nanoTime() + measure.toNanos();
        do {
            long t = System.nanoTime();
            call.accept(i++);
            if (n == micros.length) {
                micros = Arrays.copyOf(micros, n * 2);
            }
            micros[n++] = (System.nanoTime() - t) / 1000;
        } while (System.nanoTime() < end);
        LagStats stats = LagStats.ofMicros(Arrays.copyOf(micros, n));
        System.out.printf("%-20s %,8d  p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms%n", name, stats.count(), stats.p50(),
                stats.p99(), stats.max());
        return stats;
    }

    /** Rows, data and index size of the fill's tables (MySQL/MariaDB; the row counts are InnoDB's estimates). */
    static List<String> tableSizes(Database database) {
        if (database.kind() != DatabaseKind.MYSQL) {
            return List.of();
        }
        // The application's jOOQ leaves schemas out of names; information_schema needs its own.
        DSLContext dsl = DSL.using(database.dsl().configuration().derive(
                org.jooq.conf.SettingsTools.clone(database.dsl().settings()).withRenderSchema(true)));
        var t = DSL.table(DSL.name("information_schema", "tables"));
        var name = DSL.field(DSL.name("table_name"), String.class);
        var rows = DSL.field(DSL.name("table_rows"), Long.class);
        var data = DSL.field(DSL.name("data_length"), Long.class);
        var index = DSL.field(DSL.name("index_length"), Long.class);
        List<String> out = new ArrayList<>();
        dsl.select(name, rows, data, index).from(t)
                .where(DSL.field(DSL.name("table_schema"), String.class).eq(DSL.currentSchema()))
                .and(name.in("work_order", "order_clock", "call_record", "assessment_day", "assessment_unit_day"))
                .orderBy(name)
                .forEach(r -> out.add(String.format("  %-20s ~%,d rows, data %,d MiB, indexes %,d MiB", r.value1(),
                        r.value2(), r.value3() >> 20, r.value4() >> 20)));
        return out;
    }

    private static String login(HttpClient http, String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                        .put("username", "leader").put("password", "demo").encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login as leader: " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body()).getString("token");
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
