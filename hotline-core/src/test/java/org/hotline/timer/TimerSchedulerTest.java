package org.hotline.timer;

import static org.hotline.db.generated.Tables.AUDIT_EVENT;
import static org.hotline.db.generated.Tables.TIMER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.db.Database;
import org.hotline.db.DatabaseKind;
import org.hotline.db.Db;
import org.hotline.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durable timers: exactly once across nodes, and nothing lost when a node stops or the whole system restarts. */
@Tag("storage")
class TimerSchedulerTest {

    TestDatabase testDb;
    Database shared;
    final List<Vertx> vertxes = new ArrayList<>();
    final List<TimerScheduler> schedulers = new ArrayList<>();
    final List<Database> pools = new ArrayList<>();
    /** Handler runs, committed or not (a node stopped mid-batch rolls its batch back). */
    final AtomicInteger attempts = new AtomicInteger();

    @BeforeEach
    void open(@TempDir Path dir) {
        testDb = TestDatabase.create();
        shared = database(dir);
        shared.migrate();
    }

    @AfterEach
    void close() {
        schedulers.forEach(TimerScheduler::close);
        for (Vertx v : vertxes) {
            v.close().toCompletionStage().toCompletableFuture().join();
        }
        pools.forEach(Database::close);
        shared.close();
        testDb.close();
    }

    Database database(Path dir) {
        var o = testDb.options();
        Database db = Database.open(new Database.Settings_(DatabaseKind.parse(o.get("db")), o.get("db-url"),
                o.get("db-username"), o.get("db-password"), 4, Duration.ofSeconds(10), dir), null);
        return db;
    }

    /** A node: its own Vert.x and connection pool on the shared database (H2 in memory: the same pool). */
    TimerScheduler node(String name, Path dir) {
        return node(name, dir, Duration.ofSeconds(5), Duration.ofSeconds(1), null);
    }

    TimerScheduler node(String name, Path dir, Duration lookahead, Duration safetyScan, MeterRegistry registry) {
        Vertx vertx = Vertx.vertx();
        vertxes.add(vertx);
        Database db = testDb.isMysql() ? database(dir) : shared;
        if (db != shared) {
            pools.add(db);
        }
        TimerScheduler s = new TimerScheduler(vertx, new Db(vertx, db, 4), Clock.systemUTC(), name, lookahead,
                safetyScan, registry)
                .handle("probe", (dsl, t, now) -> {
                    // The firing's effect, written in the firing's own transaction: it counts only if it commits.
                    dsl.insertInto(AUDIT_EVENT)
                            .set(AUDIT_EVENT.OCCURRED_AT, now)
                            .set(AUDIT_EVENT.ACTION, "timer_probe")
                            .set(AUDIT_EVENT.OBJECT_ID, Long.toString(t.id()))
                            .set(AUDIT_EVENT.RESULT, "success")
                            .execute();
                    attempts.incrementAndGet();
                });
        schedulers.add(s);
        return s;
    }

    void schedule(int count, Instant firstDue, Duration spread) {
        Instant now = Instant.now();
        shared.transaction(dsl -> {
            for (int from = 0; from < count; from += 1000) {
                var insert = dsl.insertInto(TIMER, TIMER.KIND, TIMER.DUE_AT, TIMER.STATUS, TIMER.CREATED_AT);
                for (int i = from; i < Math.min(count, from + 1000); i++) {
                    Instant due = firstDue.plusMillis(spread.toMillis() * i / count);
                    insert = insert.values("probe", due, TimerStore.PENDING, now);
                }
                insert.execute();
            }
            return null;
        });
    }

