package org.hotline.workorder;

import static org.hotline.db.generated.Tables.TIMER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.hotline.timer.TimerStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An order's clocks are durable timers: set on dispatch, stopped and restarted with the order, fired on time. */
@Tag("storage")
class OrderClocksTest {

    static TestServer server;
    static Orders orders;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("timer-scan-interval", "300ms"), null);
        orders = new Orders(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    List<String> pending(long orderId) {
        return server.hotline().database().dsl().select(TIMER.KIND).from(TIMER)
                .where(TIMER.ORDER_ID.eq(orderId)).and(TIMER.STATUS.eq(TimerStore.PENDING))
                .orderBy(TIMER.DUE_AT).fetch(r -> r.value1());
    }

    @Test
    @DisplayName("dispatch sets the sign and handle clocks; signing stops the first; suspension stops all; "
            + "resuming starts them again")
    void lifecycle() {
        JsonObject o = orders.create("operator", orders.complaint("时限测试"));
        assertEquals(List.of(), pending(o.getLong("id")));
        o = orders.act("dispatcher", o, "dispatch", new JsonObject().put("leadUnitId", orders.unit("zjj")));
        assertEquals(List.of("sign-due", "handle-warning", "handle-due"), pending(o.getLong("id")));
        o = orders.act("handler-zjj", orders.get("handler-zjj", o.getLong("id")), "sign", null);
        assertEquals(List.of("handle-warning", "handle-due"), pending(o.getLong("id")));
        o = orders.act("handler-zjj", o, "suspend", new JsonObject().put("reason", "等待鉴定"));
        assertEquals(List.of(), pending(o.getLong("id")), "the clock stands still");
        o = orders.act("handler-zjj", o, "resume", null);
        assertEquals(List.of("handle-warning", "handle-due"), pending(o.getLong("id")));
        o = orders.act("handler-zjj", o, "reply", new JsonObject().put("text", "已办结"));
        assertEquals(List.of(), pending(o.getLong("id")));
    }

    @Test
    @DisplayName("a clock that runs out fires within moments and says so on the order's timeline, once")
    void firesOnTime() throws Exception {
        JsonObject o = orders.create("operator", orders.complaint("超时测试"));
        o = orders.act("dispatcher", o, "dispatch", new JsonObject().put("leadUnitId", orders.unit("zjj")));
        long id = o.getLong("id");
        // Let the sign deadline run out now.
        server.hotline().database().dsl().update(TIMER).set(TIMER.DUE_AT, Instant.now().minusMillis(100))
                .where(TIMER.ORDER_ID.eq(id)).and(TIMER.KIND.eq("sign-due")).execute();
        long deadline = System.currentTimeMillis() + 10_000;
        List<String> actions = List.of();
        while (System.currentTimeMillis() < deadline) {
            actions = orders.get("dispatcher", id).getJsonArray("timeline").stream()
                    .map(e -> ((JsonObject) e).getString("action")).toList();
            if (actions.contains("sign-overdue")) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(actions.contains("sign-overdue"), actions.toString());
        Thread.sleep(1_000);
        long count = orders.get("dispatcher", id).getJsonArray("timeline").stream()
                .filter(e -> ((JsonObject) e).getString("action").equals("sign-overdue")).count();
        assertEquals(1, count, "fired once");
    }
}
