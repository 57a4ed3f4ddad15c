package org.hotline.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.hotline.config.Config;
import org.hotline.server.Hotline;
import org.hotline.server.Mode;

/**
 * The operators' day, compressed: calls arrive at a fixed rate (open model), and each call is what an operator does
 * with it — knowledge-base suggestions as the caller's words are typed (five, the text growing), similar orders, a
 * dispatch suggestion, the order taken, dispatched; twenty seconds later the unit signs it and twenty more it
 * replies — while unit staff refresh their inboxes and lists. Every request's latency counts from when it was meant
 * to start (or, for a step that needs the one before, when that one answered), per kind, in HdrHistogram.
 *
 * <p>Runs against a server already listening ({@code --url}, e.g. {@code ./hotline start-dev} in a 512 MiB heap on
 * MariaDB), or starts a node in this JVM ({@code --db-url}).
 *
 * <pre>
 * java -cp "benchmarks/target/hotline-benchmarks.jar:benchmarks/target/lib/*" org.hotline.bench.MixedBenchmark \
 *     --url=http://127.0.0.1:8080 [--calls-per-second=15] [--operators=200] [--seconds=120] [--warmup=30]
 * </pre>
 */
public final class MixedBenchmark {

    /** Unit codes the simulated dispatchers send orders to, with their handlers' accounts. */
    static final List<String> UNITS = List.of("cgj", "zjj", "water", "power", "jiangbei", "jiangnan");
    static final List<String> KINDS = List.of("kb/suggest", "assist/similar", "assist/dispatch", "create",
            "dispatch", "sign", "reply", "inbox counts", "inbox list");

    /** Answers other than 2xx, by request and answer (what the report says went wrong). */
    static final Map<String, AtomicLong> REFUSALS = new java.util.concurrent.ConcurrentSkipListMap<>();

    /** What to offer. */
    record Settings(double callsPerSecond, int operators, double inboxReadsPerSecond, Duration warmup,
                    Duration measure, Duration typing, Duration signAfter, Duration replyAfter) {
    }

    /** One kind of request's figures. */
    record Kind(String name, long ok, long errors, Histogram latency) {
        double p(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    record Result(List<Kind> kinds, List<String> rows) {
    }

    private MixedBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = TimerBenchmark.options(args);
        Settings s = new Settings(Double.parseDouble(o.getOrDefault("calls-per-second", "15")),
                Integer.parseInt(o.getOrDefault("operators", "200")),
                Double.parseDouble(o.getOrDefault("inbox-reads-per-second", "30")),
                Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup", "30"))),
                Duration.ofSeconds(Long.parseLong(o.getOrDefault("seconds", "120"))), Duration.ofSeconds(8),
                Duration.ofSeconds(30), Duration.ofSeconds(50));
        Result r;
        if (o.containsKey("url")) {
            r = measure(o.get("url"), s);
        } else {
            String url = o.get("db-url");
            Map<String, String> db = url == null ? Map.of("db", "dev-file")
                    : Map.of("db", "mysql", "db-url", url, "db-username", o.getOrDefault("db-username", "root"),
                    "db-password", o.getOrDefault("db-password", ""));
            if (url != null) {
                TimerBenchmark.recreate(url, db.get("db-username"), db.get("db-password"));
            }
            r = inProcess(db, Files.createTempDirectory("hotline-bench-mixed"), s);
        }
        System.out.println();
        r.rows().forEach(System.out::println);
        System.exit(0);
    }

    /** Starts a node in this JVM (demo city and its history) and measures it. */
    static Result inProcess(Map<String, String> db, Path dataDir, Settings s) throws Exception {
        Map<String, String> options = new HashMap<>(db);
        options.putAll(Map.of("data-dir", dataDir.toString(), "http-port", "0", "config-file", "",
                "demo-orders", "0", "log-level", "warn"));
        try (Hotline node = Hotline.start(Config.of(Hotline.options(), options), Mode.DEVELOPMENT, null)) {
            System.out.println(Machine.describe(node.database()));
            return measure("http://127.0.0.1:" + node.port(), s);
        }
    }

