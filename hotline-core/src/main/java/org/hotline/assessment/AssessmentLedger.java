package org.hotline.assessment;

import static org.hotline.db.generated.Tables.ASSESSMENT_DAY;
import static org.hotline.db.generated.Tables.ASSESSMENT_EXCLUSION;
import static org.hotline.db.generated.Tables.ASSESSMENT_JOURNAL;
import static org.hotline.db.generated.Tables.ASSESSMENT_UNIT_DAY;
import static org.hotline.db.generated.Tables.ASSESSMENT_UNIT_MONTH;
import static org.hotline.db.generated.Tables.UNIT;
import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.hotline.db.generated.Tables.WORK_ORDER_EVENT;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hotline.db.Bulk;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.hotline.db.generated.tables.records.AssessmentDayRecord;
import org.hotline.db.generated.tables.records.AssessmentJournalRecord;
import org.hotline.db.generated.tables.records.AssessmentUnitDayRecord;
import org.hotline.db.generated.tables.records.AssessmentUnitMonthRecord;

/**
 * Keeps {@code assessment_day} (unit × day × category × area) and its rollups {@code assessment_unit_day} (unit × day)
 * and {@code assessment_unit_month} (unit × calendar month) in step with the timelines: the events a transaction
 * writes append their counts to {@code assessment_journal} in the same transaction (most events count nothing and
 * cost nothing), and {@link #fold} moves the journal into the three tables in batches, in the background. Appending
 * touches no row another transaction writes, where adding to the tables directly made every intake wait for the one
 * before to commit (all of them count on the centre's row for today). Readers add the journal's pending counts
 * in the same statement ({@code AssessmentRoutes.counts}, {@link #stored}), so what they read is exact whenever the
 * fold runs. {@link #recompute} derives the same counts from the timelines alone, with the same rule: the check that
 * the running totals are right.
 */
public final class AssessmentLedger {

    /** A timeline event as the ledger reads it. */
    public record Entry(long orderId, Instant at, String action, JsonObject details) {
    }

    /** One row of the table: a unit's day in one category and area. */
    public record Key(long unitId, LocalDate day, long categoryId, long areaId) {
    }

    /** One row of the rollup: a unit's day, all categories and areas together. */
    public record UnitDay(long unitId, LocalDate day) {
    }

    /** One row of the month rollup: a unit's calendar month (its first day), all categories and areas together. */
    public record UnitMonth(long unitId, LocalDate month) {
    }

    /**
     * Which tables {@link #apply} keeps: {@code all} (always, in production). {@code day} (the fine table only) and
     * {@code none} exist for the benchmark that measures what the upkeep costs intake (BENCHMARKS.md); with them the
     * tables drift from the timelines.
     */
    public static final String UPKEEP_PROPERTY = "hotline.assessment.upkeep";

    private static final List<TableField<AssessmentDayRecord, Integer>> COLUMNS = List.of(ASSESSMENT_DAY.RECEIVED,
            ASSESSMENT_DAY.SIGN_MET, ASSESSMENT_DAY.SIGN_LATE, ASSESSMENT_DAY.HANDLE_MET, ASSESSMENT_DAY.HANDLE_LATE,
            ASSESSMENT_DAY.RATED, ASSESSMENT_DAY.CONTACT_RATED, ASSESSMENT_DAY.CONTACTED, ASSESSMENT_DAY.RESOLVED,
            ASSESSMENT_DAY.SATISFIED, ASSESSMENT_DAY.RETURNED, ASSESSMENT_DAY.REPLIES, ASSESSMENT_DAY.REHANDLED,
            ASSESSMENT_DAY.OVERDUE, ASSESSMENT_DAY.TAKEN, ASSESSMENT_DAY.ANSWERED_DIRECTLY);

    private static final List<TableField<AssessmentUnitDayRecord, Integer>> ROLLUP_COLUMNS = List.of(
            ASSESSMENT_UNIT_DAY.RECEIVED, ASSESSMENT_UNIT_DAY.SIGN_MET, ASSESSMENT_UNIT_DAY.SIGN_LATE,
            ASSESSMENT_UNIT_DAY.HANDLE_MET, ASSESSMENT_UNIT_DAY.HANDLE_LATE, ASSESSMENT_UNIT_DAY.RATED,
            ASSESSMENT_UNIT_DAY.CONTACT_RATED, ASSESSMENT_UNIT_DAY.CONTACTED, ASSESSMENT_UNIT_DAY.RESOLVED,
            ASSESSMENT_UNIT_DAY.SATISFIED, ASSESSMENT_UNIT_DAY.RETURNED, ASSESSMENT_UNIT_DAY.REPLIES,
            ASSESSMENT_UNIT_DAY.REHANDLED, ASSESSMENT_UNIT_DAY.OVERDUE, ASSESSMENT_UNIT_DAY.TAKEN,
            ASSESSMENT_UNIT_DAY.ANSWERED_DIRECTLY);

