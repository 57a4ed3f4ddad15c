package org.hotline.workorder;

import static org.hotline.db.generated.Tables.WORK_ORDER_EVENT;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The order's timeline: append-only events, written in the same transaction as the change they record — and counted
 * for assessment there too.
 */
public final class Timeline {

    /** Every event is also counted for assessment in the same transaction (most events count nothing). */
    private final org.hotline.assessment.AssessmentLedger ledger =
            new org.hotline.assessment.AssessmentLedger(OrderNumbers.ZONE);

    /** One step of an order's story. */
    public record Event(Long id, long orderId, Instant at, Long actorId, String actorName, String actorRole,
                        Long actorUnitId, String action, String fromStatus, String toStatus, String note,
                        JsonObject details) {
    }

    public void append(DSLContext dsl, Event e) {
        dsl.insertInto(WORK_ORDER_EVENT)
                .set(WORK_ORDER_EVENT.ORDER_ID, e.orderId())
                .set(WORK_ORDER_EVENT.OCCURRED_AT, e.at())
                .set(WORK_ORDER_EVENT.ACTOR_ID, e.actorId())
                .set(WORK_ORDER_EVENT.ACTOR_NAME, e.actorName())
                .set(WORK_ORDER_EVENT.ACTOR_ROLE, e.actorRole())
                .set(WORK_ORDER_EVENT.ACTOR_UNIT_ID, e.actorUnitId())
                .set(WORK_ORDER_EVENT.ACTION, e.action())
                .set(WORK_ORDER_EVENT.FROM_STATUS, e.fromStatus())
                .set(WORK_ORDER_EVENT.TO_STATUS, e.toStatus())
                .set(WORK_ORDER_EVENT.NOTE, e.note())
                .set(WORK_ORDER_EVENT.DETAILS, e.details() == null || e.details().isEmpty() ? null
                        : e.details().encode())
                .execute();
        ledger.record(dsl, List.of(entry(e)));
    }

    private static org.hotline.assessment.AssessmentLedger.Entry entry(Event e) {
        return new org.hotline.assessment.AssessmentLedger.Entry(e.orderId(), e.at(), e.action(), e.details());
    }

    /** Appends many events in one multi-row insert (a batch of clock firings). */
    public void appendAll(DSLContext dsl, List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        var insert = dsl.insertInto(WORK_ORDER_EVENT, WORK_ORDER_EVENT.ORDER_ID, WORK_ORDER_EVENT.OCCURRED_AT,
                WORK_ORDER_EVENT.ACTOR_ID, WORK_ORDER_EVENT.ACTOR_NAME, WORK_ORDER_EVENT.ACTOR_ROLE,
                WORK_ORDER_EVENT.ACTOR_UNIT_ID, WORK_ORDER_EVENT.ACTION, WORK_ORDER_EVENT.FROM_STATUS,
                WORK_ORDER_EVENT.TO_STATUS, WORK_ORDER_EVENT.NOTE, WORK_ORDER_EVENT.DETAILS);
        for (Event e : events) {
            insert = insert.values(e.orderId(), e.at(), e.actorId(), e.actorName(), e.actorRole(), e.actorUnitId(),
                    e.action(), e.fromStatus(), e.toStatus(), e.note(),
                    e.details() == null || e.details().isEmpty() ? null : e.details().encode());
        }
        insert.execute();
        ledger.record(dsl, events.stream().map(Timeline::entry).toList());
    }

    /**
     * Appends many events, one statement bound per event and sent as one batch ({@link org.hotline.db.Bulk}), and
     * answers them with the ids the database gave them, in order (intakes taken together answer their timelines).
     */
    public List<Event> appendAllReturning(DSLContext dsl, List<Event> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        var e = WORK_ORDER_EVENT;
        List<Object[]> rows = new java.util.ArrayList<>(events.size());
        for (Event ev : events) {
            rows.add(new Object[] {ev.orderId(), ev.at(), ev.actorId(), ev.actorName(), ev.actorRole(),
                ev.actorUnitId(), ev.action(), ev.fromStatus(), ev.toStatus(), ev.note(),
                ev.details() == null || ev.details().isEmpty() ? null : ev.details().encode()});
        }
        List<Long> ids = org.hotline.db.Bulk.insertReturningKeys(dsl, dsl.insertInto(e, e.ORDER_ID, e.OCCURRED_AT,
                e.ACTOR_ID, e.ACTOR_NAME, e.ACTOR_ROLE, e.ACTOR_UNIT_ID, e.ACTION, e.FROM_STATUS, e.TO_STATUS, e.NOTE,
                e.DETAILS).values((Long) null, null, null, null, null, null, null, null, null, null, null), e.ID, rows);
        ledger.record(dsl, events.stream().map(Timeline::entry).toList());
        List<Event> out = new java.util.ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Event ev = events.get(i);
            out.add(new Event(ids.get(i), ev.orderId(), ev.at(), ev.actorId(), ev.actorName(), ev.actorRole(),
                    ev.actorUnitId(), ev.action(), ev.fromStatus(), ev.toStatus(), ev.note(), ev.details()));
        }
        return out;
    }

    /**
     * Appends the timelines of orders an import has just written, as one statement run for every event ({@link
     * org.hotline.db.Bulk}: tens of thousands of events cost no SQL rendering and no binding objects each), and
     * counts them for assessment with each order's category and area as the import knows them ({@code
     * categoryAndArea}: order id → {category, area or 0}), rather than reading them back.
     */
    public void appendImported(DSLContext dsl, List<Event> events, java.util.Map<Long, long[]> categoryAndArea) {
        if (events.isEmpty()) {
            return;
        }
        var e = WORK_ORDER_EVENT;
        List<Object[]> rows = new java.util.ArrayList<>(events.size());
        for (Event ev : events) {
            rows.add(new Object[] {ev.orderId(), ev.at(), ev.actorId(), ev.actorName(), ev.actorRole(),
                ev.actorUnitId(), ev.action(), ev.fromStatus(), ev.toStatus(), ev.note(),
                ev.details() == null || ev.details().isEmpty() ? null : ev.details().encode()});
        }
        org.hotline.db.Bulk.run(dsl, dsl.insertInto(e, e.ORDER_ID, e.OCCURRED_AT, e.ACTOR_ID, e.ACTOR_NAME,
                e.ACTOR_ROLE, e.ACTOR_UNIT_ID, e.ACTION, e.FROM_STATUS, e.TO_STATUS, e.NOTE, e.DETAILS)
                .values((Long) null, null, null, null, null, null, null, null, null, null, null), rows);
        ledger.recordNew(dsl, events.stream().map(Timeline::entry).toList(), categoryAndArea);
    }

    public List<Event> of(DSLContext dsl, long orderId) {
        return dsl.selectFrom(WORK_ORDER_EVENT)
                .where(WORK_ORDER_EVENT.ORDER_ID.eq(orderId))
                .orderBy(WORK_ORDER_EVENT.ID)
                .fetch(r -> new Event(r.getId(), r.getOrderId(), r.getOccurredAt(), r.getActorId(), r.getActorName(),
                        r.getActorRole(), r.getActorUnitId(), r.getAction(), r.getFromStatus(), r.getToStatus(),
                        r.getNote(), r.getDetails() == null ? null : new JsonObject(r.getDetails())));
    }
}
