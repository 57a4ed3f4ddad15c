package org.hotline.db;

import static org.hotline.db.generated.Tables.AREA;
import static org.hotline.db.generated.Tables.AUDIT_EVENT;
import static org.hotline.db.generated.Tables.UNIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.hotline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("storage")
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.DisplayName.class)
class MigrationTest {

    static TestDatabase testDb;
    static Database db;

    @BeforeAll
    static void open(@TempDir Path dir) {
        testDb = TestDatabase.create();
        var o = testDb.options();
        db = Database.open(new Database.Settings_(DatabaseKind.parse(o.get("db")), o.get("db-url"),
                o.get("db-username"), o.get("db-password"), 4, Duration.ofSeconds(5), dir), null);
    }

    @AfterAll
    static void close() {
        db.close();
        testDb.close();
    }

    @Test
    @DisplayName("01 the migrations create the schema on an empty database, and a second run changes nothing")
    void migratesOnce() {
        var first = db.migrate();
        assertTrue(first.migrationsExecuted >= 1, "ran " + first.migrationsExecuted);
        var second = db.migrate();
        assertEquals(0, second.migrationsExecuted);
        System.out.println("[hotline-test] migrated " + db.description() + " with dialect " + db.dialect());
    }

    @Test
    @DisplayName("02 Chinese text (and 4-byte characters) and UTC instants survive a round trip through jOOQ")
    void roundTrip() {
        db.migrate();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long id = db.transaction(dsl -> dsl.insertInto(AREA)
                .set(AREA.CODE, "T" + System.nanoTime())
                .set(AREA.NAME, "测试区𠀀")
                .set(AREA.LEVEL, "district")
                .returningResult(AREA.ID).fetchOne().value1());
        assertEquals("测试区𠀀", db.dsl().select(AREA.NAME).from(AREA).where(AREA.ID.eq(id)).fetchOne().value1());

        long unit = db.transaction(dsl -> dsl.insertInto(UNIT)
                .set(UNIT.CODE, "u" + System.nanoTime())
                .set(UNIT.NAME, "测试单位")
                .set(UNIT.KIND, "city_bureau")
                .set(UNIT.CREATED_AT, now)
                .returningResult(UNIT.ID).fetchOne().value1());
        Instant read = db.dsl().select(UNIT.CREATED_AT).from(UNIT).where(UNIT.ID.eq(unit)).fetchOne().value1();
        assertEquals(now, read, "instants are stored in UTC, unshifted");
    }

    @Test
    @DisplayName("03 a transaction that throws leaves nothing behind")
    void rollback() {
        db.migrate();
        int before = db.dsl().fetchCount(AUDIT_EVENT);
        assertThrows(IllegalStateException.class, () -> db.transaction(dsl -> {
            dsl.insertInto(AUDIT_EVENT)
                    .set(AUDIT_EVENT.OCCURRED_AT, Instant.now())
                    .set(AUDIT_EVENT.ACTION, "probe")
                    .set(AUDIT_EVENT.RESULT, "success")
                    .execute();
            throw new IllegalStateException("boom");
        }));
        assertEquals(before, db.dsl().fetchCount(AUDIT_EVENT));
    }

    @Test
    @DisplayName("04 unique codes are enforced by the database itself")
    void uniqueCodes() {
        db.migrate();
        String code = "dup" + System.nanoTime();
        db.transaction(dsl -> dsl.insertInto(AREA).set(AREA.CODE, code).set(AREA.NAME, "甲").set(AREA.LEVEL, "street")
                .execute());
        var e = assertThrows(org.jooq.exception.DataAccessException.class, () -> db.transaction(dsl ->
                dsl.insertInto(AREA).set(AREA.CODE, code).set(AREA.NAME, "乙").set(AREA.LEVEL, "street").execute()));
        assertNotNull(e.getMessage());
    }
}
