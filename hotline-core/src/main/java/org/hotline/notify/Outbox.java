package org.hotline.notify;

import static org.hotline.db.generated.Tables.NOTIFICATION;
import static org.hotline.db.generated.Tables.NOTIFICATION_READ;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.hotline.auth.Principal;
import org.hotline.auth.Role;
import org.hotline.db.generated.tables.records.NotificationRecord;
import org.hotline.sla.WorkingTime;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The notification outbox. A notice is written in the transaction of whatever caused it, so it exists exactly when
 * its cause committed; delivery happens afterwards ({@link NotificationDispatcher}). Notices to people wait for office
 * hours unless the order is urgent: no one is woken at midnight over a consultation.
 */
public final class Outbox {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    /** Withdrawn before delivery: its news went stale (a warning for a clock since breached or stopped). */
    public static final String DROPPED = "dropped";
    static final int MAX_ATTEMPTS = 12;

    private final Supplier<WorkingTime> time;
    /** Decrypts a citizen's phone for an SMS as it is sent; null where no SMS is ever sent (tests of staff notices). */
    private final org.hotline.citizen.PiiCipher cipher;

    public Outbox(Supplier<WorkingTime> time) {
        this(time, null);
    }

    public Outbox(Supplier<WorkingTime> time, org.hotline.citizen.PiiCipher cipher) {
        this.time = time;
        this.cipher = cipher;
    }

    /**
     * Enqueues a notice unless one with the same key exists; answers whether it was new. One statement: the insert
     * skips a key already taken (an intake's receipt costs one round trip, not a read and a write).
     */
    public boolean enqueue(DSLContext dsl, Notice n, Instant now) {
        Instant deliverAfter = n.urgent() ? now : time.get().nextOpening(now);
        return dsl.insertInto(NOTIFICATION, NOTIFICATION.DEDUP_KEY, NOTIFICATION.KIND, NOTIFICATION.ORDER_ID,
                        NOTIFICATION.RECIPIENT_UNIT_ID, NOTIFICATION.RECIPIENT_ROLE, NOTIFICATION.RECIPIENT_USER_ID,
                        NOTIFICATION.TITLE, NOTIFICATION.BODY, NOTIFICATION.URGENT, NOTIFICATION.CREATED_AT,
                        NOTIFICATION.DELIVER_AFTER, NOTIFICATION.STATUS, NOTIFICATION.NEXT_ATTEMPT_AT,
                        NOTIFICATION.CLOCK_ID, NOTIFICATION.RECIPIENT_PHONE_CIPHER)
                .values(n.dedupKey(), n.kind(), n.orderId(), n.unitId(), n.role(), n.userId(),
                        n.title().length() > 200 ? n.title().substring(0, 200) : n.title(), n.body(), n.urgent(), now,
                        deliverAfter, PENDING, deliverAfter, n.clockId(), n.phoneCipher())
                .onDuplicateKeyIgnore()
                .execute() == 1;
    }

    /**
     * Enqueues notices whose keys are new, in one read and one multi-row insert (a batch of timer firings);
     * answers how many were new.
     */
    public int enqueueAll(DSLContext dsl, List<Notice> notices, Instant now) {
        if (notices.isEmpty()) {
            return 0;
        }
        java.util.Set<String> taken = new java.util.HashSet<>(dsl.select(NOTIFICATION.DEDUP_KEY).from(NOTIFICATION)
                .where(NOTIFICATION.DEDUP_KEY.in(notices.stream().map(Notice::dedupKey).toList()))
                .fetch(org.jooq.Record1::value1));
        var insert = dsl.insertInto(NOTIFICATION, NOTIFICATION.DEDUP_KEY, NOTIFICATION.KIND, NOTIFICATION.ORDER_ID,
                NOTIFICATION.RECIPIENT_UNIT_ID, NOTIFICATION.RECIPIENT_ROLE, NOTIFICATION.RECIPIENT_USER_ID,
                NOTIFICATION.TITLE, NOTIFICATION.BODY, NOTIFICATION.URGENT, NOTIFICATION.CREATED_AT,
                NOTIFICATION.DELIVER_AFTER, NOTIFICATION.STATUS, NOTIFICATION.NEXT_ATTEMPT_AT, NOTIFICATION.CLOCK_ID,
                NOTIFICATION.RECIPIENT_PHONE_CIPHER);
        Instant opening = null;
        int rows = 0;
        for (Notice n : notices) {
            if (!taken.add(n.dedupKey())) {
                continue;
            }
            if (!n.urgent() && opening == null) {
                opening = time.get().nextOpening(now);
            }
            Instant deliverAfter = n.urgent() ? now : opening;
            insert = insert.values(n.dedupKey(), n.kind(), n.orderId(), n.unitId(), n.role(), n.userId(),
                    n.title().length() > 200 ? n.title().substring(0, 200) : n.title(), n.body(), n.urgent(), now,
                    deliverAfter, PENDING, deliverAfter, n.clockId(), n.phoneCipher());
            rows++;
        }
        if (rows > 0) {
            insert.execute();
        }
        return rows;
    }

