package org.hotline.sla;

import static org.hotline.db.generated.Tables.ORDER_CLOCK;
import static org.hotline.db.generated.Tables.ORDER_CLOCK_PAUSE;

import java.time.Instant;
import java.util.List;
import org.hotline.db.generated.tables.records.OrderClockRecord;
import org.jooq.DSLContext;

/** The order_clock and order_clock_pause tables. Blocking jOOQ inside the caller's transaction. */
public final class ClockStore {

    public long start(DSLContext dsl, long orderId, ClockKind kind, Long assignmentId, Long unitId, Long policyId,
                      boolean calendarTime, Instant startedAt, Instant deadline, long budgetSeconds) {
        return dsl.insertInto(ORDER_CLOCK)
                .set(ORDER_CLOCK.ORDER_ID, orderId)
                .set(ORDER_CLOCK.KIND, kind.id())
                .set(ORDER_CLOCK.ASSIGNMENT_ID, assignmentId)
                .set(ORDER_CLOCK.UNIT_ID, unitId)
                .set(ORDER_CLOCK.POLICY_ID, policyId)
                .set(ORDER_CLOCK.CALENDAR_TIME, calendarTime)
                .set(ORDER_CLOCK.STARTED_AT, startedAt)
                .set(ORDER_CLOCK.DEADLINE, deadline)
                .set(ORDER_CLOCK.BUDGET_SECONDS, budgetSeconds)
                .set(ORDER_CLOCK.STATUS, OrderClock.RUNNING)
                .returningResult(ORDER_CLOCK.ID).fetchOne().value1();
    }

    /** The order's clocks that have not stopped, oldest first. */
    public List<OrderClock> open(DSLContext dsl, long orderId) {
        return dsl.selectFrom(ORDER_CLOCK)
                .where(ORDER_CLOCK.ORDER_ID.eq(orderId)).and(ORDER_CLOCK.STATUS.ne(OrderClock.STOPPED))
                .orderBy(ORDER_CLOCK.ID)
                .fetch(ClockStore::clock);
    }

    /** All the order's clocks, oldest first. */
    public List<OrderClock> all(DSLContext dsl, long orderId) {
        return dsl.selectFrom(ORDER_CLOCK).where(ORDER_CLOCK.ORDER_ID.eq(orderId)).orderBy(ORDER_CLOCK.ID)
                .fetch(ClockStore::clock);
    }

    /** One clock, locked for the firing or change at hand. */
    public OrderClock lock(DSLContext dsl, long id) {
        OrderClockRecord r = dsl.selectFrom(ORDER_CLOCK).where(ORDER_CLOCK.ID.eq(id)).forUpdate().fetchOne();
        return r == null ? null : clock(r);
    }

    /** Several clocks, locked in id order (the same order everywhere, so two batches never deadlock on them). */
    public java.util.Map<Long, OrderClock> lockAll(DSLContext dsl, java.util.Collection<Long> ids) {
        java.util.Map<Long, OrderClock> out = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        dsl.selectFrom(ORDER_CLOCK).where(ORDER_CLOCK.ID.in(ids)).orderBy(ORDER_CLOCK.ID).forUpdate()
                .forEach(r -> out.put(r.getId(), clock(r)));
        return out;
    }

    public void warnedAll(DSLContext dsl, java.util.Collection<Long> ids, Instant now) {
        if (!ids.isEmpty()) {
            dsl.update(ORDER_CLOCK).set(ORDER_CLOCK.WARNED_AT, now)
                    .where(ORDER_CLOCK.ID.in(ids)).and(ORDER_CLOCK.WARNED_AT.isNull()).execute();
        }
    }

    public void breachedAll(DSLContext dsl, java.util.Collection<Long> ids, Instant now) {
        if (!ids.isEmpty()) {
            dsl.update(ORDER_CLOCK).set(ORDER_CLOCK.BREACHED_AT, now)
                    .where(ORDER_CLOCK.ID.in(ids)).and(ORDER_CLOCK.BREACHED_AT.isNull()).execute();
        }
    }

    /** Raises clocks to escalation {@code level} (never lowers one). */
    public void levelAll(DSLContext dsl, java.util.Collection<Long> ids, int level) {
        if (!ids.isEmpty()) {
            dsl.update(ORDER_CLOCK).set(ORDER_CLOCK.LEVEL, level)
                    .where(ORDER_CLOCK.ID.in(ids)).and(ORDER_CLOCK.LEVEL.lt(level)).execute();
        }
    }

    public void stop(DSLContext dsl, long id, String outcome, Instant now) {
        dsl.update(ORDER_CLOCK)
                .set(ORDER_CLOCK.STATUS, OrderClock.STOPPED)
                .set(ORDER_CLOCK.STOPPED_AT, now)
                .set(ORDER_CLOCK.OUTCOME, outcome)
                .set(ORDER_CLOCK.PAUSED_AT, (Instant) null)
                .where(ORDER_CLOCK.ID.eq(id))
                .execute();
    }

