package org.hotline.notify;

import static org.hotline.db.generated.Tables.NOTIFICATION;
import static org.hotline.testing.TestClock.shanghai;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.auth.Principal;
import org.hotline.auth.Role;
import org.hotline.db.Database;
import org.hotline.db.DatabaseKind;
import org.hotline.db.Db;
import org.hotline.sla.OfficeHours;
import org.hotline.sla.OfficialCalendar;
import org.hotline.sla.WorkCalendar;
import org.hotline.sla.WorkingTime;
import org.hotline.testing.TestClock;
import org.hotline.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notification outbox: deduplicated, held for office hours, delivered at least once across nodes. */
@Tag("storage")
class OutboxTest {

    static final WorkingTime TIME = new WorkingTime(
            new WorkCalendar(OfficialCalendar.exceptions(OfficialCalendar.FIRST_YEAR, OfficialCalendar.LAST_YEAR)),
            OfficeHours.DEFAULT);

    TestDatabase testDb;
    Database database;
    final List<Vertx> vertxes = new ArrayList<>();
    final List<Database> pools = new ArrayList<>();
    final TestClock clock = new TestClock(shanghai("2026-11-25T10:00"));
    final Outbox outbox = new Outbox(() -> TIME);
    Path dir;

    @BeforeEach
    void open(@TempDir Path dir) {
        this.dir = dir;
        testDb = TestDatabase.create();
        database = database();
        database.migrate();
    }

    @AfterEach
    void close() {
        for (Vertx v : vertxes) {
            v.close().toCompletionStage().toCompletableFuture().join();
        }
        pools.forEach(Database::close);
        database.close();
        testDb.close();
    }

    Database database() {
        var o = testDb.options();
        return Database.open(new Database.Settings_(DatabaseKind.parse(o.get("db")), o.get("db-url"),
                o.get("db-username"), o.get("db-password"), 4, Duration.ofSeconds(10), dir), null);
    }

    NotificationDispatcher node(NotificationSender sender) {
        Vertx vertx = Vertx.vertx();
        vertxes.add(vertx);
        Database db = database;
        if (testDb.isMysql()) {
            db = database();
            pools.add(db);
        }
        return new NotificationDispatcher(vertx, new Db(vertx, db, 4), outbox, sender, clock, Duration.ofHours(1),
                null);
    }

    static Notice notice(String key, boolean urgent) {
        return new Notice(key, "test", null, null, Role.SUPERVISOR.id(), null, "标题 " + key, null, urgent);
    }

    static void await(io.vertx.core.Future<?> f) throws Exception {
        f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("one cause, one notice: enqueuing the same key twice keeps the first")
    void deduplicated() {
        Instant now = clock.instant();
        assertTrue((boolean) database.transaction(dsl -> outbox.enqueue(dsl, notice("k1", false), now)));
        assertFalse((boolean) database.transaction(dsl -> outbox.enqueue(dsl, notice("k1", false), now)));
        assertEquals(1, database.dsl().fetchCount(NOTIFICATION));
    }

    @Test
    @DisplayName("notices to people wait for office hours — after lunch, after the weekend, after the holiday — "
            + "unless urgent")
    void officeHoursOnly() {
        record Case(String at, boolean urgent, String expected) {
        }
        List<Case> cases = List.of(
                new Case("2026-11-25T10:00", false, "2026-11-25T10:00"),
                new Case("2026-11-25T12:30", false, "2026-11-25T13:30"),
                new Case("2026-11-27T20:00", false, "2026-11-30T09:00"),
                new Case("2026-09-30T18:00", false, "2026-10-08T09:00"), // National Day: Oct 1–7 off
                new Case("2026-11-27T20:00", true, "2026-11-27T20:00"));
        int i = 0;
        for (Case c : cases) {
            String key = "case-" + i++;
            database.transaction(dsl -> outbox.enqueue(dsl, notice(key, c.urgent()), shanghai(c.at())));
            Instant after = database.dsl().select(NOTIFICATION.DELIVER_AFTER).from(NOTIFICATION)
                    .where(NOTIFICATION.DEDUP_KEY.eq(key)).fetchOne(org.jooq.Record1::value1);
            assertEquals(shanghai(c.expected()), after, c.toString());
        }
    }

    @Test
    @DisplayName("a gateway that fails is retried with backoff until it takes the notice; the inbox shows it once")
    void retriedUntilDelivered() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        NotificationDispatcher node = node(d -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("gateway answered 503");
            }
        });
        database.transaction(dsl -> outbox.enqueue(dsl, notice("flaky", false), clock.instant()));
        await(node.deliverDue());
        var row = database.dsl().selectFrom(NOTIFICATION).fetchSingle();
        assertEquals(Outbox.PENDING, row.getStatus());
        assertEquals(1, row.getAttempts());
        assertEquals(clock.instant().plusSeconds(2), row.getNextAttemptAt(), "first retry after 2 s");
        assertEquals("gateway answered 503", row.getLastError());
        await(node.deliverDue());
        assertEquals(1, calls.get(), "not before its time");
        clock.advance(Duration.ofSeconds(2));
        await(node.deliverDue());
        clock.advance(Duration.ofSeconds(4));
        await(node.deliverDue());
        assertEquals(3, calls.get());
        row = database.dsl().selectFrom(NOTIFICATION).fetchSingle();
        assertEquals(Outbox.SENT, row.getStatus());
        Principal supervisor = new Principal(1, "supervisor", "督查员", Set.of(Role.SUPERVISOR), null, "x");
        assertEquals(1, outbox.inbox(database.dsl(), supervisor, false, 10).size());
        Principal leader = new Principal(2, "leader", "领导", Set.of(Role.LEADER), null, "x");
        assertEquals(0, outbox.inbox(database.dsl(), leader, false, 10).size(), "addressed to supervisors");
    }

    @Test
    @DisplayName("three nodes deliver 600 notices together: every one delivered, none twice")
    void sharedAcrossNodes() throws Exception {
        List<Long> delivered = Collections.synchronizedList(new ArrayList<>());
        database.transaction(dsl -> {
            for (int i = 0; i < 600; i++) {
                outbox.enqueue(dsl, notice("n" + i, true), clock.instant());
            }
            return null;
        });
        List<NotificationDispatcher> nodes = List.of(node(d -> delivered.add(d.id())), node(d -> delivered.add(d.id())),
                node(d -> delivered.add(d.id())));
        List<io.vertx.core.Future<Integer>> runs = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (NotificationDispatcher n : nodes) {
                runs.add(n.deliverDue());
            }
        }
        for (var r : runs) {
            await(r);
        }
        for (NotificationDispatcher n : nodes) {
            await(n.deliverDue());
        }
        assertEquals(600, new HashSet<>(delivered).size(), "every notice delivered");
        assertEquals(600, delivered.size(), "none twice");
        assertEquals(600, database.dsl().fetchCount(NOTIFICATION, NOTIFICATION.STATUS.eq(Outbox.SENT)));
    }
}
