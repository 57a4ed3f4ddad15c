package org.hotline.assessment;

import static org.hotline.db.generated.Tables.ASSESSMENT_DAY;
import static org.hotline.db.generated.Tables.ASSESSMENT_EXCLUSION;
import static org.hotline.db.generated.Tables.UNIT;
import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.hotline.db.generated.Tables.WORK_ORDER_EVENT;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.db.Bulk;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.hotline.db.generated.tables.records.AssessmentDayRecord;

/**
 * Keeps {@code assessment_day} in step with the timelines: the events a transaction writes add their counts in the
 * same transaction (most events count nothing and cost nothing). {@link #recompute} derives the same table from the
 * timelines alone, with the same rule: the check that the running totals are right.
 */
public final class AssessmentLedger {

    /** A timeline event as the ledger reads it. */
    public record Entry(long orderId, Instant at, String action, JsonObject details) {
    }

    /** One row of the table: a unit's day in one category and area. */
    public record Key(long unitId, LocalDate day, long categoryId, long areaId) {
    }

    private static final List<TableField<AssessmentDayRecord, Integer>> COLUMNS = List.of(ASSESSMENT_DAY.RECEIVED,
            ASSESSMENT_DAY.SIGN_MET, ASSESSMENT_DAY.SIGN_LATE, ASSESSMENT_DAY.HANDLE_MET, ASSESSMENT_DAY.HANDLE_LATE,
            ASSESSMENT_DAY.RATED, ASSESSMENT_DAY.CONTACT_RATED, ASSESSMENT_DAY.CONTACTED, ASSESSMENT_DAY.RESOLVED,
            ASSESSMENT_DAY.SATISFIED, ASSESSMENT_DAY.RETURNED, ASSESSMENT_DAY.REPLIES, ASSESSMENT_DAY.REHANDLED,
            ASSESSMENT_DAY.OVERDUE, ASSESSMENT_DAY.TAKEN, ASSESSMENT_DAY.ANSWERED_DIRECTLY);

    private final ZoneId zone;
    private volatile Long centre;

    public AssessmentLedger(ZoneId zone) {
        this.zone = zone;
    }

    /** Adds the counts of {@code entries}, written in this transaction. */
    public void record(DSLContext dsl, List<Entry> entries) {
        apply(dsl, count(dsl, entries, false), 1);
    }

