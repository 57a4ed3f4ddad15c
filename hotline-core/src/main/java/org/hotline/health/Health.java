package org.hotline.health;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.hotline.db.Db;
import org.hotline.http.Json;

/**
 * {@code /health} (readiness: the database answers and the search indexes are open), {@code /health/live}
 * (the process serves HTTP) and {@code /health/ready} (same as {@code /health}). 503 when not ready.
 */
public final class Health {

    private final Db db;
    private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
    private volatile boolean stopping;

    public Health(Db db) {
        this.db = db;
    }

    /** Adds a check that is cheap and must not block for long (it runs on a worker). */
    public Health check(String name, BooleanSupplier check) {
        checks.put(name, check);
        return this;
    }

    /** From now on readiness reports DOWN, so a load balancer stops sending new work. */
    public void markStopping() {
        stopping = true;
    }

    public void live(RoutingContext rc) {
        Json.send(rc, 200, Map.of("status", "UP"));
    }

    public void ready(RoutingContext rc) {
        Future<Map<String, String>> results = db.blocking(() -> {
            Map<String, String> out = new LinkedHashMap<>();
            out.put("database", db.database().isHealthy() ? "UP" : "DOWN");
            checks.forEach((name, check) -> {
                boolean up;
                try {
                    up = check.getAsBoolean();
                } catch (RuntimeException e) {
                    up = false;
                }
                out.put(name, up ? "UP" : "DOWN");
            });
            return out;
        });
        results.onComplete(ar -> {
            Map<String, String> checked = ar.succeeded() ? ar.result() : Map.of("database", "DOWN");
            boolean up = !stopping && checked.values().stream().allMatch("UP"::equals);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            body.put("checks", checked);
            if (stopping) {
                body.put("reason", "shutting down");
            }
            Json.send(rc, up ? 200 : 503, body);
        });
    }
}
