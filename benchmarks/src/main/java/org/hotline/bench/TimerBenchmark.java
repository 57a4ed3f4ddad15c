package org.hotline.bench;

import static org.hotline.db.generated.Tables.TIMER;
import static org.hotline.db.generated.Tables.WORK_ORDER_EVENT;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.db.Database;
import org.hotline.db.DatabaseKind;
import org.hotline.timer.TimerHandler;
import org.hotline.timer.TimerStore;
import org.hotline.workorder.OrderClocks;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The durable-timer benchmark (BENCHMARKS.md): a table of {@code pending} timers of which {@code due} fall due
 * soon, a real {@link org.hotline.timer.TimerScheduler} with production settings, and the lag from each timer's
 * due time to the commit of its firing. Scenarios:
 * <ul>
 *   <li>{@code spread}: the due timers spread evenly over one minute, production handler;</li>
 *   <li>{@code second}: all due within the same second, production handler;</li>
 *   <li>{@code second-noop}: the same with a handler that does nothing: the scheduler's own cost;</li>
 *   <li>{@code instant}, {@code instant-noop}: all due at the same millisecond (every clock
 *       set to 17:30:00), with each of the three handlers;</li>
 *   <li>{@code restart}: the node stops with the timers in its look-ahead, they fall due while no node runs, a new
 *       node starts: how long until all of them have fired, and whether timers due just after start are late.</li>
 * </ul>
 * Not a unit test: it runs on demand, for minutes, against a database of its own that it drops and re-creates.
 */
public final class TimerBenchmark {

    static final List<String> SCENARIOS = List.of("spread", "second", "second-noop", "instant", "instant-noop",
            "restart");

    /** What to run. The defaults are the figures of the issue and the settings {@code Hotline} runs with. */
    public record Settings(List<Integer> pending, int due, int runs, List<String> scenarios, Duration lead,
                           Duration spread, Duration downtime, Duration restartAfter, int poolSize,
                           Duration lookahead, Duration safetyScan, boolean warmup, Path report) {

        public static Settings defaults() {
            return new Settings(List.of(10_000, 1_000_000), 10_000, 3, SCENARIOS, Duration.ofSeconds(5),
                    Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofSeconds(1), 16, Duration.ofSeconds(10),
                    Duration.ofSeconds(5), true, Path.of("benchmarks/target/timer-benchmark.md"));
        }
    }

    /** One scenario run's figures. */
    record Result(String scenario, int pending, int run, int expected, int fired, int duplicates, int missed,
                  int early, int rolledBack, LagStats lag, double heapMiB, int lookahead, double catchUpMs,
                  double startMs, String cpu, double load, String notes) {
    }

    private final Database database;
    private final Settings settings;
    private final PrintStream out;
    private final TimerFill fill;
    private final FiringProbe probe = new FiringProbe();
    private final TimerHandler production;
    private final TimerHandler noop;
    private final List<Result> results = new ArrayList<>();
    private final StringBuilder metrics = new StringBuilder();
    private final List<String> facts = new ArrayList<>();
    private List<Long> orders = List.of();
    private Instant farFrom;
    private int nodes;

    public TimerBenchmark(Database database, Settings settings, PrintStream out) {
        this.database = database;
        this.settings = settings;
        this.out = out;
        this.fill = new TimerFill(database);
        var calendar = new org.hotline.sla.CalendarStore(database, org.hotline.sla.OfficeHours.DEFAULT);
        this.production = probe.around(new OrderClocks(calendar::workingTime, new org.hotline.sla.PolicyStore(),
                new org.hotline.reference.ReferenceCache(database),
                new org.hotline.notify.Outbox(calendar::workingTime)));
        this.noop = probe.around((dsl, timer, now) -> { });
        probe.attach(database);
    }

