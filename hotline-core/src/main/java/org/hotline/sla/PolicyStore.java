package org.hotline.sla;

import static org.hotline.db.generated.Tables.SLA_POLICY;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hotline.db.generated.tables.records.SlaPolicyRecord;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * The time-limit policies: one current version per type × urgency (and per category override), older versions kept
 * for the orders dispatched under them. Blocking jOOQ, inside the caller's transaction.
 */
public final class PolicyStore {

    /** A policy version as stored. {@code categoryId} is null for the type × urgency default. */
    public record Stored(long id, String type, String urgency, Long categoryId, int version, Policy policy,
                         String note, Long createdBy, Instant createdAt, Instant supersededAt, boolean retired) {

        public boolean current() {
            return supersededAt == null;
        }

        public JsonObject toJson() {
            return new JsonObject().put("id", id).put("type", type).put("urgency", urgency)
                    .put("categoryId", categoryId).put("version", version).put("rules", policy.toJson())
                    .put("note", note).put("createdBy", createdBy).put("createdAt", createdAt.toString())
                    .put("supersededAt", supersededAt == null ? null : supersededAt.toString())
                    .put("retired", retired);
        }
    }

    /** Writes the limits of practice as version 1 of every type × urgency, on a database that has none. */
    public int seedDefaults(DSLContext dsl, Instant now) {
        if (dsl.fetchExists(SLA_POLICY)) {
            return 0;
        }
        int n = 0;
        for (String type : Policy.TYPES.stream().sorted().toList()) {
            for (String urgency : Policy.URGENCIES.stream().sorted().toList()) {
                try {
                    insert(dsl, type, urgency, 0L, 1, Policy.defaults(type, urgency), "默认时限（实践通行标准）",
                            null, now);
                    n++;
                } catch (DataAccessException e) {
                    // Another node seeded the same row first: its version 1 stands.
                    if (!isDuplicate(e)) {
                        throw e;
                    }
                }
            }
        }
        return n;
    }

    /** The policies in force: every current, not retired version. */
    public List<Stored> current(DSLContext dsl) {
        return dsl.selectFrom(SLA_POLICY)
                .where(SLA_POLICY.SUPERSEDED_AT.isNull()).and(SLA_POLICY.RETIRED.isFalse())
                .orderBy(SLA_POLICY.ORDER_TYPE, SLA_POLICY.URGENCY, SLA_POLICY.CATEGORY_ID)
                .fetch(PolicyStore::stored);
    }

    /** Every version of one policy, newest first. */
    public List<Stored> history(DSLContext dsl, String type, String urgency, Long categoryId) {
        return dsl.selectFrom(SLA_POLICY)
                .where(SLA_POLICY.ORDER_TYPE.eq(type)).and(SLA_POLICY.URGENCY.eq(urgency))
                .and(SLA_POLICY.CATEGORY_ID.eq(categoryId == null ? 0L : categoryId))
                .orderBy(SLA_POLICY.VERSION.desc())
                .fetch(PolicyStore::stored);
    }

    public Optional<Stored> get(DSLContext dsl, long id) {
        return Optional.ofNullable(dsl.selectFrom(SLA_POLICY).where(SLA_POLICY.ID.eq(id)).fetchOne())
                .map(PolicyStore::stored);
    }

    /**
     * The policy a new order of this type and urgency runs under: an override for its category or the nearest
     * category above it, else the type × urgency default. {@code categoryPath} is the category and its ancestors,
     * nearest first.
     */
    public Optional<Stored> resolve(DSLContext dsl, String type, String urgency, List<Long> categoryPath) {
        List<Stored> candidates = dsl.selectFrom(SLA_POLICY)
                .where(SLA_POLICY.ORDER_TYPE.eq(type)).and(SLA_POLICY.URGENCY.eq(urgency))
                .and(SLA_POLICY.SUPERSEDED_AT.isNull()).and(SLA_POLICY.RETIRED.isFalse())
                .fetch(PolicyStore::stored);
        for (Long category : categoryPath) {
            for (Stored s : candidates) {
                if (category.equals(s.categoryId())) {
                    return Optional.of(s);
                }
            }
        }
        return candidates.stream().filter(s -> s.categoryId() == null).findFirst();
    }

    /**
     * Adds the next version of a policy and closes the one it replaces. The current row is locked first, so two
     * admins saving at once get versions n+1 and n+2, never two n+1.
     */
    public Stored put(DSLContext dsl, String type, String urgency, Long categoryId, Policy policy, String note,
                      Long userId, Instant now) {
        long category = categoryId == null ? 0L : categoryId;
        List<SlaPolicyRecord> versions = dsl.selectFrom(SLA_POLICY)
                .where(SLA_POLICY.ORDER_TYPE.eq(type)).and(SLA_POLICY.URGENCY.eq(urgency))
                .and(SLA_POLICY.CATEGORY_ID.eq(category))
                .orderBy(SLA_POLICY.VERSION.desc())
                .forUpdate()
                .fetch();
        int next = versions.isEmpty() ? 1 : versions.getFirst().getVersion() + 1;
        closeCurrent(dsl, type, urgency, category, now);
        long id = insert(dsl, type, urgency, category, next, policy, note, userId, now);
        return get(dsl, id).orElseThrow();
    }

    /** Ends a category override: new orders of that category fall back to the policy above it. */
    public boolean retire(DSLContext dsl, long id, Instant now) {
        return dsl.update(SLA_POLICY)
                .set(SLA_POLICY.SUPERSEDED_AT, now)
                .set(SLA_POLICY.RETIRED, true)
                .where(SLA_POLICY.ID.eq(id)).and(SLA_POLICY.SUPERSEDED_AT.isNull())
                .and(SLA_POLICY.CATEGORY_ID.ne(0L))
                .execute() == 1;
    }

    private void closeCurrent(DSLContext dsl, String type, String urgency, long category, Instant now) {
        dsl.update(SLA_POLICY).set(SLA_POLICY.SUPERSEDED_AT, now)
                .where(SLA_POLICY.ORDER_TYPE.eq(type)).and(SLA_POLICY.URGENCY.eq(urgency))
                .and(SLA_POLICY.CATEGORY_ID.eq(category)).and(SLA_POLICY.SUPERSEDED_AT.isNull())
                .execute();
    }

    private long insert(DSLContext dsl, String type, String urgency, long category, int version, Policy policy,
                        String note, Long userId, Instant now) {
        return dsl.insertInto(SLA_POLICY)
                .set(SLA_POLICY.ORDER_TYPE, type)
                .set(SLA_POLICY.URGENCY, urgency)
                .set(SLA_POLICY.CATEGORY_ID, category)
                .set(SLA_POLICY.VERSION, version)
                .set(SLA_POLICY.RULES, policy.toJson().encode())
                .set(SLA_POLICY.NOTE, note)
                .set(SLA_POLICY.CREATED_BY, userId)
                .set(SLA_POLICY.CREATED_AT, now)
                .returningResult(SLA_POLICY.ID).fetchOne().value1();
    }

    private static Stored stored(SlaPolicyRecord r) {
        return new Stored(r.getId(), r.getOrderType(), r.getUrgency(),
                r.getCategoryId() == 0L ? null : r.getCategoryId(), r.getVersion(),
                Policy.parse(new JsonObject(r.getRules())), r.getNote(), r.getCreatedBy(), r.getCreatedAt(),
                r.getSupersededAt(), r.getRetired());
    }

    private static boolean isDuplicate(DataAccessException e) {
        return e.sqlStateClass() == org.jooq.exception.SQLStateClass.C23_INTEGRITY_CONSTRAINT_VIOLATION;
    }
}