    public void pause(DSLContext dsl, long id, Instant now) {
        dsl.update(ORDER_CLOCK).set(ORDER_CLOCK.STATUS, OrderClock.PAUSED).set(ORDER_CLOCK.PAUSED_AT, now)
                .where(ORDER_CLOCK.ID.eq(id)).execute();
        dsl.insertInto(ORDER_CLOCK_PAUSE)
                .set(ORDER_CLOCK_PAUSE.CLOCK_ID, id)
                .set(ORDER_CLOCK_PAUSE.PAUSED_AT, now)
                .execute();
    }

    /** Runs the clock again with its deadline moved on; closes the pause interval with what it did not count. */
    public void resume(DSLContext dsl, long id, Instant deadline, long pausedSeconds, Instant now) {
        dsl.update(ORDER_CLOCK)
                .set(ORDER_CLOCK.STATUS, OrderClock.RUNNING)
                .set(ORDER_CLOCK.PAUSED_AT, (Instant) null)
                .set(ORDER_CLOCK.DEADLINE, deadline)
                .where(ORDER_CLOCK.ID.eq(id)).execute();
        dsl.update(ORDER_CLOCK_PAUSE)
                .set(ORDER_CLOCK_PAUSE.RESUMED_AT, now)
                .set(ORDER_CLOCK_PAUSE.PAUSED_SECONDS, pausedSeconds)
                .where(ORDER_CLOCK_PAUSE.CLOCK_ID.eq(id)).and(ORDER_CLOCK_PAUSE.RESUMED_AT.isNull())
                .execute();
    }

    /** Moves the deadline (an approved extension); a clock given time again is no longer breached. */
    public void extend(DSLContext dsl, long id, Instant deadline, long budgetSeconds, boolean clearBreach) {
        var update = dsl.update(ORDER_CLOCK)
                .set(ORDER_CLOCK.DEADLINE, deadline)
                .set(ORDER_CLOCK.BUDGET_SECONDS, budgetSeconds);
        if (clearBreach) {
            update = update.set(ORDER_CLOCK.BREACHED_AT, (Instant) null).set(ORDER_CLOCK.LEVEL, 0);
        }
        update.where(ORDER_CLOCK.ID.eq(id)).execute();
    }

    public void moveUnit(DSLContext dsl, long id, Long unitId) {
        dsl.update(ORDER_CLOCK).set(ORDER_CLOCK.UNIT_ID, unitId).where(ORDER_CLOCK.ID.eq(id)).execute();
    }

    public void warned(DSLContext dsl, long id, Instant now) {
        dsl.update(ORDER_CLOCK).set(ORDER_CLOCK.WARNED_AT, now)
                .where(ORDER_CLOCK.ID.eq(id)).and(ORDER_CLOCK.WARNED_AT.isNull()).execute();
    }

    public void breached(DSLContext dsl, long id, Instant now) {
        dsl.update(ORDER_CLOCK).set(ORDER_CLOCK.BREACHED_AT, now)
                .where(ORDER_CLOCK.ID.eq(id)).and(ORDER_CLOCK.BREACHED_AT.isNull()).execute();
    }

    public void level(DSLContext dsl, long id, int level) {
        dsl.update(ORDER_CLOCK).set(ORDER_CLOCK.LEVEL, level)
                .where(ORDER_CLOCK.ID.eq(id)).and(ORDER_CLOCK.LEVEL.lt(level)).execute();
    }

    /** Pause intervals of a clock, oldest first: [pausedAt, resumedAt or null, seconds not counted or null]. */
    public List<Object[]> pauses(DSLContext dsl, long clockId) {
        return dsl.selectFrom(ORDER_CLOCK_PAUSE).where(ORDER_CLOCK_PAUSE.CLOCK_ID.eq(clockId))
                .orderBy(ORDER_CLOCK_PAUSE.ID)
                .fetch(r -> new Object[] {r.getPausedAt(), r.getResumedAt(), r.getPausedSeconds()});
    }

    public static OrderClock clock(OrderClockRecord r) {
        return new OrderClock(r.getId(), r.getOrderId(), ClockKind.parse(r.getKind()), r.getAssignmentId(),
                r.getUnitId(), r.getPolicyId(), r.getCalendarTime(), r.getStartedAt(), r.getDeadline(),
                r.getBudgetSeconds(), r.getStatus(), r.getPausedAt(), r.getWarnedAt(), r.getBreachedAt(),
                r.getLevel(), r.getStoppedAt(), r.getOutcome());
    }
}