    /** Runs the day against {@code base}, which must hold the demo city (start-dev). */
    static Result measure(String base, Settings s) throws Exception {
        java.net.URI uri = java.net.URI.create(base);
        Vertx vertx = Vertx.vertx();
        try {
            WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost(uri.getHost())
                    .setDefaultPort(uri.getPort()).setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true)
                    .setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(Math.max(16, s.operators())));
            List<String> operators = new ArrayList<>();
            for (int i = 0; i < s.operators(); i++) {
                operators.add(IntakeBenchmark.login(http, i % 2 == 0 ? "operator" : "operator2"));
            }
            String dispatcher = IntakeBenchmark.login(http, "dispatcher");
            Map<String, String> handlers = new LinkedHashMap<>();
            Map<String, Long> unitIds = new LinkedHashMap<>();
            JsonObject units = http.get("/api/v1/units").putHeader("Authorization", "Bearer " + dispatcher).send()
                    .map(HttpResponse::bodyAsJsonObject).toCompletionStage().toCompletableFuture().get();
            Map<String, Long> byCode = new HashMap<>();
            walk(units.getJsonArray("items"), byCode);
            for (String code : UNITS) {
                handlers.put(code, IntakeBenchmark.login(http, "handler-" + code));
                unitIds.put(code, byCode.get(code));
            }
            JsonObject categories = http.get("/api/v1/categories").putHeader("Authorization", "Bearer " + dispatcher)
                    .send().map(HttpResponse::bodyAsJsonObject).toCompletionStage().toCompletableFuture().get();
            Map<String, Long> categoryIds = new HashMap<>();
            walk(categories.getJsonArray("items"), categoryIds);
            long category = categoryIds.get("020101");
            List<String> texts = IntakeBenchmark.texts();

            Map<String, Recorder> recorders = new LinkedHashMap<>();
            Map<String, AtomicLong> errors = new LinkedHashMap<>();
            Map<String, AtomicLong> oks = new LinkedHashMap<>();
            for (String k : KINDS) {
                recorders.put(k, new Recorder(TimeUnit.SECONDS.toMicros(60), 3));
                errors.put(k, new AtomicLong());
                oks.put(k, new AtomicLong());
            }
            long start = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            long recordFrom = start + s.warmup().toNanos();
            long recordTo = recordFrom + s.measure().toNanos();
            AtomicLong outstanding = new AtomicLong();
            Probe probe = new Probe(vertx, http, recorders, oks, errors, recordFrom, recordTo, outstanding);