    public static void main(String[] args) throws Exception {
        try {
            benchmark(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    private static void benchmark(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if (options.containsKey("help")) {
            System.out.println(usage());
            return;
        }
        Settings s = settings(options);
        DatabaseKind kind = DatabaseKind.parse(options.getOrDefault("db", "mysql"));
        String url = options.get("db-url");
        String user = options.getOrDefault("db-username", "root");
        String password = options.getOrDefault("db-password", "");
        if (kind == DatabaseKind.MYSQL) {
            if (url == null) {
                throw new IllegalArgumentException("--db-url is required with --db=mysql\n\n" + usage());
            }
            recreate(url, user, password);
        }
        Path dir = Files.createTempDirectory("hotline-bench");
        try (Database db = Database.open(new Database.Settings_(kind, url, user, password, s.poolSize(),
                Duration.ofSeconds(10), dir), null)) {
            db.migrate();
            TimerBenchmark bench = new TimerBenchmark(db, s, System.out);
            bench.run();
            String report = bench.report();
            System.out.println();
            System.out.println(report);
            if (s.report() != null) {
                Files.createDirectories(s.report().toAbsolutePath().getParent());
                Files.writeString(s.report(), report, StandardCharsets.UTF_8);
                System.out.println("Report written to " + s.report());
            }
        }
    }

    /** Runs every scenario at every table size, the smallest table first. */
    public List<Result> run() {
        out.printf(Locale.ROOT, "Timer benchmark on %s; JDK %s, %d processors, max heap %d MiB%n",
                database.description(), Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        out.println("Settings: " + settings);
        Instant fillStart = Instant.now();
        farFrom = fillStart.plus(Duration.ofHours(23));
        orders = fill.dispatchedOrders(settings.due() + settings.due() / 10, fillStart);
        int filled = 0;
        boolean warmup = settings.warmup();
        for (int pending : settings.pending().stream().sorted().toList()) {
            int far = Math.max(0, pending - settings.due());
            if (far > filled) {
                long t = System.nanoTime();
                fill.farFuture(far - filled, fillStart);
                facts.add(String.format(Locale.ROOT, "Filled %,d far-future pending timers in %.1f s", far - filled,
                        (System.nanoTime() - t) / 1e9));
                out.println(facts.get(facts.size() - 1));
                filled = far;
            }
            long t = System.nanoTime();
            int counted = fill.pending();
            facts.add(String.format(Locale.ROOT, "Counting %,d pending timers (the pending gauge's query) took %.0f ms",
                    counted, (System.nanoTime() - t) / 1e6));
            out.println(facts.get(facts.size() - 1));
            if (warmup) {
                // The JIT compiles jOOQ's rendering and the driver's protocol during the first thousands of
                // firings; a node that has run for a while has done that long ago, so that is what we measure.
                warmup = false;
                for (String scenario : List.of("instant-noop", "instant")) {
                    out.println("(warm-up, not counted) " + row(scenario(scenario, pending, 0)));
                }
            }
            for (int run = 1; run <= settings.runs(); run++) {
                for (String scenario : settings.scenarios()) {
                    Result r = scenario(scenario, pending, run);
                    results.add(r);
                    out.println(row(r));
                }
            }
        }
        return List.copyOf(results);
    }

    private Result scenario(String scenario, int pending, int run) {
        Duration second = Duration.ofSeconds(1);
        return switch (scenario) {
            case "spread" -> timed(scenario, pending, run, evenly(settings.spread()), production);
            case "second" -> timed(scenario, pending, run, evenly(second), production);
            case "second-noop" -> timed(scenario, pending, run, evenly(second), noop);
            case "instant" -> timed(scenario, pending, run, evenly(Duration.ZERO), production);
            case "instant-noop" -> timed(scenario, pending, run, evenly(Duration.ZERO), noop);
            case "restart" -> restart(pending, run);
            default -> throw new IllegalArgumentException("unknown scenario " + scenario + "; known: " + SCENARIOS);
        };
    }

    /** Offsets from the first due time: {@code due} timers spread evenly over {@code window}. */
    private long[] evenly(Duration window) {
        long[] offsets = new long[settings.due()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = window.toMillis() * i / offsets.length;
        }
        return offsets;
    }

    /** Timers due {@code lead} after a node starts, at the given offsets; the node fires them. */
    private Result timed(String scenario, int pending, int run, long[] offsets, TimerHandler handler) {
        probe.reset();
        Instant now = Instant.now();
        Instant first = now.plus(settings.lead());
        List<Instant> dues = Arrays.stream(offsets).mapToObj(first::plusMillis).toList();
        fill.due(dues, orders, now);
        int tablePending = fill.pending();
        double heap;
        int lookahead;
        String cpu;
        try (BenchNode node = new BenchNode(database, "bench-" + ++nodes, settings, handler).start()) {
            // Measured before anything is due, so the forced collection cannot delay a firing.
            sleepUntil(first.minus(settings.lead().dividedBy(2)));
            heap = heapAfterGc();
            lookahead = node.lookahead();
            sleepUntil(first);
            CpuMeter meter = new CpuMeter(database.kind() == DatabaseKind.MYSQL);
            Instant last = dues.get(dues.size() - 1);
            awaitFired(dues.size(), last.plus(Duration.ofMinutes(1)));
            cpu = meter.since();
            sleep(Duration.ofMillis(300));
            metrics.setLength(0);
            metrics.append(node.timerMetrics());
        }
        List<FiringProbe.Firing> firings = probe.firings();
        long[] lags = firings.stream().mapToLong(FiringProbe.Firing::lagMicros).toArray();
        Result r = new Result(scenario, tablePending, run, dues.size(), firings.size(), probe.duplicates(),
                missed(), early(firings), probe.rolledBack(), LagStats.ofMicros(lags), heap, lookahead, Double.NaN,
                Double.NaN, cpu, load(), notes(handler, firings.size()));
        fill.clearAfterScenario(farFrom);
        return r;
    }

    /**
     * A node stops while the timers sit in its look-ahead; they fall due while no node runs; a new node starts.
     * Catch-up is from the new node's start to the commit of the last overdue firing; timers due shortly after the
     * start show whether the catch-up makes new ones late.
     */
    private Result restart(int pending, int run) {
        probe.reset();
        Instant now = Instant.now();
        Instant firstDue = now.plus(settings.lead().dividedBy(5));
        Instant restartAt = firstDue.plus(settings.downtime()).plus(settings.lead().dividedBy(10));
        List<Instant> overdue = Arrays.stream(evenly(settings.downtime())).mapToObj(firstDue::plusMillis).toList();
        int afterCount = Math.max(1, settings.due() / 10);
        Instant afterFirst = restartAt.plus(settings.restartAfter());
        List<Instant> after = new ArrayList<>();
        for (int i = 0; i < afterCount; i++) {
            after.add(afterFirst.plusMillis(settings.restartAfter().multipliedBy(2).toMillis() * i / afterCount));
        }
        List<Instant> all = new ArrayList<>(overdue);
        all.addAll(after);
        fill.due(all, orders, now);
        int tablePending = fill.pending();
        // Stops before the first is due, holding them all in its look-ahead.
        try (BenchNode stopping = new BenchNode(database, "bench-" + ++nodes, settings, production).start()) {
            sleepUntil(now.plus(settings.lead().dividedBy(20)));
        }
        sleepUntil(restartAt);
        Instant started = Instant.now();
        CpuMeter meter = new CpuMeter(database.kind() == DatabaseKind.MYSQL);
        double startMs;
        int lookahead;
        String cpu;
        try (BenchNode node = new BenchNode(database, "bench-" + ++nodes, settings, production).start()) {
            startMs = Duration.between(started, Instant.now()).toNanos() / 1e6;
            lookahead = node.lookahead();
            awaitFired(all.size(), after.get(after.size() - 1).plus(Duration.ofMinutes(1)));
            cpu = meter.since();
            sleep(Duration.ofMillis(300));
        }
        List<FiringProbe.Firing> firings = probe.firings();
        Instant lastOverdue = overdue.get(overdue.size() - 1);
        double catchUp = firings.stream().filter(f -> !f.timer().dueAt().isAfter(lastOverdue))
                .map(FiringProbe.Firing::committed).max(Comparator.naturalOrder())
                .map(c -> Duration.between(started, c).toNanos() / 1e6).orElse(Double.NaN);
        long[] afterLags = firings.stream().filter(f -> f.timer().dueAt().isAfter(lastOverdue))
                .mapToLong(FiringProbe.Firing::lagMicros).toArray();
        Result r = new Result("restart", tablePending, run, all.size(), firings.size(), probe.duplicates(), missed(),
                early(firings), probe.rolledBack(), LagStats.ofMicros(afterLags), Double.NaN, lookahead, catchUp,
                startMs, cpu, load(), String.format(Locale.ROOT, "%,d fell due while down; lag is of the %,d due "
                        + "%d–%d ms after start; %s", overdue.size(), afterCount, settings.restartAfter().toMillis(),
                        settings.restartAfter().multipliedBy(3).toMillis(), notes(production, firings.size())));
        fill.clearAfterScenario(farFrom);
        return r;
    }

    /** Firings whose handler ran before the timer was due: must be none. */
    private static int early(List<FiringProbe.Firing> firings) {
        return (int) firings.stream().filter(f -> f.handled().isBefore(f.timer().dueAt())).count();
    }

    private void awaitFired(int count, Instant deadline) {
        while (probe.committedCount() < count && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofMillis(5));
        }
    }

    /** Timers due by now that are still pending: a firing the scheduler missed. */
    private int missed() {
        return database.dsl().fetchCount(TIMER, TIMER.STATUS.eq(TimerStore.PENDING)
                .and(TIMER.DUE_AT.le(Instant.now())));
    }

    /** The order clocks' effects, checked in the database: one timeline event per firing. */
    private String notes(TimerHandler handler, int fired) {
        if (handler == noop) {
            return "";
        }
        int events = database.dsl().fetchCount(WORK_ORDER_EVENT);
        int maxPerOrder = database.dsl().select(DSL.count()).from(WORK_ORDER_EVENT)
                .groupBy(WORK_ORDER_EVENT.ORDER_ID).orderBy(DSL.count().desc()).limit(1)
                .fetchOptional(org.jooq.Record1::value1).orElse(0);
        return events == fired && maxPerOrder <= 1 ? "timeline events = firings"
                : "TIMELINE MISMATCH: " + events + " events for " + fired + " firings, max " + maxPerOrder
                + " per order";
    }

    /** The machine's one-minute load average: how busy it was besides us, roughly. */
    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double heapAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    // ------------------------------------------------------------------ report

    private static final String HEADER = "| scenario | pending | run | due | fired | dup | missed | early | lag p50 ms "
            + "| lag p99 ms | lag max ms | heap MiB | look-ahead | catch-up ms | CPU while firing (% of a core) | load | notes |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|";

    static String row(Result r) {
        return String.format(Locale.ROOT,
                "| %s | %,d | %d | %,d | %,d | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %.1f | %s |",
                r.scenario(), r.pending(), r.run(), r.expected(), r.fired(), r.duplicates(), r.missed(), r.early(),
                num(r.lag().p50()), num(r.lag().p99()), num(r.lag().max()), num(r.heapMiB()),
                r.lookahead() < 0 ? "" : Integer.toString(r.lookahead()), num(r.catchUpMs()), r.cpu(), r.load(),
                r.rolledBack() == 0 ? r.notes() : (r.notes().isEmpty() ? "" : r.notes() + "; ") + r.rolledBack()
                        + " handler runs rolled back");
    }

    /** Every run, then per scenario and table size the median and range over the runs. */
    public String report() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Database %s; JDK %s; %d processors; max heap %d MiB.%n%n",
                database.description(), Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20));
        facts.forEach(f -> b.append("- ").append(f).append('\n'));
        b.append("\n### Every run\n\n").append(HEADER).append('\n');
        results.forEach(r -> b.append(row(r)).append('\n'));
        b.append("\n### Median [min – max] over runs\n\n")
                .append("| scenario | pending | runs | lag p50 ms | lag p99 ms | lag max ms | heap MiB | catch-up ms "
                        + "| start ms | dup | missed |\n")
                .append("|---|---:|---:|---|---|---|---|---|---|---:|---:|\n");
        Map<String, List<Result>> groups = new LinkedHashMap<>();
        results.forEach(r -> groups.computeIfAbsent(r.scenario() + "|" + r.pending(), k -> new ArrayList<>()).add(r));
        for (List<Result> g : groups.values()) {
            Result first = g.get(0);
            b.append(String.format(Locale.ROOT, "| %s | %,d | %d | %s | %s | %s | %s | %s | %s | %d | %d |%n",
                    first.scenario(), first.pending(), g.size(), spread(g, r -> r.lag().p50()),
                    spread(g, r -> r.lag().p99()), spread(g, r -> r.lag().max()), spread(g, Result::heapMiB),
                    spread(g, Result::catchUpMs), spread(g, Result::startMs),
                    g.stream().mapToInt(Result::duplicates).sum(), g.stream().mapToInt(Result::missed).sum()));
        }
        if (!metrics.isEmpty()) {
            b.append("\n### The last node's timer metrics (Prometheus)\n\n```\n").append(metrics).append("```\n");
        }
        return b.toString();
    }