    void awaitAllFired(int count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            int pending = shared.dsl().fetchCount(TIMER, TIMER.STATUS.eq(TimerStore.PENDING));
            if (pending == 0) {
                return;
            }
            Thread.sleep(50);
        }
    }

    void assertExactlyOnce(int count) {
        Map<String, Integer> effects = new java.util.HashMap<>();
        shared.dsl().select(AUDIT_EVENT.OBJECT_ID).from(AUDIT_EVENT).where(AUDIT_EVENT.ACTION.eq("timer_probe"))
                .fetch().forEach(r -> effects.merge(r.value1(), 1, Integer::sum));
        assertEquals(count, effects.size(), "every timer's effect committed");
        assertTrue(effects.values().stream().allMatch(n -> n == 1), "no effect committed twice");
        assertEquals(count, shared.dsl().fetchCount(TIMER, TIMER.STATUS.eq(TimerStore.FIRED)));
    }

    @Test
    @DisplayName("three nodes on one database fire 10,000 due timers, each exactly once")
    void threeNodes(@TempDir Path dir) throws Exception {
        schedule(10_000, Instant.now().plusMillis(500), Duration.ofSeconds(2));
        for (int i = 1; i <= 3; i++) {
            node("node-" + i, dir).start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        awaitAllFired(10_000, Duration.ofSeconds(60));
        assertExactlyOnce(10_000);
        System.out.println("[hotline-test] timers fired by node: " + byNode());
    }

    @Test
    @DisplayName("one of three nodes stops halfway: the others fire the rest, each timer exactly once")
    void nodeStopsHalfway(@TempDir Path dir) throws Exception {
        schedule(10_000, Instant.now().plusMillis(500), Duration.ofSeconds(3));
        List<TimerScheduler> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            TimerScheduler s = node("node-" + i, dir);
            s.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            nodes.add(s);
        }
        Thread.sleep(2_000);
        nodes.get(0).close();
        vertxes.get(0).close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        awaitAllFired(10_000, Duration.ofSeconds(60));
        assertExactlyOnce(10_000);
        System.out.println("[hotline-test] timers fired by node (node-1 stopped after 2 s): " + byNode()
                + "; handler runs incl. rolled back: " + attempts.get());
    }

    @Test
    @DisplayName("timers that fell due while the system was down fire on start, in due order, once")
    void restart(@TempDir Path dir) throws Exception {
        schedule(500, Instant.now().minus(Duration.ofMinutes(30)), Duration.ofMinutes(20));
        node("restarted", dir).start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        awaitAllFired(500, Duration.ofSeconds(30));
        assertExactlyOnce(500);
    }

    @Test
    @DisplayName("more distinct due times than the look-ahead holds at once still fire on time, without the safety scan")
    void burstBeyondLookahead(@TempDir Path dir) throws Exception {
        // 2 per millisecond over 3 s: 3,000 distinct due times, more than one look-ahead load. The next periodic
        // refill is 10 s away and the safety scan a minute: only refilling as the look-ahead runs dry is in time.
        Instant first = Instant.now().plusSeconds(1);
        schedule(6_000, first, Duration.ofSeconds(3));
        node("burst", dir, Duration.ofSeconds(20), Duration.ofMinutes(1), null).start()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        awaitAllFired(6_000, Duration.between(Instant.now(), first.plusSeconds(6)));
        assertExactlyOnce(6_000);
    }

    @Test
    @DisplayName("metrics: lag from due to commit, fired count by kind, and a pending count that no scrape waits for")
    void metrics(@TempDir Path dir) throws Exception {
        schedule(50, Instant.now().plus(Duration.ofDays(1)), Duration.ofHours(1));
        schedule(100, Instant.now().plusMillis(800), Duration.ofMillis(200));
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        node("metered", dir, Duration.ofSeconds(5), Duration.ofSeconds(1), registry).start()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        var pending = registry.get("hotline_timers_pending").gauge();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Double.isNaN(pending.value()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // Counted once at start, then every 30 s: a scrape reads the cached figure.
        assertEquals(150, pending.value());
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (registry.get("hotline_timer_lag").timer().count() < 100 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(100, registry.get("hotline_timer_lag").timer().count());
        assertEquals(100, registry.get("hotline_timers_fired_total").tag("kind", "probe").counter().count());
        assertExactlyOnce(100);
    }

    Map<String, Integer> byNode() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        shared.dsl().select(TIMER.FIRED_BY).from(TIMER).fetch().forEach(r -> out.merge(r.value1(), 1, Integer::sum));
        return out;
    }
}
