package org.hotline.bench;

import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.hotline.db.generated.Tables.WORK_ORDER_EVENT;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.HdrHistogram.Recorder;
import org.hotline.db.jooq.UtcInstantBinding;
import org.jooq.DSLContext;
import org.jooq.Query;

/**
 * The baseline for order intake: the smallest honest intake transaction, straight over JDBC on the same pool, to the
 * same database with the same durability — one order row and one timeline row, one commit. What Hotline adds on top
 * (authentication, validation, idempotency, numbering, clocks, timers, assessment counts, the receipt SMS, the index
 * feed, HTTP and JSON) is what the ratio to this measures. The statements are jOOQ's rendering of the generated
 * schema, bound by hand.
 */
final class RawIntake {

    private final DataSource pool;
    private final String insertOrder;
    private final String insertEvent;
    private final long categoryId;
    private final AtomicLong numbers = new AtomicLong();

    RawIntake(DSLContext dsl, DataSource pool, long categoryId) {
        this.pool = pool;
        this.categoryId = categoryId;
        Query order = dsl.insertInto(WORK_ORDER, WORK_ORDER.NUMBER, WORK_ORDER.PICKUP_CODE, WORK_ORDER.CHANNEL,
                WORK_ORDER.TYPE, WORK_ORDER.URGENCY, WORK_ORDER.CATEGORY_ID, WORK_ORDER.CONTENT,
                WORK_ORDER.STATUS, WORK_ORDER.CREATED_AT, WORK_ORDER.UPDATED_AT)
                .values((String) null, null, null, null, null, null, null, null, null, null);
        Query event = dsl.insertInto(WORK_ORDER_EVENT, WORK_ORDER_EVENT.ORDER_ID, WORK_ORDER_EVENT.OCCURRED_AT,
                WORK_ORDER_EVENT.ACTOR_NAME, WORK_ORDER_EVENT.ACTION, WORK_ORDER_EVENT.TO_STATUS,
                WORK_ORDER_EVENT.DETAILS)
                .values((Long) null, null, null, null, null, null);
        this.insertOrder = dsl.render(order);
        this.insertEvent = dsl.render(event);
    }

    /** One intake: the order, its first timeline event, committed. */
    void once(String content) {
        Instant now = Instant.now();
        String at = UtcInstantBinding.text(now);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            long id;
            try (PreparedStatement ps = c.prepareStatement(insertOrder, Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "RAW" + numbers.incrementAndGet() + "-" + System.nanoTime());
                ps.setString(2, "000000");
                ps.setString(3, "phone");
                ps.setString(4, "complaint");
                ps.setString(5, "normal");
                ps.setLong(6, categoryId);
                ps.setString(7, content);
                ps.setString(8, "ACCEPTED");
                ps.setString(9, at);
                ps.setString(10, at);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(insertEvent)) {
                ps.setLong(1, id);
                ps.setString(2, at);
                ps.setString(3, "raw");
                ps.setString(4, "create");
                ps.setString(5, "ACCEPTED");
                ps.setString(6, "{\"channel\":\"phone\"}");
                ps.executeUpdate();
            }
            c.commit();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code clients} threads, each committing one intake after another: the rate they get through, and latency. */
    OpenLoad.Result saturate(int clients, Duration warmup, Duration measure, java.util.function.LongFunction<String> text)
            throws InterruptedException {
        Recorder recorder = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong counter = new AtomicLong();
        long start = System.nanoTime();
        long recordFrom = start + warmup.toNanos();
        long end = recordFrom + measure.toNanos();
        Thread[] threads = new Thread[clients];
        for (int i = 0; i < clients; i++) {
            threads[i] = Thread.ofPlatform().name("raw-" + i).start(() -> {
                while (true) {
                    long begin = System.nanoTime();
                    if (begin >= end) {
                        return;
                    }
                    boolean good = true;
                    try {
                        once(text.apply(counter.getAndIncrement()));
                    } catch (RuntimeException e) {
                        good = false;
                    }
                    long done = System.nanoTime();
                    if (begin >= recordFrom && done <= end) {
                        if (good) {
                            ok.incrementAndGet();
                            recorder.recordValue(Math.max(1, (done - begin) / 1000));
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = measure.toNanos() / 1e9;
        OpenLoad.Result r = new OpenLoad.Result("raw JDBC intake, " + clients + " clients (closed loop)", Double.NaN,
                ok.get() / seconds, ok.get(), errors.get(), recorder.getIntervalHistogram());
        System.out.println("  " + r);
        return r;
    }
}
