package org.hotline.timer;

import static org.hotline.db.generated.Tables.TIMER;

import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

/** The timer table: schedule, cancel, look ahead, and claim what is due. */
public final class TimerStore {

    public static final String PENDING = "pending";
    public static final String FIRED = "fired";
    public static final String CANCELLED = "cancelled";

    public long schedule(DSLContext dsl, String kind, Long orderId, String subject, Instant dueAt, String payload,
                         Instant now) {
        return dsl.insertInto(TIMER)
                .set(TIMER.KIND, kind)
                .set(TIMER.ORDER_ID, orderId)
                .set(TIMER.SUBJECT, subject)
                .set(TIMER.DUE_AT, dueAt)
                .set(TIMER.STATUS, PENDING)
                .set(TIMER.PAYLOAD, payload)
                .set(TIMER.CREATED_AT, now)
                .returningResult(TIMER.ID).fetchOne().value1();
    }

    /** Cancels an order's pending timers for {@code subject} (all subjects when null). */
    public int cancel(DSLContext dsl, long orderId, String subject) {
        var condition = TIMER.ORDER_ID.eq(orderId).and(TIMER.STATUS.eq(PENDING));
        if (subject != null) {
            condition = condition.and(TIMER.SUBJECT.eq(subject));
        }
        return dsl.update(TIMER).set(TIMER.STATUS, CANCELLED).where(condition).execute();
    }

    /** Cancels the pending timers of one subject (a supervision's clocks, which have no order). */
    public int cancelSubject(DSLContext dsl, String subject) {
        return dsl.update(TIMER).set(TIMER.STATUS, CANCELLED)
                .where(TIMER.SUBJECT.eq(subject)).and(TIMER.STATUS.eq(PENDING))
                .execute();
    }

    /**
     * Distinct due times of pending timers up to {@code until}, soonest first: what a node keeps in memory. Distinct,
     * because ten thousand timers due at one instant need one wake-up, not ten thousand entries.
     */
    public List<Instant> upcoming(DSLContext dsl, Instant until, int limit) {
        return dsl.selectDistinct(TIMER.DUE_AT).from(TIMER)
                .where(TIMER.STATUS.eq(PENDING)).and(TIMER.DUE_AT.le(until))
                .orderBy(TIMER.DUE_AT)
                .limit(limit)
                .fetch(org.jooq.Record1::value1);
    }

    /** Locks up to {@code limit} due timers no other node holds, soonest first. Call inside a transaction. */
    public List<Timer> claimDue(DSLContext dsl, Instant now, int limit) {
        return dsl.selectFrom(TIMER)
                .where(TIMER.STATUS.eq(PENDING)).and(TIMER.DUE_AT.le(now))
                .orderBy(TIMER.DUE_AT, TIMER.ID)
                .limit(limit)
                .forUpdate().skipLocked()
                .fetch(r -> new Timer(r.getId(), r.getKind(), r.getOrderId(), r.getSubject(), r.getDueAt(),
                        r.getPayload()));
    }

    public void markFired(DSLContext dsl, List<Long> ids, String node, Instant now) {
        dsl.update(TIMER)
                .set(TIMER.STATUS, FIRED)
                .set(TIMER.FIRED_AT, now)
                .set(TIMER.FIRED_BY, node)
                .where(TIMER.ID.in(ids))
                .execute();
    }

    public int pendingCount(DSLContext dsl) {
        return dsl.fetchCount(TIMER, TIMER.STATUS.eq(PENDING));
    }
}