            long calls = (long) Math.floor((recordTo - start) / 1e9 * s.callsPerSecond());
            for (long c = 0; c < calls; c++) {
                long t0 = start + (long) (c * 1e9 / s.callsPerSecond());
                String token = operators.get((int) (c % operators.size()));
                String text = texts.get((int) (c % texts.size()));
                String unit = UNITS.get((int) (c % UNITS.size()));
                call(probe, s, t0, c, token, dispatcher, handlers.get(unit), unitIds.get(unit), category, text);
            }
            long reads = (long) Math.floor((recordTo - start) / 1e9 * s.inboxReadsPerSecond());
            for (long i = 0; i < reads; i++) {
                long t = start + (long) (i * 1e9 / s.inboxReadsPerSecond());
                String handler = handlers.get(UNITS.get((int) (i % UNITS.size())));
                if (i % 2 == 0) {
                    probe.at(t, "inbox counts", () -> probe.send(HttpMethod.GET, "/api/v1/work-orders/inbox",
                            handler, null, null));
                } else {
                    probe.at(t, "inbox list", () -> probe.send(HttpMethod.GET,
                            "/api/v1/work-orders?box=to-sign&limit=20", handler, null, null));
                }
            }
            // Wait for the scheduled work to finish (the last steps of the last calls run past the window).
            long until = recordTo + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < until && (System.nanoTime() < recordTo || outstanding.get() > 0)) {
                Thread.sleep(200);
            }
            List<Kind> kinds = new ArrayList<>();
            List<String> rows = new ArrayList<>();
            rows.add(String.format("%.0f calls a second (%s operators), %.0f inbox reads a second, %d s measured "
                            + "after %d s warm-up", s.callsPerSecond(), s.operators(), s.inboxReadsPerSecond(),
                    s.measure().toSeconds(), s.warmup().toSeconds()));
            rows.add("");
            rows.add("| request | per second | p50 ms | p99 ms | p99.9 ms | max ms | errors |");
            rows.add("|---|---:|---:|---:|---:|---:|---:|");
            double seconds = s.measure().toNanos() / 1e9;
            for (String k : KINDS) {
                Kind kind = new Kind(k, oks.get(k).get(), errors.get(k).get(), recorders.get(k).getIntervalHistogram());
                kinds.add(kind);
                rows.add(String.format("| %s | %.1f | %.2f | %.2f | %.2f | %.2f | %d |", k, kind.ok() / seconds,
                        kind.p(50), kind.p(99), kind.p(99.9), kind.latency().getTotalCount() == 0 ? Double.NaN
                                : kind.latency().getMaxValue() / 1000.0, kind.errors()));
            }
            if (!REFUSALS.isEmpty()) {
                rows.add("");
                rows.add("answers other than 2xx (warm-up included):");
                REFUSALS.forEach((k, n) -> rows.add("  " + n.get() + " × " + k));
            }
            return new Result(kinds, rows);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** One call's script: what the operator, the dispatcher and the unit do, each step at its time. */
    private static void call(Probe p, Settings s, long t0, long c, String operator, String dispatcher, String handler,
                             long unitId, long category, String text) {
        String address = "江北区滨江路" + (1 + c % 300) + "号";
        // The operator types for s.typing(): suggestions follow the words, then similar orders and a dispatch
        // suggestion, then the order is taken and dispatched.
        long typing = s.typing().toNanos();
        for (int i = 1; i <= 5; i++) {
            String typed = text.substring(0, Math.max(1, text.length() * i / 5));
            p.at(t0 + typing * (i - 1) / 6, "kb/suggest", () -> p.send(HttpMethod.GET,
                    "/api/v1/kb/suggest?limit=5&q=" + URLEncoder.encode(typed.length() > 200 ? typed.substring(0, 200)
                            : typed, StandardCharsets.UTF_8), operator, null, null));
        }
        p.at(t0 + typing * 8 / 10, "assist/similar", () -> p.send(HttpMethod.POST,
                "/api/v1/assist/similar", operator, new JsonObject().put("content", text).put("address", address),
                null));
        p.at(t0 + typing * 9 / 10, "assist/dispatch", () -> p.send(HttpMethod.POST,
                "/api/v1/assist/dispatch", operator, new JsonObject().put("content", text).put("address", address),
                null));
        p.at(t0 + typing, "create", () -> p.send(HttpMethod.POST, "/api/v1/work-orders",
                operator, new JsonObject().put("channel", "phone").put("type", "complaint").put("urgency", "normal")
                        .put("categoryId", category).put("address", address).put("content", text + " #" + c)
                        .put("citizen", new JsonObject().put("name", "市民" + c % 5000)
                                .put("phone", String.format("138%08d", c % 100_000_000))),
                java.util.Map.of("Idempotency-Key", UUID.randomUUID().toString())))
                .onSuccess(created -> {
                    if (created == null) {
                        return;
                    }
                    long id = created.getLong("id");
                    p.after(t0 + typing + typing / 8, "dispatch", () -> p.act(id,
                            created.getInteger("version"), "dispatch", dispatcher, new JsonObject()
                                    .put("leadUnitId", unitId)))
                            .onSuccess(dispatched -> {
                                if (dispatched == null) {
                                    return;
                                }
                                p.after(t0 + s.signAfter().toNanos(), "sign", () -> p.act(id,
                                        dispatched.getInteger("version"), "sign", handler, new JsonObject()))
                                        .onSuccess(signed -> {
                                            if (signed == null) {
                                                return;
                                            }
                                            p.after(t0 + s.replyAfter().toNanos(), "reply", () -> p.act(id,
                                                    signed.getInteger("version"), "reply", handler,
                                                    new JsonObject().put("text", "已现场核实并处理，已告知来电人。")));
                                        });
                            });
                });
    }