    /**
     * Adds the counts of the events of orders written in this transaction (an import), whose category and area the
     * writer knows ({@code categoryAndArea}: order id → {category, area or 0}): new orders, so none is excluded.
     */
    public void recordNew(DSLContext dsl, List<Entry> entries, Map<Long, long[]> categoryAndArea) {
        addInBulk(dsl, keyed(deltas(dsl, entries), categoryAndArea));
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

    /** The whole table as the timelines say it should be (excluded orders left out). */
    public Map<Key, long[]> recompute(DSLContext dsl) {
        List<Entry> all = new ArrayList<>();
        dsl.select(WORK_ORDER_EVENT.ORDER_ID, WORK_ORDER_EVENT.OCCURRED_AT, WORK_ORDER_EVENT.ACTION,
                        WORK_ORDER_EVENT.DETAILS).from(WORK_ORDER_EVENT).orderBy(WORK_ORDER_EVENT.ID)
                .forEach(r -> all.add(new Entry(r.value1(), r.value2(), r.value3(),
                        r.value4() == null ? null : new JsonObject(r.value4()))));
        return count(dsl, all, false);
    }

    /** The table as stored, rows of all zeros left out. */
    public Map<Key, long[]> stored(DSLContext dsl) {
        Map<Key, long[]> out = new HashMap<>();
        for (AssessmentDayRecord r : dsl.selectFrom(ASSESSMENT_DAY).fetch()) {
            long[] v = new long[COLUMNS.size()];
            boolean any = false;
            for (int i = 0; i < v.length; i++) {
                v[i] = r.get(COLUMNS.get(i));
                any |= v[i] != 0;
            }
            if (any) {
                out.put(new Key(r.getUnitId(), r.getStatDate(), r.getCategoryId(), r.getAreaId()), v);
            }
        }
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
        Map<Long, List<TimelineCounts.Delta>> byOrder = deltas(dsl, entries);
        if (byOrder.isEmpty()) {
            return new HashMap<>();
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
        return keyed(byOrder, orders);
    }

    /** The deltas of each order's events, by the single rule. */
    private Map<Long, List<TimelineCounts.Delta>> deltas(DSLContext dsl, List<Entry> entries) {
        TimelineCounts rule = new TimelineCounts(centre(dsl), zone);
        Map<Long, List<TimelineCounts.Delta>> byOrder = new HashMap<>();
        for (Entry e : entries) {
            List<TimelineCounts.Delta> d = rule.deltas(new TimelineCounts.Event(e.at(), e.action(), e.details(),
                    null));
            if (!d.isEmpty()) {
                byOrder.computeIfAbsent(e.orderId(), k -> new ArrayList<>()).addAll(d);
            }
        }
        return byOrder;
    }

    /** Counts per key, from each order's deltas and its {category, area}; orders without one are left out. */
    private static Map<Key, long[]> keyed(Map<Long, List<TimelineCounts.Delta>> byOrder, Map<Long, long[]> orders) {
        Map<Key, long[]> out = new HashMap<>();
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

    /**
     * Adds ({@code sign} 1) or takes back (-1) counts: the rows are made to exist ({@code INSERT IGNORE}, which MySQL
     * and MariaDB both speak, unlike MySQL 8's upsert alias), then incremented. Rows are taken in key order, so two
     * transactions counting on the same rows wait for each other rather than deadlock.
     */
    private static void apply(DSLContext dsl, Map<Key, long[]> counts, int sign) {
        List<Key> keys = new ArrayList<>(counts.keySet());
        keys.sort(java.util.Comparator.comparingLong(Key::unitId).thenComparing(Key::day)
                .thenComparingLong(Key::categoryId).thenComparingLong(Key::areaId));
        if (keys.isEmpty()) {
            return;
        }
        // One statement per 200 rows makes every row exist (MySQL takes at most 65,535 placeholders; H2's parser
        // recurses once per row of the MERGE jOOQ writes for it).
        for (int from = 0; from < keys.size(); from += 200) {
            var rows = dsl.insertInto(ASSESSMENT_DAY, ASSESSMENT_DAY.UNIT_ID, ASSESSMENT_DAY.STAT_DATE,
                    ASSESSMENT_DAY.CATEGORY_ID, ASSESSMENT_DAY.AREA_ID);
            for (Key k : keys.subList(from, Math.min(keys.size(), from + 200))) {
                rows = rows.values(k.unitId(), k.day(), k.categoryId(), k.areaId());
            }
            rows.onDuplicateKeyIgnore().execute();
        }
        // One prepared statement for every row, bound once per row: rendering SQL per row cost more CPU than the
        // database spent (a burst of 10,000 clock firings touches thousands of rows).
        var batch = dsl.batch(increment(dsl));
        for (Key k : keys) {
            long[] v = counts.get(k);
            Object[] binds = new Object[COLUMNS.size() + 4];
            for (int i = 0; i < v.length; i++) {
                binds[i] = (int) (sign * v[i]);
            }
            binds[COLUMNS.size()] = k.unitId();
            binds[COLUMNS.size() + 1] = k.day();
            binds[COLUMNS.size() + 2] = k.categoryId();
            binds[COLUMNS.size() + 3] = k.areaId();
            batch = batch.bind(binds);
        }
        batch.execute();
    }

    /**
     * Adds many rows' counts at once (an import's year: a hundred thousand rows and more). The rows of the days
     * concerned are read first — on MySQL locked with the range ({@code FOR UPDATE}), so that no other transaction
     * makes one of the missing rows meanwhile; H2 would lock by writing every row read, and is one node's
     * development database — then missing rows are inserted with their counts and the others incremented, one
     * prepared statement each, bound per row.
     */
    private static void addInBulk(DSLContext dsl, Map<Key, long[]> counts) {
        if (counts.isEmpty()) {
            return;
        }
        List<Key> keys = new ArrayList<>(counts.keySet());
        keys.sort(java.util.Comparator.comparingLong(Key::unitId).thenComparing(Key::day)
                .thenComparingLong(Key::categoryId).thenComparingLong(Key::areaId));
        LocalDate first = keys.stream().map(Key::day).min(LocalDate::compareTo).orElseThrow();
        LocalDate last = keys.stream().map(Key::day).max(LocalDate::compareTo).orElseThrow();
        Set<Key> existing = new java.util.HashSet<>();
        var days = dsl.select(ASSESSMENT_DAY.UNIT_ID, ASSESSMENT_DAY.STAT_DATE, ASSESSMENT_DAY.CATEGORY_ID,
                ASSESSMENT_DAY.AREA_ID).from(ASSESSMENT_DAY).where(ASSESSMENT_DAY.STAT_DATE.between(first, last));
        (dsl.dialect().family() == org.jooq.SQLDialect.H2 ? days : days.forUpdate())
                .forEach(r -> existing.add(new Key(r.value1(), r.value2(), r.value3(), r.value4())));
        List<Field<?>> fields = new ArrayList<>(List.of(ASSESSMENT_DAY.UNIT_ID, ASSESSMENT_DAY.STAT_DATE,
                ASSESSMENT_DAY.CATEGORY_ID, ASSESSMENT_DAY.AREA_ID));
        fields.addAll(COLUMNS);
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        for (Key k : keys) {
            long[] v = counts.get(k);
            Object[] binds = new Object[COLUMNS.size() + 4];
            if (existing.contains(k)) {
                for (int i = 0; i < v.length; i++) {
                    binds[i] = (int) v[i];
                }
                binds[COLUMNS.size()] = k.unitId();
                binds[COLUMNS.size() + 1] = k.day();
                binds[COLUMNS.size() + 2] = k.categoryId();
                binds[COLUMNS.size() + 3] = k.areaId();
                updates.add(binds);
            } else {
                binds[0] = k.unitId();
                binds[1] = k.day();
                binds[2] = k.categoryId();
                binds[3] = k.areaId();
                for (int i = 0; i < v.length; i++) {
                    binds[4 + i] = (int) v[i];
                }
                inserts.add(binds);
            }
        }
        Bulk.run(dsl, dsl.insertInto(ASSESSMENT_DAY, fields).values(new Object[fields.size()]), inserts);
        Bulk.run(dsl, increment(dsl), updates);
    }

    /** {@code UPDATE … SET c = c + ? (each count) WHERE key = ?}, with placeholders in that order. */
    private static org.jooq.Query increment(DSLContext dsl) {
        Map<Field<?>, Object> set = new java.util.LinkedHashMap<>();
        for (TableField<AssessmentDayRecord, Integer> c : COLUMNS) {
            set.put(c, c.plus(DSL.val((Integer) null, Integer.class)));
        }
        return dsl.update(ASSESSMENT_DAY).set(set)
                .where(ASSESSMENT_DAY.UNIT_ID.eq((Long) null)).and(ASSESSMENT_DAY.STAT_DATE.eq((LocalDate) null))
                .and(ASSESSMENT_DAY.CATEGORY_ID.eq((Long) null)).and(ASSESSMENT_DAY.AREA_ID.eq((Long) null));
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