    private static final List<TableField<AssessmentJournalRecord, Integer>> JOURNAL_COLUMNS = List.of(
            ASSESSMENT_JOURNAL.RECEIVED, ASSESSMENT_JOURNAL.SIGN_MET, ASSESSMENT_JOURNAL.SIGN_LATE,
            ASSESSMENT_JOURNAL.HANDLE_MET, ASSESSMENT_JOURNAL.HANDLE_LATE, ASSESSMENT_JOURNAL.RATED,
            ASSESSMENT_JOURNAL.CONTACT_RATED, ASSESSMENT_JOURNAL.CONTACTED, ASSESSMENT_JOURNAL.RESOLVED,
            ASSESSMENT_JOURNAL.SATISFIED, ASSESSMENT_JOURNAL.RETURNED, ASSESSMENT_JOURNAL.REPLIES,
            ASSESSMENT_JOURNAL.REHANDLED, ASSESSMENT_JOURNAL.OVERDUE, ASSESSMENT_JOURNAL.TAKEN,
            ASSESSMENT_JOURNAL.ANSWERED_DIRECTLY);

    private static final List<TableField<AssessmentUnitMonthRecord, Integer>> MONTH_COLUMNS = List.of(
            ASSESSMENT_UNIT_MONTH.RECEIVED, ASSESSMENT_UNIT_MONTH.SIGN_MET, ASSESSMENT_UNIT_MONTH.SIGN_LATE,
            ASSESSMENT_UNIT_MONTH.HANDLE_MET, ASSESSMENT_UNIT_MONTH.HANDLE_LATE, ASSESSMENT_UNIT_MONTH.RATED,
            ASSESSMENT_UNIT_MONTH.CONTACT_RATED, ASSESSMENT_UNIT_MONTH.CONTACTED, ASSESSMENT_UNIT_MONTH.RESOLVED,
            ASSESSMENT_UNIT_MONTH.SATISFIED, ASSESSMENT_UNIT_MONTH.RETURNED, ASSESSMENT_UNIT_MONTH.REPLIES,
            ASSESSMENT_UNIT_MONTH.REHANDLED, ASSESSMENT_UNIT_MONTH.OVERDUE, ASSESSMENT_UNIT_MONTH.TAKEN,
            ASSESSMENT_UNIT_MONTH.ANSWERED_DIRECTLY);

    /**
     * Key order of each table: rows are locked in it, and the tables one after the other (fine, day, month), so two
     * transactions never wait for each other in a circle.
     */
    private static final Comparator<Key> KEY_ORDER = Comparator.comparingLong(Key::unitId).thenComparing(Key::day)
            .thenComparingLong(Key::categoryId).thenComparingLong(Key::areaId);
    private static final Comparator<UnitDay> UNIT_DAY_ORDER = Comparator.comparing(UnitDay::day)
            .thenComparingLong(UnitDay::unitId);
    private static final Comparator<UnitMonth> UNIT_MONTH_ORDER = Comparator.comparing(UnitMonth::month)
            .thenComparingLong(UnitMonth::unitId);

    private final ZoneId zone;
    private final boolean keepDays;
    private final boolean keepRollup;
    private volatile Long centre;

    public AssessmentLedger(ZoneId zone) {
        this.zone = zone;
        String upkeep = System.getProperty(UPKEEP_PROPERTY, "all");
        this.keepDays = !upkeep.equals("none");
        this.keepRollup = upkeep.equals("all");
    }

    /** Adds the counts of {@code entries}, written in this transaction. */
    public void record(DSLContext dsl, List<Entry> entries) {
        if (!keepDays) {
            return;
        }
        apply(dsl, count(dsl, entries, false), 1);
    }