    static void walk(io.vertx.core.json.JsonArray nodes, Map<String, Long> out) {
        for (Object o : nodes) {
            JsonObject n = (JsonObject) o;
            out.put(n.getString("code"), n.getLong("id"));
            if (n.getJsonArray("children") != null) {
                walk(n.getJsonArray("children"), out);
            }
        }
    }

    /** Schedules, sends and records. */
    private record Probe(Vertx vertx, WebClient http, Map<String, Recorder> recorders, Map<String, AtomicLong> oks,
                         Map<String, AtomicLong> errors, long recordFrom, long recordTo, AtomicLong outstanding) {

        /** Starts {@code send} at {@code intended} (nanoTime); records its latency from then. */
        Future<JsonObject> at(long intended, String kind, java.util.function.Supplier<Future<JsonObject>> send) {
            Promise<JsonObject> result = Promise.promise();
            outstanding.incrementAndGet();
            long delay = TimeUnit.NANOSECONDS.toMillis(intended - System.nanoTime());
            Runnable go = () -> {
                Future<JsonObject> f;
                try {
                    f = send.get();
                } catch (RuntimeException e) {
                    f = Future.failedFuture(e);
                }
                f.onComplete(ar -> {
                    record(kind, intended, ar.succeeded() && ar.result() != null);
                    outstanding.decrementAndGet();
                    result.complete(ar.succeeded() ? ar.result() : null);
                });
            };
            if (delay <= 0) {
                vertx.runOnContext(v -> go.run());
            } else {
                vertx.setTimer(delay, id -> go.run());
            }
            return result.future();
        }

        /** A step that needs the one before: meant to start at {@code planned}, or now if the one before was late. */
        Future<JsonObject> after(long planned, String kind, java.util.function.Supplier<Future<JsonObject>> send) {
            return at(Math.max(planned, System.nanoTime()), kind, send);
        }

        void record(String kind, long intended, boolean ok) {
            if (intended < recordFrom || intended >= recordTo) {
                return;
            }
            if (ok) {
                oks.get(kind).incrementAndGet();
                recorders.get(kind).recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
            } else {
                errors.get(kind).incrementAndGet();
            }
        }

        /** The answer's JSON on 2xx; null otherwise. */
        Future<JsonObject> send(HttpMethod method, String path, String token, JsonObject body,
                                Map<String, String> headers) {
            HttpRequest<Buffer> r = http.request(method, path).putHeader("Authorization", "Bearer " + token)
                    .timeout(30_000);
            if (headers != null) {
                headers.forEach(r::putHeader);
            }
            Future<HttpResponse<Buffer>> sent = body == null ? r.send()
                    : r.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode()));
            return sent.map(resp -> {
                if (resp.statusCode() / 100 == 2) {
                    return resp.body() == null || resp.body().length() == 0 ? new JsonObject() : asObject(resp.body());
                }
                // What went wrong, counted by answer, so the report can say (a path's ids replaced by {id}).
                String title = resp.body() == null ? "" : String.valueOf(asObject(resp.body()).getValue("title", ""));
                REFUSALS.computeIfAbsent(method + " " + path.replaceAll("/\\d+", "/{id}").replaceAll("\\?.*", "")
                        + " → " + resp.statusCode() + " " + title, k -> new AtomicLong()).incrementAndGet();
                return null;
            });
        }

        Future<JsonObject> act(long id, int version, String action, String token, JsonObject body) {
            return send(HttpMethod.POST, "/api/v1/work-orders/" + id + "/actions/" + action, token, body,
                    Map.of("If-Match", "\"" + version + "\""));
        }

        private static JsonObject asObject(Buffer b) {
            Object v = io.vertx.core.json.Json.decodeValue(b);
            return v instanceof JsonObject o ? o : new JsonObject().put("value", v);
        }
    }
}
