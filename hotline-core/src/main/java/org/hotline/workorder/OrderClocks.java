package org.hotline.workorder;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.hotline.db.generated.tables.records.WorkOrderRecord;
import org.hotline.timer.Timer;
import org.hotline.timer.TimerStore;
import org.jooq.DSLContext;

/**
 * An order's clocks as durable timers: the sign deadline, a warning at three quarters of the handle time, and the
 * handle deadline. Set when the order reaches a unit, cancelled when the step is done, reset when the deadline
 * moves. When one fires, the order's timeline says so (the escalation levels of the time-limit policies build on
 * these events).
 */
public final class OrderClocks {

    public static final String SIGN_DUE = "sign-due";
    public static final String HANDLE_WARNING = "handle-warning";
    public static final String HANDLE_DUE = "handle-due";
    static final String SIGN = "sign";
    static final String HANDLE = "handle";

    private final TimerStore timers = new TimerStore();
    private final Timeline timeline = new Timeline();

    /** Sets the clocks an order in {@code status} runs on, replacing any it had. */
    void reset(DSLContext dsl, WorkOrderRecord o, OrderStatus status, Instant now) {
        timers.cancel(dsl, o.getId(), null);
        if (status == OrderStatus.DISPATCHED && o.getSignDeadline() != null) {
            timers.schedule(dsl, SIGN_DUE, o.getId(), SIGN, o.getSignDeadline(), null, now);
        }
        if ((status == OrderStatus.DISPATCHED || status == OrderStatus.SIGNED) && o.getHandleDeadline() != null) {
            Instant deadline = o.getHandleDeadline();
            Instant warning = now.plus(Duration.between(now, deadline).multipliedBy(3).dividedBy(4));
            if (warning.isAfter(now) && warning.isBefore(deadline)) {
                timers.schedule(dsl, HANDLE_WARNING, o.getId(), HANDLE, warning, null, now);
            }
            timers.schedule(dsl, HANDLE_DUE, o.getId(), HANDLE, deadline, null, now);
        }
    }

    /** Fires a clock: writes what happened on the order's timeline, if the order is still where the clock ran. */
    public void fire(DSLContext dsl, Timer t, Instant now) {
        WorkOrderRecord o = WorkOrderService.load(dsl, t.orderId());
        if (o == null) {
            return;
        }
        OrderStatus status = OrderStatus.valueOf(o.getStatus());
        boolean relevant = switch (t.kind()) {
            case SIGN_DUE -> status == OrderStatus.DISPATCHED;
            case HANDLE_WARNING, HANDLE_DUE -> status == OrderStatus.DISPATCHED || status == OrderStatus.SIGNED;
            default -> false;
        };
        if (!relevant) {
            return;
        }
        String action = switch (t.kind()) {
            case SIGN_DUE -> "sign-overdue";
            case HANDLE_WARNING -> "handle-warning";
            default -> "handle-overdue";
        };
        timeline.append(dsl, new Timeline.Event(null, o.getId(), now, null, "系统", "system", null, action, null, null,
                null, new JsonObject().put("dueAt", t.dueAt().toString()).put("unitId", o.getHandlerUnitId())));
    }
}