    private static String spread(List<Result> g, ToDoubleFunction<Result> f) {
        double[] v = g.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return "";
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return v.length == 1 ? num(median) : num(median) + " [" + num(v[0]) + " – " + num(v[v.length - 1]) + "]";
    }

    private static String num(double d) {
        if (Double.isNaN(d)) {
            return "";
        }
        return d >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.1f", d);
    }

    // ------------------------------------------------------------------ command line

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (String a : args) {
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a + "\n\n" + usage());
            }
            int eq = a.indexOf('=');
            o.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        return o;
    }

    static Settings settings(Map<String, String> o) {
        Settings d = Settings.defaults();
        return new Settings(
                o.containsKey("pending") ? Arrays.stream(o.get("pending").split(",")).map(String::trim)
                        .map(v -> Integer.parseInt(v.replace("_", ""))).toList() : d.pending(),
                o.containsKey("due") ? Integer.parseInt(o.get("due").replace("_", "")) : d.due(),
                o.containsKey("runs") ? Integer.parseInt(o.get("runs")) : d.runs(),
                o.containsKey("scenarios") ? List.of(o.get("scenarios").split(",")) : d.scenarios(),
                d.lead(), d.spread(), d.downtime(), d.restartAfter(),
                o.containsKey("pool-size") ? Integer.parseInt(o.get("pool-size")) : d.poolSize(),
                d.lookahead(), d.safetyScan(), !"false".equals(o.get("warmup")),
                o.containsKey("report") ? Path.of(o.get("report")) : d.report());
    }

    static String usage() {
        return """
                java -jar benchmarks/target/hotline-benchmarks.jar --db-url=jdbc:mysql://127.0.0.1:3306/hotline_bench [options]

                  --db=mysql|dev-mem        database kind (default mysql)
                  --db-url=…                the database to use; DROPPED and re-created (its name must contain "bench")
                  --db-username=… --db-password=…   (default root, empty)
                  --pending=10000,1000000   table sizes: pending timers in the table, the due ones included
                  --due=10000               timers that fall due in each scenario
                  --runs=3                  runs of every scenario at every table size
                  --scenarios=%s
                  --pool-size=16            database connections and worker threads (Hotline's db-pool-size)
                  --warmup=false            skip the uncounted warm-up runs
                  --report=benchmarks/target/timer-benchmark.md
                """.formatted(String.join(",", SCENARIOS));
    }

    private static final Pattern MYSQL_URL = Pattern.compile("(jdbc:(?:mysql|mariadb)://[^/]+/)([^?;]+)(.*)");

    /** Drops and re-creates the benchmark's database, so every run starts from the migrations. */
    static void recreate(String url, String user, String password) throws SQLException {
        Matcher m = MYSQL_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("--db-url must look like jdbc:mysql://host:port/database, got " + url);
        }
        String name = m.group(2);
        if (!name.toLowerCase(Locale.ROOT).contains("bench")) {
            throw new IllegalArgumentException("The benchmark drops its database; refusing to drop '" + name
                    + "' (the name must contain \"bench\").");
        }
        try (Connection c = DriverManager.getConnection(m.group(1).replaceFirst("^jdbc:mariadb:", "jdbc:mysql:")
                + m.group(3), user, password)) {
            var dsl = DSL.using(c, SQLDialect.MYSQL);
            dsl.dropDatabaseIfExists(name).execute();
            dsl.createDatabase(name).execute();
        }
    }

    private static void sleepUntil(Instant t) {
        Duration d = Duration.between(Instant.now(), t);
        if (!d.isNegative()) {
            sleep(d);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
