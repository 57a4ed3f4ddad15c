package org.hotline.assist;

import static org.hotline.db.generated.Tables.CITIZEN;
import static org.hotline.db.generated.Tables.WORK_ORDER;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hotline.db.Database;
import org.hotline.kb.DispatchSuggester;
import org.hotline.kb.OrderIndex;
import org.hotline.reference.ReferenceCache;
import org.hotline.workorder.OrderStatus;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's index of work orders, for similar-order warnings and dispatch suggestions, kept in step with the
 * database by following {@code work_order.updated_at}: rebuilt in the background when missing, caught up at start
 * from where it was, then every {@code poll} and at once after a change on this node. A pass reads the rows changed
 * after the newest it has seen. A transaction may commit a little after the time it stamped, behind that mark: every
 * {@value #SWEEP_SECONDS} s a sweep reads again just the ids and stamps of the minute before the previous sweep and
 * reads whole only the rows not applied at that stamp. (Re-reading that minute whole on every pass made each pass cost
 * a minute of intake: under load the index thread spent its time re-reading rows it had.)
 */
public final class OrderSearch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderSearch.class);
    private static final Duration OVERLAP = Duration.ofMinutes(1);
    private static final int BATCH = 2000;
    static final int SWEEP_SECONDS = 5;
    static final long SOON_MILLIS = 100;

    private final Database db;
    private final ReferenceCache reference;
    private final OrderIndex index;
    private final DispatchSuggester suggester;
    private final org.hotline.kb.IndexWorker writer;
    /** Rows applied within the overlap window, with the updated_at applied, so a re-read is skipped. */
    private final Map<Long, Instant> recent = new HashMap<>();
    private volatile Instant watermark;
    private long watermarkId;
    private volatile int rowsRead;
    private Instant lastSweep;
    private volatile boolean ready;
    private volatile boolean closed;

    private final java.time.Clock clock;

    public OrderSearch(Path root, Database db, ReferenceCache reference, java.time.Clock clock) {
        this.db = db;
        this.clock = clock;
        this.reference = reference;
        this.index = OrderIndex.open(root);
        this.suggester = new DispatchSuggester(index);
        this.writer = new org.hotline.kb.IndexWorker("hotline-order-index");
    }

    public void start(Duration poll) {
        writer.start(this::startUp, () -> {
            if (watermark != null && !closed) {
                catchUpNow();
            }
        }, poll);
    }

    private void startUp() {
        try {
            String mark = index.watermark();
            if (mark == null) {
                LOG.info("Order index is missing: building it from the database");
                watermark = Instant.EPOCH;
            } else {
                watermark = Instant.ofEpochMilli(Long.parseLong(mark));
            }
            long started = System.nanoTime();
            int n = catchUpNow();
            ready = true;
            LOG.info("Order index ready: {} orders ({} applied in {} ms)", index.size(), n,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException | IOException e) {
            LOG.error("Order index could not start: {}", e.toString(), e);
        }
    }

    private final java.util.concurrent.atomic.AtomicBoolean soonQueued = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Asks for a pass within {@value #SOON_MILLIS} ms rather than at the next poll (an order just changed on this
     * node) and returns at once. At most one such pass waits at a time, and it waits those milliseconds for more: a
     * burst of intakes costs one pass and one refresh of the searchers, which under load cost more than the writes.
     */
    public void catchUpSoon() {
        if (closed || watermark == null || !soonQueued.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(SOON_MILLIS);
                writer.run(() -> {
                    soonQueued.set(false);
                    catchUpNow();
                });
            } catch (RuntimeException e) {
                soonQueued.set(false);
                LOG.debug("Order index catch-up failed: {}", e.toString());
            } catch (InterruptedException e) {
                soonQueued.set(false);
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Applies every order changed since the last pass; returns when they are searchable (after an import). */
    public void catchUp() {
        if (!closed) {
            writer.run(this::catchUpNow);
        }
    }

    private int catchUpNow() throws IOException {
        if (watermark == null || closed) {
            return 0;
        }
        Instant passStart = clock.instant();
        int applied = 0;
        int read = 0;
        if (lastSweep == null) {
            // The first pass reads everything after the index's mark; sweeps start from there.
            lastSweep = passStart;
        } else if (!passStart.isBefore(lastSweep.plusSeconds(SWEEP_SECONDS))) {
            Instant from = (lastSweep == null ? watermark : lastSweep).minus(OVERLAP);
            lastSweep = passStart;
            int[] counts = sweep(from);
            applied += counts[0];
            read += counts[1];
            recent.values().removeIf(t -> t.isBefore(from));
        }
        Instant afterAt = watermark;
        long afterId = watermarkId;
        Instant max = watermark;
        long maxId = watermarkId;
        // Only rows a sweep may look at again are remembered (not a whole rebuild's million).
        Instant remembered = passStart.minus(OVERLAP).minusSeconds(2L * SWEEP_SECONDS);
        while (true) {
            Instant at = afterAt;
            long id = afterId;
            List<Row> rows = db.transaction(dsl -> select(dsl)
                    .where(WORK_ORDER.UPDATED_AT.gt(at).or(WORK_ORDER.UPDATED_AT.eq(at).and(WORK_ORDER.ID.gt(id))))
                    .orderBy(WORK_ORDER.UPDATED_AT, WORK_ORDER.ID).limit(BATCH).fetch(this::row));
            read += rows.size();
            for (Row r : rows) {
                Instant seen = recent.get(r.id());
                if (seen == null || !seen.equals(r.updatedAt())) {
                    index.put(r.order());
                    applied++;
                }
                if (!r.updatedAt().isBefore(remembered)) {
                    recent.put(r.id(), r.updatedAt());
                }
                if (r.updatedAt().isAfter(max)) {
                    max = r.updatedAt();
                    maxId = r.id();
                } else if (r.updatedAt().equals(max) && r.id() > maxId) {
                    maxId = r.id();
                }
                afterAt = r.updatedAt();
                afterId = r.id();
            }
            if (rows.size() < BATCH) {
                break;
            }
        }
        if (applied > 0) {
            index.refresh();
            index.commitWatermark(Long.toString(max.toEpochMilli()));
        }
        watermark = max;
        watermarkId = maxId;
        rowsRead = read;
        return applied;
    }

    /**
     * The ids and stamps of rows changed since {@code from}, read from the index on (updated_at, id) alone; the rows not
     * applied at that stamp (committed after a pass went by their stamp) read whole and applied. Answers {applied,
     * read}.
     */
    private int[] sweep(Instant from) throws IOException {
        List<Long> missed = new ArrayList<>();
        int read = 0;
        Instant afterAt = from;
        long afterId = 0;
        while (true) {
            Instant at = afterAt;
            long id = afterId;
            var stamps = db.transaction(dsl -> dsl.select(WORK_ORDER.ID, WORK_ORDER.UPDATED_AT).from(WORK_ORDER)
                    .where(WORK_ORDER.UPDATED_AT.gt(at).or(WORK_ORDER.UPDATED_AT.eq(at).and(WORK_ORDER.ID.gt(id))))
                    .orderBy(WORK_ORDER.UPDATED_AT, WORK_ORDER.ID).limit(BATCH * 5).fetch());
            read += stamps.size();
            for (var r : stamps) {
                if (!r.value2().equals(recent.get(r.value1()))) {
                    missed.add(r.value1());
                }
                afterAt = r.value2();
                afterId = r.value1();
            }
            if (stamps.size() < BATCH * 5) {
                break;
            }
        }
        int applied = 0;
        for (int i = 0; i < missed.size(); i += BATCH) {
            List<Long> chunk = missed.subList(i, Math.min(missed.size(), i + BATCH));
            for (Row r : db.transaction(dsl -> select(dsl).where(WORK_ORDER.ID.in(chunk)).fetch(this::row))) {
                index.put(r.order());
                recent.put(r.id(), r.updatedAt());
                applied++;
            }
        }
        return new int[] {applied, read};
    }

    private record Row(long id, Instant updatedAt, OrderIndex.Order order) {
    }

    private static final List<org.jooq.SelectField<?>> FIELDS = List.of(WORK_ORDER.ID, WORK_ORDER.CONTENT,
            WORK_ORDER.CATEGORY_ID, WORK_ORDER.LEAD_UNIT_ID, WORK_ORDER.AREA_ID, WORK_ORDER.CREATED_AT,
            WORK_ORDER.UPDATED_AT, WORK_ORDER.STATUS, WORK_ORDER.ADDRESS, WORK_ORDER.LATITUDE, WORK_ORDER.LONGITUDE,
            CITIZEN.PHONE_HASH);

    private SelectOnConditionStep<Record> select(org.jooq.DSLContext dsl) {
        return dsl.select(FIELDS).from(WORK_ORDER).leftJoin(CITIZEN).on(CITIZEN.ID.eq(WORK_ORDER.CITIZEN_ID));
    }

    private Row row(Record r) {
        var ref = reference.get();
        Long unit = r.get(WORK_ORDER.LEAD_UNIT_ID);
        if (ref.category(r.get(WORK_ORDER.CATEGORY_ID)).isEmpty()
                || (unit != null && ref.units().unit(unit).isEmpty())) {
            // A category or unit created a moment ago (an import): read the reference data again, not index a hole.
            reference.invalidate();
            ref = reference.get();
        }
        var lat = r.get(WORK_ORDER.LATITUDE);
        var lon = r.get(WORK_ORDER.LONGITUDE);
        OrderIndex.Order o = new OrderIndex.Order(Long.toString(r.get(WORK_ORDER.ID)), r.get(WORK_ORDER.CONTENT),
                ref.category(r.get(WORK_ORDER.CATEGORY_ID)).map(ReferenceCache.Node::code).orElse(null),
                unit == null ? null : ref.units().unit(unit).map(u -> u.code()).orElse(null),
                ref.area(r.get(WORK_ORDER.AREA_ID)).map(ReferenceCache.Node::code).orElse(null),
                r.get(WORK_ORDER.CREATED_AT).getEpochSecond(),
                OrderStatus.CLOSED.name().equals(r.get(WORK_ORDER.STATUS)),
                r.get(WORK_ORDER.ADDRESS), lat == null ? null : lat.doubleValue(),
                lon == null ? null : lon.doubleValue(), r.get(CITIZEN.PHONE_HASH));
        return new Row(r.get(WORK_ORDER.ID), r.get(WORK_ORDER.UPDATED_AT), o);
    }

    /** How many rows the last pass read: a quiet database costs a pass nothing. */
    public int rowsReadLastPass() {
        return rowsRead;
    }

    public OrderIndex index() {
        return index;
    }

    public DispatchSuggester suggester() {
        return suggester;
    }

    public boolean isReady() {
        return ready;
    }

    public boolean isHealthy() {
        return !closed && index.isHealthy();
    }

    @Override
    public void close() {
        closed = true;
        writer.close();
        try {
            index.close();
        } catch (IOException e) {
            LOG.warn("Closing the order index failed: {}", e.toString());
        }
    }
}
