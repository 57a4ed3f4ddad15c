package org.hotline.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.hotline.config.Config;
import org.hotline.server.Hotline;
import org.hotline.server.Mode;
import org.hotline.server.WebRoutes;
import io.vertx.core.json.JsonObject;

/**
 * A real Hotline for a test class: on its own fresh {@link TestDatabase}, a free port and a temporary data
 * directory, with the demo city loaded (development mode), reached over real HTTP.
 */
public final class TestServer implements AutoCloseable {

    private final TestDatabase database;
    private final Hotline hotline;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(TestDatabase database, Hotline hotline, Path dataDir) {
        this.database = database;
        this.hotline = hotline;
        this.dataDir = dataDir;
    }

    public static TestServer start() {
        return start(Map.of(), null);
    }

    public static TestServer start(Map<String, String> overrides, WebRoutes web) {
        return start(overrides, web, org.hotline.server.Hotline.MILLISECOND_CLOCK);
    }

    /** On {@code clock}: a {@link TestClock} lets a test move time on. */
    public static TestServer start(Map<String, String> overrides, WebRoutes web, java.time.Clock clock) {
        TestDatabase db = TestDatabase.create();
        try {
            Path dataDir = Files.createTempDirectory("hotline-test");
            Map<String, String> options = new HashMap<>(db.options());
            options.put("http-port", "0");
            options.put("data-dir", dataDir.toString());
            options.put("config-file", "");
            // Most tests make their own orders; the demo's few hundred only where a test asks for them.
            options.put("demo-orders", "0");
            options.put("demo-history", "0");
            options.putAll(overrides);
            Config config = Config.of(Hotline.options(), options);
            return new TestServer(db, Hotline.start(config, Mode.DEVELOPMENT, web, clock), dataDir);
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }

    public Hotline hotline() {
        return hotline;
    }

    /**
     * Fires every timer due by the server's clock and waits until none is left pending: how a test on a
     * {@link TestClock} sees limits run out without waiting for the periodic sweep.
     */
    public void fireDueTimers() {
        var t = org.hotline.db.generated.Tables.TIMER;
        untilNone(() -> hotline.timers().fireDue(), () -> hotline.database().dsl().fetchCount(t,
                t.STATUS.eq(org.hotline.timer.TimerStore.PENDING).and(t.DUE_AT.le(hotline.clock().instant()))),
                "due timers left unfired");
    }

    /** Delivers every notification due by the server's clock. */
    public void deliverDueNotifications() {
        var n = org.hotline.db.generated.Tables.NOTIFICATION;
        untilNone(() -> hotline.notifications().deliverDue(), () -> hotline.database().dsl().fetchCount(n,
                n.STATUS.eq(org.hotline.notify.Outbox.PENDING).and(n.NEXT_ATTEMPT_AT.le(hotline.clock().instant()))),
                "due notifications left undelivered");
    }

    private static void untilNone(java.util.function.Supplier<io.vertx.core.Future<?>> run,
                                  java.util.function.IntSupplier left, String failure) {
        try {
            for (int i = 0; i < 100; i++) {
                run.get().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
                if (left.getAsInt() == 0) {
                    return;
                }
                Thread.sleep(50);
            }
        } catch (Exception e) {
            throw new IllegalStateException(failure + ": " + e, e);
        }
        throw new AssertionError(failure);
    }

    public TestDatabase database() {
        return database;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + hotline.port();
    }

    /** Logs in and returns the bearer token. */
    public String login(String username, String password) {
        Response r = post("/api/v1/auth/login", null, new JsonObject().put("username", username)
                .put("password", password).encode());
        if (r.status() != 200) {
            throw new AssertionError("login " + username + " answered " + r.status() + ": " + r.body());
        }
        return r.json().getString("token");
    }

    /** An HTTP answer. */
    public record Response(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }
    }

    public Response get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    public Response post(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Response put(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Response patch(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            hotline.close();
        } finally {
            database.close();
            deleteQuietly(dataDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temp directory left behind is harmless.
        }
    }
}