    /**
     * Adds the counts of the events of orders written in this transaction (an import), whose category and area the
     * writer knows ({@code categoryAndArea}: order id → {category, area or 0}): new orders, so none is excluded.
     */
    public void recordNew(DSLContext dsl, List<Entry> entries, Map<Long, long[]> categoryAndArea) {
        if (!keepDays) {
            return;
        }
        TimelineCounts rule = new TimelineCounts(centre(dsl), zone);
        Map<Key, long[]> counts = new HashMap<>();
        for (Entry e : entries) {
            long[] o = categoryAndArea.get(e.orderId());
            if (o == null) {
                continue;
            }
            for (TimelineCounts.Delta d : rule.deltas(new TimelineCounts.Event(e.at(), e.action(), e.details(),
                    null))) {
                counts.computeIfAbsent(new Key(d.unitId(), d.day(), o[0], o[1]), k -> new long[COLUMNS.size()])
                        [d.count().ordinal()]++;
            }
        }
        if (counts.isEmpty()) {
            return;
        }
        List<Key> keys = new ArrayList<>(counts.keySet());
        keys.sort(KEY_ORDER);
        List<Object[]> rows = new ArrayList<>(keys.size());
        keys.forEach(k -> rows.add(new Object[] {k.unitId(), k.day(), k.categoryId(), k.areaId()}));
        LocalDate first = keys.stream().map(Key::day).min(LocalDate::compareTo).orElseThrow();
        LocalDate last = keys.stream().map(Key::day).max(LocalDate::compareTo).orElseThrow();
        addInBulk(dsl, ASSESSMENT_DAY, ASSESSMENT_DAY.STAT_DATE, List.of(ASSESSMENT_DAY.UNIT_ID,
                ASSESSMENT_DAY.STAT_DATE, ASSESSMENT_DAY.CATEGORY_ID, ASSESSMENT_DAY.AREA_ID), COLUMNS, rows,
                keys.stream().map(counts::get).toList(), first, last);
        if (!keepRollup) {
            return;
        }
        Map<UnitDay, long[]> rollup = sumPerUnitDay(counts, new TreeMap<>(UNIT_DAY_ORDER));
        List<Object[]> unitDays = new ArrayList<>(rollup.size());
        rollup.keySet().forEach(u -> unitDays.add(new Object[] {u.day(), u.unitId()}));
        addInBulk(dsl, ASSESSMENT_UNIT_DAY, ASSESSMENT_UNIT_DAY.STAT_DATE, List.of(ASSESSMENT_UNIT_DAY.STAT_DATE,
                ASSESSMENT_UNIT_DAY.UNIT_ID), ROLLUP_COLUMNS, unitDays, new ArrayList<>(rollup.values()), first, last);
        Map<UnitMonth, long[]> months = sumPerUnitMonth(counts, new TreeMap<>(UNIT_MONTH_ORDER));
        List<Object[]> unitMonths = new ArrayList<>(months.size());
        months.keySet().forEach(u -> unitMonths.add(new Object[] {u.month(), u.unitId()}));
        addInBulk(dsl, ASSESSMENT_UNIT_MONTH, ASSESSMENT_UNIT_MONTH.MONTH_START, List.of(
                ASSESSMENT_UNIT_MONTH.MONTH_START, ASSESSMENT_UNIT_MONTH.UNIT_ID), MONTH_COLUMNS, unitMonths,
                new ArrayList<>(months.values()), first.withDayOfMonth(1), last.withDayOfMonth(1));
    }

    /** Leaves an order out of every count from now on, and takes back what it counted; audited by the caller. */
    public boolean exclude(DSLContext dsl, long orderId, String reason, long userId, Instant now) {
        if (dsl.fetchExists(ASSESSMENT_EXCLUSION, ASSESSMENT_EXCLUSION.ORDER_ID.eq(orderId))) {
            return false;
        }
        apply(dsl, count(dsl, entriesOf(dsl, orderId), false), -1);
        dsl.insertInto(ASSESSMENT_EXCLUSION).set(ASSESSMENT_EXCLUSION.ORDER_ID, orderId)
                .set(ASSESSMENT_EXCLUSION.REASON, reason).set(ASSESSMENT_EXCLUSION.EXCLUDED_BY, userId)
                .set(ASSESSMENT_EXCLUSION.EXCLUDED_AT, now).execute();
        return true;
    }

    /** Counts an excluded order again. */
    public boolean include(DSLContext dsl, long orderId) {
        if (dsl.deleteFrom(ASSESSMENT_EXCLUSION).where(ASSESSMENT_EXCLUSION.ORDER_ID.eq(orderId)).execute() == 0) {
            return false;
        }
        apply(dsl, count(dsl, entriesOf(dsl, orderId), false), 1);
        return true;
    }

