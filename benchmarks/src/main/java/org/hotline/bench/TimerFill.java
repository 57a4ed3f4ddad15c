package org.hotline.bench;

import static org.hotline.db.generated.Tables.CATEGORY;
import static org.hotline.db.generated.Tables.ORDER_CLOCK;
import static org.hotline.db.generated.Tables.TIMER;
import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.hotline.db.generated.Tables.WORK_ORDER_EVENT;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.hotline.db.Database;
import org.hotline.timer.TimerStore;
import org.hotline.workorder.OrderClocks;
import org.hotline.workorder.OrderStatus;

/**
 * Puts rows into the benchmark's database quickly: multi-row inserts of {@value #ROWS_PER_INSERT} rows, many per
 * transaction, through the same generated jOOQ types the application uses.
 */
final class TimerFill {

    static final int ROWS_PER_INSERT = 1_000;
    private static final int ROWS_PER_TRANSACTION = 50_000;
    private static final String[] KINDS = {OrderClocks.WARNING, OrderClocks.DUE, OrderClocks.ESCALATION};

    private final Database database;
    private final SplittableRandom random = new SplittableRandom(12345);

    TimerFill(Database database) {
        this.database = database;
    }

    /** Pending timers due between one day and six weeks from {@code now}: the clocks of orders in hand. */
    void farFuture(int count, Instant now) {
        long window = Duration.ofDays(41).toMillis();
        for (int from = 0; from < count; from += ROWS_PER_TRANSACTION) {
            int to = Math.min(count, from + ROWS_PER_TRANSACTION);
            int start = from;
            database.transaction(dsl -> {
                for (int chunk = start; chunk < to; chunk += ROWS_PER_INSERT) {
                    var insert = dsl.insertInto(TIMER, TIMER.KIND, TIMER.ORDER_ID, TIMER.SUBJECT, TIMER.DUE_AT,
                            TIMER.STATUS, TIMER.CREATED_AT);
                    for (int i = chunk; i < Math.min(to, chunk + ROWS_PER_INSERT); i++) {
                        String kind = KINDS[random.nextInt(KINDS.length)];
                        Instant due = now.plus(Duration.ofDays(1)).plusMillis(random.nextLong(window));
                        insert = insert.values(kind, 1L + random.nextLong(5_000_000),
                                "clock:" + (10_000_000L + random.nextLong(5_000_000)), due, TimerStore.PENDING, now);
                    }
                    insert.execute();
                }
                return null;
            });
        }
    }

    /**
     * One running handle clock per due time, each on its own dispatched order, and its deadline timer, as the order
     * clocks schedule them: firing one is the production work — lock the clock, read the order, mark the clock
     * breached, write the timeline event.
     */
    void due(List<Instant> dues, List<Long> orderIds, Instant now) {
        if (orderIds.size() < dues.size()) {
            throw new IllegalArgumentException("need an order per timer");
        }
        database.transaction(dsl -> {
            for (int chunk = 0; chunk < dues.size(); chunk += ROWS_PER_INSERT) {
                int end = Math.min(dues.size(), chunk + ROWS_PER_INSERT);
                var clocks = dsl.insertInto(ORDER_CLOCK, ORDER_CLOCK.ORDER_ID, ORDER_CLOCK.KIND,
                        ORDER_CLOCK.CALENDAR_TIME, ORDER_CLOCK.STARTED_AT, ORDER_CLOCK.DEADLINE,
                        ORDER_CLOCK.BUDGET_SECONDS, ORDER_CLOCK.STATUS);
                for (int i = chunk; i < end; i++) {
                    clocks = clocks.values(orderIds.get(i), "handle", false, now, dues.get(i), 3600L, "running");
                }
                clocks.execute();
                var ids = dsl.select(ORDER_CLOCK.ORDER_ID, ORDER_CLOCK.ID).from(ORDER_CLOCK)
                        .where(ORDER_CLOCK.ORDER_ID.in(orderIds.subList(chunk, end)))
                        .and(ORDER_CLOCK.STATUS.eq("running"))
                        .fetchMap(org.jooq.Record2::value1, org.jooq.Record2::value2);
                var insert = dsl.insertInto(TIMER, TIMER.KIND, TIMER.ORDER_ID, TIMER.SUBJECT, TIMER.DUE_AT,
                        TIMER.STATUS, TIMER.CREATED_AT);
                for (int i = chunk; i < end; i++) {
                    insert = insert.values(OrderClocks.DUE, orderIds.get(i), "clock:" + ids.get(orderIds.get(i)),
                            dues.get(i), TimerStore.PENDING, now);
                }
                insert.execute();
            }
            return null;
        });
    }

    /**
     * Dispatched orders for the due clocks to run on, so the production handler ({@link OrderClocks}) does its real
     * work. Returns their ids.
     */
    List<Long> dispatchedOrders(int count, Instant now) {
        return database.transaction(dsl -> {
            Long category = dsl.select(CATEGORY.ID).from(CATEGORY).where(CATEGORY.CODE.eq("bench")).fetchOne(
                    org.jooq.Record1::value1);
            if (category == null) {
                category = dsl.insertInto(CATEGORY).set(CATEGORY.CODE, "bench").set(CATEGORY.NAME, "基准测试")
                        .returningResult(CATEGORY.ID).fetchOne().value1();
            }
            int existing = dsl.fetchCount(WORK_ORDER, WORK_ORDER.CATEGORY_ID.eq(category));
            for (int chunk = existing; chunk < count; chunk += ROWS_PER_INSERT) {
                var insert = dsl.insertInto(WORK_ORDER, WORK_ORDER.PICKUP_CODE, WORK_ORDER.CHANNEL, WORK_ORDER.TYPE,
                        WORK_ORDER.URGENCY, WORK_ORDER.CATEGORY_ID, WORK_ORDER.CONTENT, WORK_ORDER.STATUS,
                        WORK_ORDER.HANDLE_DEADLINE, WORK_ORDER.CREATED_AT, WORK_ORDER.UPDATED_AT);
                for (int i = chunk; i < Math.min(count, chunk + ROWS_PER_INSERT); i++) {
                    insert = insert.values("000000", "phone", "complaint", "normal", category,
                            "小区门口路灯不亮已经一周，夜间出行不便，请尽快维修。", OrderStatus.DISPATCHED.name(),
                            now.plus(Duration.ofMinutes(1)), now, now);
                }
                insert.execute();
            }
            return dsl.select(WORK_ORDER.ID).from(WORK_ORDER).where(WORK_ORDER.CATEGORY_ID.eq(category))
                    .orderBy(WORK_ORDER.ID).limit(count).fetch(org.jooq.Record1::value1);
        });
    }

    /** Removes what a scenario left: fired timers, due timers it did not fire, and the timeline events. */
    void clearAfterScenario(Instant farFrom) {
        database.transaction(dsl -> {
            dsl.deleteFrom(TIMER).where(TIMER.STATUS.ne(TimerStore.PENDING).or(TIMER.DUE_AT.lt(farFrom))).execute();
            dsl.deleteFrom(WORK_ORDER_EVENT).execute();
            dsl.deleteFrom(ORDER_CLOCK).execute();
            return null;
        });
    }

    int pending() {
        return database.dsl().fetchCount(TIMER, TIMER.STATUS.eq(TimerStore.PENDING));
    }
}