    /** Withdraws the pending warnings of these clocks (since breached or stopped); answers how many. */
    public int dropPendingWarnings(DSLContext dsl, java.util.Collection<Long> clockIds, String warningKind) {
        if (clockIds.isEmpty()) {
            return 0;
        }
        return dsl.update(NOTIFICATION).set(NOTIFICATION.STATUS, DROPPED)
                .where(NOTIFICATION.CLOCK_ID.in(clockIds)).and(NOTIFICATION.KIND.eq(warningKind))
                .and(NOTIFICATION.STATUS.eq(PENDING))
                .execute();
    }

    /** Locks up to {@code limit} notifications due for (another) attempt that no other node holds. */
    List<Delivery> claim(DSLContext dsl, Instant now, int limit) {
        return dsl.selectFrom(NOTIFICATION)
                .where(NOTIFICATION.STATUS.eq(PENDING)).and(NOTIFICATION.NEXT_ATTEMPT_AT.le(now))
                .orderBy(NOTIFICATION.NEXT_ATTEMPT_AT, NOTIFICATION.ID)
                .limit(limit)
                .forUpdate().skipLocked()
                .fetch(this::delivery);
    }

    void sent(DSLContext dsl, java.util.Collection<Long> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        dsl.update(NOTIFICATION)
                .set(NOTIFICATION.STATUS, SENT)
                .set(NOTIFICATION.SENT_AT, now)
                .set(NOTIFICATION.ATTEMPTS, NOTIFICATION.ATTEMPTS.plus(1))
                .set(NOTIFICATION.LAST_ERROR, (String) null)
                .where(NOTIFICATION.ID.in(ids)).execute();
    }

    /** A failed attempt: back off exponentially (2 s, 4 s, … up to an hour), give up after {@value MAX_ATTEMPTS}. */
    void failed(DSLContext dsl, Delivery d, String error, Instant now) {
        int attempts = d.attempts() + 1;
        long wait = Math.min(3600, 1L << Math.min(attempts, 12));
        dsl.update(NOTIFICATION)
                .set(NOTIFICATION.STATUS, attempts >= MAX_ATTEMPTS ? FAILED : PENDING)
                .set(NOTIFICATION.ATTEMPTS, attempts)
                .set(NOTIFICATION.NEXT_ATTEMPT_AT, now.plus(Duration.ofSeconds(wait)))
                .set(NOTIFICATION.LAST_ERROR, error == null ? "failed" : error.length() > 500
                        ? error.substring(0, 500) : error)
                .where(NOTIFICATION.ID.eq(d.id())).execute();
    }

    /** An inbox entry: a delivered notification and whether this reader has read it. */
    public record Entry(long id, String kind, Long orderId, String title, String body, boolean urgent,
                        Instant sentAt, boolean read) {
    }