    /** The whole table as the timelines say it should be (excluded orders left out); see {@link #unitDays}. */
    public Map<Key, long[]> recompute(DSLContext dsl) {
        List<Entry> all = new ArrayList<>();
        dsl.select(WORK_ORDER_EVENT.ORDER_ID, WORK_ORDER_EVENT.OCCURRED_AT, WORK_ORDER_EVENT.ACTION,
                        WORK_ORDER_EVENT.DETAILS).from(WORK_ORDER_EVENT).orderBy(WORK_ORDER_EVENT.ID)
                .forEach(r -> all.add(new Entry(r.value1(), r.value2(), r.value3(),
                        r.value4() == null ? null : new JsonObject(r.value4()))));
        return count(dsl, all, false);
    }

    /**
     * The table as stored, with the journal's pending counts added; rows of all zeros left out. Read in one statement:
     * a fold committing between two would have its counts read twice or not at all.
     */
    public Map<Key, long[]> stored(DSLContext dsl) {
        var d = ASSESSMENT_DAY;
        var j = ASSESSMENT_JOURNAL;
        List<Field<?>> fine = new ArrayList<>(List.of(d.UNIT_ID, d.STAT_DATE, d.CATEGORY_ID, d.AREA_ID));
        fine.addAll(COLUMNS);
        List<Field<?>> pending = new ArrayList<>(List.of(j.UNIT_ID, j.STAT_DATE, j.CATEGORY_ID, j.AREA_ID));
        pending.addAll(JOURNAL_COLUMNS);
        Map<Key, long[]> out = new HashMap<>();
        for (org.jooq.Record r : dsl.select(fine).from(d).unionAll(dsl.select(pending).from(j)).fetch()) {
            long[] sum = out.computeIfAbsent(new Key(r.get(0, Long.class), r.get(1, LocalDate.class),
                    r.get(2, Long.class), r.get(3, Long.class)), x -> new long[COLUMNS.size()]);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += r.get(4 + i, Long.class);
            }
        }
        out.values().removeIf(v -> java.util.Arrays.stream(v).allMatch(x -> x == 0));
        return out;
    }

    /** The rollup as {@code counts} (of {@link #recompute} or {@link #stored}) make it: sums per unit and day. */
    public static Map<UnitDay, long[]> unitDays(Map<Key, long[]> counts) {
        Map<UnitDay, long[]> out = sumPerUnitDay(counts, new HashMap<>());
        out.values().removeIf(v -> java.util.Arrays.stream(v).allMatch(x -> x == 0));
        return out;
    }

    /** The month rollup as {@code counts} (of {@link #recompute} or {@link #stored}) make it: sums per unit and month. */
    public static Map<UnitMonth, long[]> unitMonths(Map<Key, long[]> counts) {
        Map<UnitMonth, long[]> out = sumPerUnitMonth(counts, new HashMap<>());
        out.values().removeIf(v -> java.util.Arrays.stream(v).allMatch(x -> x == 0));
        return out;
    }

    private static Map<UnitMonth, long[]> sumPerUnitMonth(Map<Key, long[]> counts, Map<UnitMonth, long[]> into) {
        counts.forEach((k, v) -> {
            long[] sum = into.computeIfAbsent(new UnitMonth(k.unitId(), k.day().withDayOfMonth(1)),
                    x -> new long[COLUMNS.size()]);
            for (int i = 0; i < v.length; i++) {
                sum[i] += v[i];
            }
        });
        return into;
    }

    private static Map<UnitDay, long[]> sumPerUnitDay(Map<Key, long[]> counts, Map<UnitDay, long[]> into) {
        counts.forEach((k, v) -> {
            long[] sum = into.computeIfAbsent(new UnitDay(k.unitId(), k.day()), x -> new long[COLUMNS.size()]);
            for (int i = 0; i < v.length; i++) {
                sum[i] += v[i];
            }
        });
        return into;
    }

    /** The rollup as stored, with the journal's pending counts added (one statement); rows of all zeros left out. */
    public Map<UnitDay, long[]> storedUnitDays(DSLContext dsl) {
        var u = ASSESSMENT_UNIT_DAY;
        var j = ASSESSMENT_JOURNAL;
        List<Field<?>> rollup = new ArrayList<>(List.of(u.UNIT_ID, u.STAT_DATE));
        rollup.addAll(ROLLUP_COLUMNS);
        List<Field<?>> pending = new ArrayList<>(List.of(j.UNIT_ID, j.STAT_DATE));
        pending.addAll(JOURNAL_COLUMNS);
        Map<UnitDay, long[]> out = new HashMap<>();
        for (org.jooq.Record r : dsl.select(rollup).from(u).unionAll(dsl.select(pending).from(j)).fetch()) {
            long[] sum = out.computeIfAbsent(new UnitDay(r.get(0, Long.class), r.get(1, LocalDate.class)),
                    x -> new long[ROLLUP_COLUMNS.size()]);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += r.get(2 + i, Long.class);
            }
        }
        out.values().removeIf(v -> java.util.Arrays.stream(v).allMatch(x -> x == 0));
        return out;
    }

    /** The month rollup as stored, with the journal's pending counts added (one statement); all-zero rows left out. */
    public Map<UnitMonth, long[]> storedUnitMonths(DSLContext dsl) {
        var m = ASSESSMENT_UNIT_MONTH;
        var j = ASSESSMENT_JOURNAL;
        List<Field<?>> rollup = new ArrayList<>(List.of(m.UNIT_ID, m.MONTH_START));
        rollup.addAll(MONTH_COLUMNS);
        List<Field<?>> pending = new ArrayList<>(List.of(j.UNIT_ID, j.STAT_DATE));
        pending.addAll(JOURNAL_COLUMNS);
        Map<UnitMonth, long[]> out = new HashMap<>();
        for (org.jooq.Record r : dsl.select(rollup).from(m).unionAll(dsl.select(pending).from(j)).fetch()) {
            long[] sum = out.computeIfAbsent(new UnitMonth(r.get(0, Long.class), r.get(1, LocalDate.class)
                    .withDayOfMonth(1)), x -> new long[MONTH_COLUMNS.size()]);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += r.get(2 + i, Long.class);
            }
        }
        out.values().removeIf(v -> java.util.Arrays.stream(v).allMatch(x -> x == 0));
        return out;
    }

    private List<Entry> entriesOf(DSLContext dsl, long orderId) {
        return dsl.select(WORK_ORDER_EVENT.OCCURRED_AT, WORK_ORDER_EVENT.ACTION, WORK_ORDER_EVENT.DETAILS)
                .from(WORK_ORDER_EVENT).where(WORK_ORDER_EVENT.ORDER_ID.eq(orderId)).orderBy(WORK_ORDER_EVENT.ID)
                .fetch(r -> new Entry(orderId, r.value1(), r.value2(),
                        r.value3() == null ? null : new JsonObject(r.value3())));
    }

    /** Counts per key; {@code includeExcluded} is for nothing yet but keeps the rule in one place. */
    private Map<Key, long[]> count(DSLContext dsl, List<Entry> entries, boolean includeExcluded) {
        TimelineCounts rule = new TimelineCounts(centre(dsl), zone);
        Map<Long, List<TimelineCounts.Delta>> byOrder = new HashMap<>();
        for (Entry e : entries) {
            List<TimelineCounts.Delta> d = rule.deltas(new TimelineCounts.Event(e.at(), e.action(), e.details(),
                    null));
            if (!d.isEmpty()) {
                byOrder.computeIfAbsent(e.orderId(), k -> new ArrayList<>()).addAll(d);
            }
        }
        Map<Key, long[]> out = new HashMap<>();
        if (byOrder.isEmpty()) {
            return out;
        }
        Map<Long, long[]> orders = new HashMap<>();
        Set<Long> ids = new LinkedHashSet<>(byOrder.keySet());
        for (List<Long> chunk : chunks(new ArrayList<>(ids), 1000)) {
            var q = dsl.select(WORK_ORDER.ID, WORK_ORDER.CATEGORY_ID, WORK_ORDER.AREA_ID).from(WORK_ORDER)
                    .where(WORK_ORDER.ID.in(chunk));
            if (!includeExcluded) {
                q = q.and(WORK_ORDER.ID.notIn(dsl.select(ASSESSMENT_EXCLUSION.ORDER_ID).from(ASSESSMENT_EXCLUSION)
                        .where(ASSESSMENT_EXCLUSION.ORDER_ID.in(chunk))));
            }
            q.forEach(r -> orders.put(r.value1(), new long[] {r.value2(), r.value3() == null ? 0 : r.value3()}));
        }
        byOrder.forEach((orderId, deltas) -> {
            long[] o = orders.get(orderId);
            if (o == null) {
                return;
            }
            for (TimelineCounts.Delta d : deltas) {
                out.computeIfAbsent(new Key(d.unitId(), d.day(), o[0], o[1]), k -> new long[COLUMNS.size()])
                        [d.count().ordinal()]++;
            }
        });
        return out;
    }

    /** Appends ({@code sign} 1) or takes back (-1) counts: one journal row per key, in one statement. */
    private void apply(DSLContext dsl, Map<Key, long[]> counts, int sign) {
        if (counts.isEmpty() || !keepDays) {
            return;
        }
        List<Field<?>> columns = new ArrayList<>(List.of(ASSESSMENT_JOURNAL.UNIT_ID, ASSESSMENT_JOURNAL.STAT_DATE,
                ASSESSMENT_JOURNAL.CATEGORY_ID, ASSESSMENT_JOURNAL.AREA_ID));
        columns.addAll(JOURNAL_COLUMNS);
        var insert = dsl.insertInto(ASSESSMENT_JOURNAL, columns);
        for (Map.Entry<Key, long[]> e : counts.entrySet()) {
            Key k = e.getKey();
            Object[] row = new Object[columns.size()];
            row[0] = k.unitId();
            row[1] = k.day();
            row[2] = k.categoryId();
            row[3] = k.areaId();
            for (int i = 0; i < JOURNAL_COLUMNS.size(); i++) {
                row[4 + i] = (int) (sign * e.getValue()[i]);
            }
            insert = insert.values(row);
        }
        insert.execute();
    }

    /**
     * Moves up to {@code limit} journal rows into the tables, in one transaction at READ COMMITTED (so the claim locks
     * the rows it takes and no gaps appenders write into): claims the oldest rows no other fold holds ({@code SKIP
     * LOCKED}, so nodes fold side by side), adds their sums to the tables and deletes them. Answers how many rows it
     * moved.
     */
    public int fold(DSLContext dsl, int limit) {
        var j = ASSESSMENT_JOURNAL;
        List<AssessmentJournalRecord> rows = dsl.selectFrom(j).orderBy(j.ID).limit(limit).forUpdate().skipLocked()
                .fetch();
        if (rows.isEmpty()) {
            return 0;
        }
        Map<Key, long[]> sums = new HashMap<>();
        List<Long> ids = new ArrayList<>(rows.size());
        for (AssessmentJournalRecord r : rows) {
            ids.add(r.getId());
            long[] sum = sums.computeIfAbsent(new Key(r.getUnitId(), r.getStatDate(), r.getCategoryId(),
                    r.getAreaId()), x -> new long[COLUMNS.size()]);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += r.get(JOURNAL_COLUMNS.get(i));
            }
        }
        sums.values().removeIf(v -> java.util.Arrays.stream(v).allMatch(x -> x == 0));
        applyToTables(dsl, sums);
        for (List<Long> chunk : chunks(ids, 1000)) {
            dsl.deleteFrom(j).where(j.ID.in(chunk)).execute();
        }
        return rows.size();
    }

    /**
     * Adds counts (negative ones take back) to the fine rows, then to their unit × day rollup rows, then to their
     * unit × month rows, each table's rows in its key order, so two folds counting on the same rows wait for each
     * other rather than deadlock.
     */
    private void applyToTables(DSLContext dsl, Map<Key, long[]> counts) {
        int sign = 1;
        if (counts.isEmpty() || !keepDays) {
            return;
        }
        List<Key> keys = new ArrayList<>(counts.keySet());
        keys.sort(KEY_ORDER);
        List<Object[]> rows = new ArrayList<>(keys.size());
        for (Key k : keys) {
            rows.add(new Object[] {k.unitId(), k.day(), k.categoryId(), k.areaId()});
        }
        add(dsl, ASSESSMENT_DAY, List.of(ASSESSMENT_DAY.UNIT_ID, ASSESSMENT_DAY.STAT_DATE, ASSESSMENT_DAY.CATEGORY_ID,
                ASSESSMENT_DAY.AREA_ID), COLUMNS, rows, keys.stream().map(counts::get).toList(), sign);
        if (!keepRollup) {
            return;
        }
        Map<UnitDay, long[]> rollup = sumPerUnitDay(counts, new TreeMap<>(UNIT_DAY_ORDER));
        List<Object[]> unitDays = new ArrayList<>(rollup.size());
        rollup.keySet().forEach(u -> unitDays.add(new Object[] {u.day(), u.unitId()}));
        add(dsl, ASSESSMENT_UNIT_DAY, List.of(ASSESSMENT_UNIT_DAY.STAT_DATE, ASSESSMENT_UNIT_DAY.UNIT_ID),
                ROLLUP_COLUMNS, unitDays, new ArrayList<>(rollup.values()), sign);
        Map<UnitMonth, long[]> months = sumPerUnitMonth(counts, new TreeMap<>(UNIT_MONTH_ORDER));
        List<Object[]> unitMonths = new ArrayList<>(months.size());
        months.keySet().forEach(u -> unitMonths.add(new Object[] {u.month(), u.unitId()}));
        add(dsl, ASSESSMENT_UNIT_MONTH, List.of(ASSESSMENT_UNIT_MONTH.MONTH_START, ASSESSMENT_UNIT_MONTH.UNIT_ID),
                MONTH_COLUMNS, unitMonths, new ArrayList<>(months.values()), sign);
    }

    /**
     * Adds {@code sign × values[i]} to the counts of the row keyed {@code keys[i]}, making the row if it is missing,
     * with one prepared statement bound once per row (rendering SQL per row cost more CPU than the database spent: a
     * burst of 10,000 clock firings touches thousands of rows).
     *
     * <p>On MySQL and MariaDB: {@code INSERT … ON DUPLICATE KEY UPDATE c = c + ?}, which takes the row's exclusive lock
     * at once. Making the row exist with {@code INSERT IGNORE} and then updating it takes a shared lock first: two
     * transactions on the same row (every intake transaction writes today's row of the centre) each hold it and wait
     * for the other's to go — a deadlock (with 8 writers on one row, more than 4 transactions in 5 died so; see
     * {@code AssessmentLedgerTest.concurrentWriters}). The statement is rendered as for MariaDB ({@code c = c + ?}, no
     * row alias): jOOQ's MySQL rendering adds MySQL 8.0.19's {@code AS excluded}, which MariaDB refuses; this form
     * runs on both. H2 takes no such shared lock and keeps {@code INSERT IGNORE} then {@code UPDATE} (jOOQ emulates
     * the upsert there as a MERGE whose placeholders come in another order).
     */
    private static <R extends org.jooq.Record> void add(DSLContext dsl, Table<R> table, List<TableField<R, ?>> keyFields,
            List<TableField<R, Integer>> countFields, List<Object[]> keys, List<long[]> values, int sign) {
        int n = countFields.size();
        if (dsl.dialect().family() == SQLDialect.H2) {
            // 200 rows a statement: H2's parser recurses once per row of the MERGE jOOQ writes for it. The MERGE does
            // not see a row another transaction has made and not yet committed, and fails on its key when that one
            // commits: then each row on its own, a duplicate meaning the row now exists (H2 undoes only the failed
            // statement, not the transaction).
            for (List<Object[]> chunk : chunks(keys, 200)) {
                var insert = dsl.insertInto(table, keyFields);
                for (Object[] k : chunk) {
                    insert = insert.values(k);
                }
                try {
                    insert.onDuplicateKeyIgnore().execute();
                } catch (org.jooq.exception.IntegrityConstraintViolationException raced) {
                    for (Object[] k : chunk) {
                        try {
                            dsl.insertInto(table, keyFields).values(k).onDuplicateKeyIgnore().execute();
                        } catch (org.jooq.exception.IntegrityConstraintViolationException exists) {
                            // made by the other transaction: incremented below
                        }
                    }
                }
            }
            List<org.jooq.Condition> where = new ArrayList<>();
            for (TableField<R, ?> f : keyFields) {
                @SuppressWarnings("unchecked")
                Field<Object> key = (Field<Object>) f;
                where.add(key.eq((Object) null));
            }
            var update = dsl.update(table).set(increments(countFields)).where(where);
            var batch = dsl.batch(update);
            for (int r = 0; r < keys.size(); r++) {
                Object[] binds = new Object[n + keyFields.size()];
                for (int i = 0; i < n; i++) {
                    binds[i] = (int) (sign * values.get(r)[i]);
                }
                System.arraycopy(keys.get(r), 0, binds, n, keyFields.size());
                batch = batch.bind(binds);
            }
            batch.execute();
            return;
        }
        DSLContext mariadb = DSL.using(dsl.configuration().derive(SQLDialect.MARIADB));
        List<Field<?>> columns = new ArrayList<>(keyFields);
        columns.addAll(countFields);
        Query upsert = mariadb.insertInto(table, columns).values(new Object[columns.size()])
                .onDuplicateKeyUpdate().set(increments(countFields));
        var batch = mariadb.batch(upsert);
        for (int r = 0; r < keys.size(); r++) {
            Object[] binds = new Object[keyFields.size() + 2 * n];
            System.arraycopy(keys.get(r), 0, binds, 0, keyFields.size());
            for (int i = 0; i < n; i++) {
                int v = (int) (sign * values.get(r)[i]);
                binds[keyFields.size() + i] = v;
                binds[keyFields.size() + n + i] = v;
            }
            batch = batch.bind(binds);
        }
        batch.execute();
    }

    /**
     * Adds many rows' counts at once (an import's year: a hundred thousand rows and more). The rows of the days
     * concerned are read first — on MySQL locked with the range ({@code FOR UPDATE}), so that no other transaction
     * makes one of the missing rows meanwhile; H2 would lock by writing every row read, and is one node's development
     * database — then missing rows are inserted with their counts and the others incremented, one prepared statement
     * each, bound per row ({@link Bulk}).
     */
    private static <R extends org.jooq.Record> void addInBulk(DSLContext dsl, Table<R> table,
            TableField<R, LocalDate> dayField, List<TableField<R, ?>> keyFields,
            List<TableField<R, Integer>> countFields, List<Object[]> keys, List<long[]> values, LocalDate first,
            LocalDate last) {
        Set<List<Object>> existing = new java.util.HashSet<>();
        var read = dsl.select(keyFields).from(table).where(dayField.between(first, last));
        (dsl.dialect().family() == SQLDialect.H2 ? read : read.forUpdate())
                .forEach(r -> existing.add(java.util.Arrays.asList(r.intoArray())));
        int n = countFields.size();
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        for (int r = 0; r < keys.size(); r++) {
            Object[] k = keys.get(r);
            long[] v = values.get(r);
            Object[] binds = new Object[keyFields.size() + n];
            if (existing.contains(java.util.Arrays.asList(k))) {
                for (int i = 0; i < n; i++) {
                    binds[i] = (int) v[i];
                }
                System.arraycopy(k, 0, binds, n, keyFields.size());
                updates.add(binds);
            } else {
                System.arraycopy(k, 0, binds, 0, keyFields.size());
                for (int i = 0; i < n; i++) {
                    binds[keyFields.size() + i] = (int) v[i];
                }
                inserts.add(binds);
            }
        }
        List<Field<?>> columns = new ArrayList<>(keyFields);
        columns.addAll(countFields);
        Bulk.run(dsl, dsl.insertInto(table, columns).values(new Object[columns.size()]), inserts);
        List<org.jooq.Condition> where = new ArrayList<>();
        for (TableField<R, ?> f : keyFields) {
            @SuppressWarnings("unchecked")
            Field<Object> key = (Field<Object>) f;
            where.add(key.eq((Object) null));
        }
        Bulk.run(dsl, dsl.update(table).set(increments(countFields)).where(where), updates);
    }

    /** {@code c = c + ?} for each count, placeholders in that order. */
    private static Map<Field<?>, Object> increments(List<? extends TableField<?, Integer>> countFields) {
        Map<Field<?>, Object> set = new LinkedHashMap<>();
        for (TableField<?, Integer> c : countFields) {
            set.put(c, c.plus(DSL.val((Integer) null, Integer.class)));
        }
        return set;
    }

    /** The centre's unit, which takes the calls (counted for direct answers). */
    private long centre(DSLContext dsl) {
        Long c = centre;
        if (c == null) {
            c = dsl.select(UNIT.ID).from(UNIT).where(UNIT.KIND.eq("center")).orderBy(UNIT.ID).limit(1)
                    .fetchOptional(UNIT.ID).orElse(0L);
            if (c != 0) {
                centre = c;
            }
        }
        return c;
    }

    private static <T> List<List<T>> chunks(List<T> list, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i += size) {
            out.add(list.subList(i, Math.min(list.size(), i + size)));
        }
        return out;
    }
}
