package org.hotline.bench;

import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.hotline.db.generated.Tables.WORK_ORDER_EVENT;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hotline.db.generated.tables.records.WorkOrderRecord;
import org.hotline.timer.Timer;
import org.hotline.timer.TimerHandler;
import org.hotline.workorder.OrderClocks;
import org.hotline.workorder.OrderStatus;

/**
 * What {@link OrderClocks#fire} does, for a whole claimed batch in two statements: the orders read with one
 * {@code IN}, the timeline events written with one multi-row insert. Not production code: it measures what
 * {@link TimerHandler#fireAll} would buy the order clocks (the rules are copied from {@code OrderClocks}).
 */
final class BulkOrderClocks implements TimerHandler {

    private final OrderClocks single = new OrderClocks();

    @Override
    public void fire(org.jooq.DSLContext dsl, Timer timer, Instant now) {
        single.fire(dsl, timer, now);
    }

    @Override
    public void fireAll(org.jooq.DSLContext dsl, List<Timer> timers, Instant now) {
        Map<Long, WorkOrderRecord> orders = dsl.selectFrom(WORK_ORDER)
                .where(WORK_ORDER.ID.in(timers.stream().map(Timer::orderId).toList()))
                .fetchMap(WORK_ORDER.ID);
        var insert = dsl.insertInto(WORK_ORDER_EVENT, WORK_ORDER_EVENT.ORDER_ID, WORK_ORDER_EVENT.OCCURRED_AT,
                WORK_ORDER_EVENT.ACTOR_NAME, WORK_ORDER_EVENT.ACTOR_ROLE, WORK_ORDER_EVENT.ACTION,
                WORK_ORDER_EVENT.DETAILS);
        int rows = 0;
        for (Timer t : timers) {
            WorkOrderRecord o = orders.get(t.orderId());
            if (o == null) {
                continue;
            }
            OrderStatus status = OrderStatus.valueOf(o.getStatus());
            boolean relevant = switch (t.kind()) {
                case OrderClocks.SIGN_DUE -> status == OrderStatus.DISPATCHED;
                case OrderClocks.HANDLE_WARNING, OrderClocks.HANDLE_DUE ->
                        status == OrderStatus.DISPATCHED || status == OrderStatus.SIGNED;
                default -> false;
            };
            if (!relevant) {
                continue;
            }
            String action = switch (t.kind()) {
                case OrderClocks.SIGN_DUE -> "sign-overdue";
                case OrderClocks.HANDLE_WARNING -> "handle-warning";
                default -> "handle-overdue";
            };
            insert = insert.values(o.getId(), now, "系统", "system", action, new JsonObject()
                    .put("dueAt", t.dueAt().toString()).put("unitId", o.getHandlerUnitId()).encode());
            rows++;
        }
        if (rows > 0) {
            insert.execute();
        }
    }
}
