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

    public List<Event> of(DSLContext dsl, long orderId) {
        return dsl.selectFrom(WORK_ORDER_EVENT)
                .where(WORK_ORDER_EVENT.ORDER_ID.eq(orderId))
                .orderBy(WORK_ORDER_EVENT.ID)
                .fetch(r -> new Event(r.getId(), r.getOrderId(), r.getOccurredAt(), r.getActorId(), r.getActorName(),
                        r.getActorRole(), r.getActorUnitId(), r.getAction(), r.getFromStatus(), r.getToStatus(),
                        r.getNote(), r.getDetails() == null ? null : new JsonObject(r.getDetails())));
    }
}
