package org.hotline.audit;

import static org.hotline.db.generated.Tables.AUDIT_EVENT;
import static org.hotline.db.generated.Tables.AUDIT_SEAL;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hotline.db.generated.tables.records.AuditEventRecord;
import org.hotline.db.generated.tables.records.AuditSealRecord;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Seals audit events into the chain ({@link AuditChain}) and verifies it. Rows are only ever inserted: two nodes
 * sealing at once both try to insert the next number, one transaction fails on the key and its rows are sealed by
 * the next pass.
 */
public final class AuditSeals {

    /**
     * How far behind the newest sealed event a pass looks for unsealed ones: an audited transaction that commits after
     * later ones were sealed is still found. A full pass at start covers everything older.
     */
    static final long LOOK_BACK_IDS = 10_000;
    /** An event unsealed for longer than this is reported by verify: the sealer should have taken it long ago. */
    public static final Duration SEAL_GRACE = Duration.ofMinutes(2);

    private final AuditChain chain;

    public AuditSeals(AuditChain chain) {
        this.chain = chain;
    }

    /**
     * Seals up to {@code batch} unsealed events in id order after the chain's head; {@code everything}: look at the
     * whole log, not only near the head. Answers how many were sealed.
     */
    public int seal(DSLContext dsl, Instant now, int batch, boolean everything) {
        AuditSealRecord head = dsl.selectFrom(AUDIT_SEAL).orderBy(AUDIT_SEAL.SEQ.desc()).limit(1).fetchOne();
        Long newestSealed = dsl.select(DSL.max(AUDIT_SEAL.EVENT_ID)).from(AUDIT_SEAL).fetchOne(0, Long.class);
        var near = everything || newestSealed == null ? DSL.noCondition()
                : AUDIT_EVENT.ID.gt(newestSealed - LOOK_BACK_IDS);
        List<AuditEventRecord> unsealed = dsl.selectFrom(AUDIT_EVENT)
                .where(near)
                .and(DSL.notExists(DSL.selectOne().from(AUDIT_SEAL).where(AUDIT_SEAL.EVENT_ID.eq(AUDIT_EVENT.ID))))
                .orderBy(AUDIT_EVENT.ID)
                .limit(batch)
                .fetch();
        if (unsealed.isEmpty()) {
            return 0;
        }
        long seq = head == null ? 0 : head.getSeq();
        String previous = head == null ? AuditChain.GENESIS : head.getMac();
        var insert = dsl.insertInto(AUDIT_SEAL, AUDIT_SEAL.SEQ, AUDIT_SEAL.EVENT_ID, AUDIT_SEAL.KEY_ID, AUDIT_SEAL.MAC,
                AUDIT_SEAL.SEALED_AT);
        for (AuditEventRecord e : unsealed) {
            seq++;
            previous = chain.mac(previous, seq, AuditLog.toEntry(e));
            insert = insert.values(seq, e.getId(), chain.keyId(), previous, now);
        }
        insert.execute();
        return unsealed.size();
    }

    /** What {@code audit verify} found: ok, or the first broken seal and why. */
    public record Report(long sealed, Long brokenSeq, Long brokenEventId, String problem, long unsealedOverdue,
                         Long firstUnsealedId) {
        public boolean ok() {
            return brokenSeq == null && unsealedOverdue == 0;
        }
    }

    /**
     * Walks the chain from seal 1, recomputing every MAC: the first seal that is missing, points at a missing event
     * or does not match its event names where the log was changed. Then counts events older than the grace period
     * that were never sealed (rows slipped in beside the application, or a sealer that is not running).
     */
    public Report verify(DSLContext dsl, Instant now) {
        final int page = 5000;
        long expected = 1;
        String previous = AuditChain.GENESIS;
        while (true) {
            var rows = dsl.select(AUDIT_SEAL.asterisk(), AUDIT_EVENT.asterisk())
                    .from(AUDIT_SEAL)
                    .leftJoin(AUDIT_EVENT).on(AUDIT_EVENT.ID.eq(AUDIT_SEAL.EVENT_ID))
                    .where(AUDIT_SEAL.SEQ.ge(expected))
                    .orderBy(AUDIT_SEAL.SEQ)
                    .limit(page)
                    .fetch();
            for (Record r : rows) {
                AuditSealRecord seal = r.into(AUDIT_SEAL);
                if (seal.getSeq() != expected) {
                    return broken(expected - 1, expected, null, "seal " + expected + " is missing (deleted)", dsl, now);
                }
                if (r.get(AUDIT_EVENT.ID) == null) {
                    return broken(expected - 1, expected, seal.getEventId(),
                            "audit event " + seal.getEventId() + " is missing (deleted)", dsl, now);
                }
                if (!seal.getKeyId().equals(chain.keyId())) {
                    return broken(expected - 1, expected, seal.getEventId(), "sealed with another key ("
                            + seal.getKeyId() + ", this key is " + chain.keyId() + ")", dsl, now);
                }
                String mac = chain.mac(previous, expected, AuditLog.toEntry(r.into(AUDIT_EVENT)));
                if (!mac.equals(seal.getMac())) {
                    return broken(expected - 1, expected, seal.getEventId(), "audit event " + seal.getEventId()
                            + " or its seal was changed after sealing", dsl, now);
                }
                previous = mac;
                expected++;
            }
            if (rows.size() < page) {
                break;
            }
        }
        long sealed = expected - 1;
        return new Report(sealed, null, null, null, unsealedCount(dsl, now), firstUnsealed(dsl, now));
    }

    private Report broken(long sealedOk, long seq, Long eventId, String problem, DSLContext dsl, Instant now) {
        return new Report(sealedOk, seq, eventId, problem, unsealedCount(dsl, now), firstUnsealed(dsl, now));
    }

    private static org.jooq.Condition overdueUnsealed(Instant now) {
        return AUDIT_EVENT.OCCURRED_AT.lt(now.minus(SEAL_GRACE))
                .and(DSL.notExists(DSL.selectOne().from(AUDIT_SEAL).where(AUDIT_SEAL.EVENT_ID.eq(AUDIT_EVENT.ID))));
    }

    private static long unsealedCount(DSLContext dsl, Instant now) {
        return dsl.fetchCount(AUDIT_EVENT, overdueUnsealed(now));
    }

    private static Long firstUnsealed(DSLContext dsl, Instant now) {
        return dsl.select(DSL.min(AUDIT_EVENT.ID)).from(AUDIT_EVENT).where(overdueUnsealed(now))
                .fetchOne(0, Long.class);
    }

    /** Ids of sealed events, in chain order (tests). */
    List<Long> sealedEventIds(DSLContext dsl) {
        return new ArrayList<>(dsl.select(AUDIT_SEAL.EVENT_ID).from(AUDIT_SEAL).orderBy(AUDIT_SEAL.SEQ)
                .fetch(AUDIT_SEAL.EVENT_ID));
    }
}