    /** Delivered notifications addressed to {@code p} (as a person, by unit or by role), newest first. */
    public List<Entry> inbox(DSLContext dsl, Principal p, boolean unreadOnly, int limit) {
        var read = NOTIFICATION_READ.as("r");
        var query = dsl.select(NOTIFICATION.ID, NOTIFICATION.KIND, NOTIFICATION.ORDER_ID, NOTIFICATION.TITLE,
                        NOTIFICATION.BODY, NOTIFICATION.URGENT, NOTIFICATION.SENT_AT, read.READ_AT)
                .from(NOTIFICATION)
                .leftJoin(read).on(read.NOTIFICATION_ID.eq(NOTIFICATION.ID)).and(read.USER_ID.eq(p.userId()))
                .where(NOTIFICATION.STATUS.eq(SENT)).and(addressedTo(p));
        if (unreadOnly) {
            query = query.and(read.READ_AT.isNull());
        }
        return query.orderBy(NOTIFICATION.ID.desc()).limit(limit)
                .fetch(r -> new Entry(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8() != null));
    }

    public int unread(DSLContext dsl, Principal p) {
        var read = NOTIFICATION_READ.as("r");
        return dsl.selectCount().from(NOTIFICATION)
                .leftJoin(read).on(read.NOTIFICATION_ID.eq(NOTIFICATION.ID)).and(read.USER_ID.eq(p.userId()))
                .where(NOTIFICATION.STATUS.eq(SENT)).and(addressedTo(p)).and(read.READ_AT.isNull())
                .fetchOne(0, int.class);
    }

    /** Marks one notification read for {@code p}; false when it is not theirs (or not delivered). */
    public boolean markRead(DSLContext dsl, Principal p, long id, Instant now) {
        if (!dsl.fetchExists(NOTIFICATION, NOTIFICATION.ID.eq(id).and(NOTIFICATION.STATUS.eq(SENT))
                .and(addressedTo(p)))) {
            return false;
        }
        if (!dsl.fetchExists(NOTIFICATION_READ, NOTIFICATION_READ.NOTIFICATION_ID.eq(id)
                .and(NOTIFICATION_READ.USER_ID.eq(p.userId())))) {
            dsl.insertInto(NOTIFICATION_READ)
                    .set(NOTIFICATION_READ.NOTIFICATION_ID, id)
                    .set(NOTIFICATION_READ.USER_ID, p.userId())
                    .set(NOTIFICATION_READ.READ_AT, now)
                    .execute();
        }
        return true;
    }

    /** Counts of the outbox by status: what the metrics and health report. */
    public int count(DSLContext dsl, String status) {
        return dsl.fetchCount(NOTIFICATION, NOTIFICATION.STATUS.eq(status));
    }

    /** Addressed to the person, to their unit (with no role or one of theirs), or to one of their roles. */
    private static Condition addressedTo(Principal p) {
        List<String> roles = new ArrayList<>(p.roles().stream().map(Role::id).toList());
        Condition byUser = NOTIFICATION.RECIPIENT_USER_ID.eq(p.userId());
        Condition byRole = NOTIFICATION.RECIPIENT_USER_ID.isNull().and(NOTIFICATION.RECIPIENT_ROLE.in(roles))
                .and(p.unitId() == null ? NOTIFICATION.RECIPIENT_UNIT_ID.isNull()
                        : NOTIFICATION.RECIPIENT_UNIT_ID.isNull().or(NOTIFICATION.RECIPIENT_UNIT_ID.eq(p.unitId())));
        Condition byUnit = p.unitId() == null ? DSL.falseCondition()
                : NOTIFICATION.RECIPIENT_USER_ID.isNull().and(NOTIFICATION.RECIPIENT_ROLE.isNull())
                        .and(NOTIFICATION.RECIPIENT_UNIT_ID.eq(p.unitId()));
        return byUser.or(byRole).or(byUnit);
    }

    private Delivery delivery(NotificationRecord r) {
        String phone = null;
        if (r.getRecipientPhoneCipher() != null) {
            if (cipher == null) {
                throw new IllegalStateException("An SMS is due but this outbox has no key to read phones with");
            }
            phone = cipher.decrypt(r.getRecipientPhoneCipher());
        }
        return new Delivery(r.getId(), r.getKind(), r.getOrderId(), r.getRecipientUnitId(), r.getRecipientRole(),
                r.getRecipientUserId(), r.getTitle(), r.getBody(), r.getUrgent(), r.getCreatedAt(), r.getAttempts(),
                phone);
    }
}
