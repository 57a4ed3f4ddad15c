package org.hotline.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.hotline.db.Database;
import org.hotline.db.Db;
import org.hotline.timer.TimerHandler;
import org.hotline.timer.TimerScheduler;
import org.hotline.workorder.OrderClocks;

/**
 * One Hotline node as far as timers go: its own Vert.x, the database worker pool and a {@link TimerScheduler}
 * wired as {@code Hotline} wires it, with a registry of its own so its gauges describe it alone.
 */
final class BenchNode implements AutoCloseable {

    final Vertx vertx;
    final Db db;
    final TimerScheduler scheduler;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    BenchNode(Database database, String name, TimerBenchmark.Settings s, TimerHandler handler) {
        this.vertx = Vertx.vertx();
        this.db = new Db(vertx, database, s.poolSize());
        this.scheduler = new TimerScheduler(vertx, db, Clock.systemUTC(), name, s.lookahead(), s.safetyScan(),
                registry)
                .handle(OrderClocks.WARNING, handler)
                .handle(OrderClocks.DUE, handler)
                .handle(OrderClocks.ESCALATION, handler);
    }

    /** Starts the scheduler: fires what is overdue, loads the look-ahead. Blocks until that is done. */
    BenchNode start() {
        await(scheduler.start().map(v -> (Object) null), Duration.ofMinutes(5));
        return this;
    }

    /** Due times this node holds in memory right now. */
    int lookahead() {
        var gauge = registry.find("hotline_timer_upcoming").gauge();
        return gauge == null ? -1 : (int) gauge.value();
    }

    /** This node's {@code hotline_timer*} lines as Prometheus scrapes them. */
    String timerMetrics() {
        StringBuilder out = new StringBuilder();
        for (String line : registry.scrape().split("\n")) {
            if (line.startsWith("hotline_timer") && !line.contains("_bucket{")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        // A firing transaction in flight finishes before Vert.x and its worker pool go away.
        await(scheduler.stop().map(v -> (Object) null), Duration.ofSeconds(30));
        await(vertx.close().map(v -> (Object) null), Duration.ofSeconds(30));
        registry.close();
    }

    private static void await(io.vertx.core.Future<Object> f, Duration limit) {
        try {
            f.toCompletionStage().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
