package org.hotline.audit;

import static org.hotline.db.generated.Tables.AUDIT_EVENT;
import static org.hotline.db.generated.Tables.AUDIT_SEAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hotline.db.Database;
import org.hotline.db.DatabaseKind;
import org.hotline.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log's chain on a real database: sealed in order, and any change or removal named by verify. */
@Tag("storage")
class AuditSealsTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();

    @TempDir
    Path dir;
    private TestDatabase testDb;
    private Database db;
    private final AuditLog log = new AuditLog();
    private final AuditSeals seals = new AuditSeals(new AuditChain(KEY));
    private final Instant now = Instant.now();

    @BeforeEach
    void open() {
        testDb = TestDatabase.create();
        var o = testDb.options();
        db = Database.open(new Database.Settings_(DatabaseKind.parse(o.get("db")), o.get("db-url"),
                o.get("db-username"), o.get("db-password"), 8, Duration.ofSeconds(10), dir), null);
        db.migrate();
    }

    @AfterEach
    void close() {
        db.close();
        testDb.close();
    }

    private long write(String detail) {
        db.transaction(dsl -> {
            log.append(dsl, entry(detail));
            return null;
        });
        return db.dsl().select(org.jooq.impl.DSL.max(AUDIT_EVENT.ID)).from(AUDIT_EVENT).fetchOne(0, Long.class);
    }

    private AuditEntry entry(String detail) {
        return new AuditEntry(null, now, 7L, "zhang.wei", "operator", "10.0.0.8", AuditLog.PII_REVEALED,
                "work_order", "42", AuditEntry.SUCCESS, detail, "req-1");
    }

    private int sealAll(boolean everything) {
        return db.transactionReadCommitted(dsl -> seals.seal(dsl, now, 1000, everything));
    }

    private AuditSeals.Report verify() {
        return seals.verify(db.dsl(), now);
    }

    @Test
    @DisplayName("every event is sealed once, in order, and an untouched log verifies")
    void sealsAndVerifies() {
        for (int i = 0; i < 20; i++) {
            write("revealed phone #" + i);
        }
        assertEquals(20, sealAll(true));
        assertEquals(0, sealAll(false), "nothing left to seal");
        for (int i = 0; i < 5; i++) {
            write("later #" + i);
        }
        assertEquals(5, sealAll(false));
        AuditSeals.Report r = verify();
        assertTrue(r.ok(), r.toString());
        assertEquals(25, r.sealed());
    }

    @Test
    @DisplayName("an event changed after sealing is named, with the seals before it still verifying")
    void changedEvent() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(write("event " + i));
        }
        sealAll(true);
        long victim = ids.get(6);
        db.dsl().update(AUDIT_EVENT).set(AUDIT_EVENT.DETAIL, "nothing happened").where(AUDIT_EVENT.ID.eq(victim))
                .execute();
        AuditSeals.Report r = verify();
        assertFalse(r.ok());
        assertEquals(7L, r.brokenSeq());
        assertEquals(victim, r.brokenEventId());
        assertEquals(6, r.sealed(), "seals 1–6 verify");
        assertTrue(r.problem().contains("changed"), r.problem());
    }

    @Test
    @DisplayName("a deleted event, a deleted seal and a forged MAC are each found")
    void deletions() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(write("event " + i));
        }
        sealAll(true);
        db.dsl().deleteFrom(AUDIT_EVENT).where(AUDIT_EVENT.ID.eq(ids.get(3))).execute();
        AuditSeals.Report r = verify();
        assertEquals(4L, r.brokenSeq());
        assertTrue(r.problem().contains("missing"), r.problem());

        db.dsl().deleteFrom(AUDIT_SEAL).where(AUDIT_SEAL.SEQ.le(4L)).execute();
        r = verify();
        assertEquals(1L, r.brokenSeq(), "the chain no longer starts at seal 1");

        // Rebuilding the chain without the key: the forger's MAC does not match the real key's.
        db.dsl().deleteFrom(AUDIT_SEAL).execute();
        new AuditSeals(new AuditChain("another key, another key, 32 bytes!".getBytes()))
                .seal(db.dsl(), now, 1000, true);
        r = verify();
        assertEquals(1L, r.brokenSeq());
        assertTrue(r.problem().contains("another key"), r.problem());
    }

    @Test
    @DisplayName("an event slipped in beside the application and never sealed is reported")
    void unsealed() {
        write("normal");
        sealAll(true);
        db.dsl().insertInto(AUDIT_EVENT).set(AUDIT_EVENT.OCCURRED_AT, now.minus(Duration.ofHours(1)))
                .set(AUDIT_EVENT.ACTION, AuditLog.LOGIN).set(AUDIT_EVENT.RESULT, AuditEntry.SUCCESS).execute();
        AuditSeals.Report r = verify();
        assertNull(r.brokenSeq());
        assertEquals(1, r.unsealedOverdue());
        assertFalse(r.ok());
    }

    @Test
    @DisplayName("an event that commits after later ones were sealed is still sealed by the next pass")
    void lateCommit() {
        write("first");
        long high = write("second") + 500;
        db.dsl().insertInto(AUDIT_EVENT).set(AUDIT_EVENT.ID, high).set(AUDIT_EVENT.OCCURRED_AT, now)
                .set(AUDIT_EVENT.ACTION, AuditLog.LOGIN).set(AUDIT_EVENT.RESULT, AuditEntry.SUCCESS).execute();
        sealAll(true);
        // A transaction that took its id before 'high' committed only now.
        db.dsl().insertInto(AUDIT_EVENT).set(AUDIT_EVENT.ID, high - 100).set(AUDIT_EVENT.OCCURRED_AT, now)
                .set(AUDIT_EVENT.ACTION, AuditLog.LOGOUT).set(AUDIT_EVENT.RESULT, AuditEntry.SUCCESS).execute();
        assertEquals(1, sealAll(false));
        AuditSeals.Report r = verify();
        assertTrue(r.ok(), r.toString());
        assertEquals(4, r.sealed());
    }

    @Test
    @DisplayName("sealers on several nodes at once, beside writers: each event sealed exactly once, the chain intact")
    void concurrentSealers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        write("writer " + writer + " #" + i);
                    }
                }));
            }
            for (int s = 0; s < 3; s++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        try {
                            db.transactionReadCommitted(dsl -> seals.seal(dsl, now, 50, false));
                        } catch (RuntimeException lostTheRace) {
                            // Another sealer took the same number first: this pass rolled back whole.
                        }
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        while (sealAll(false) > 0) {
            // what the racing passes left
        }
        AuditSeals.Report r = verify();
        assertTrue(r.ok(), r.toString());
        assertEquals(300, r.sealed());
        List<Long> sealed = seals.sealedEventIds(db.dsl());
        assertEquals(300, new HashSet<>(sealed).size(), "no event sealed twice");
    }
}
