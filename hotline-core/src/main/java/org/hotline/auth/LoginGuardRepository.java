package org.hotline.auth;

import static org.hotline.db.generated.Tables.LOGIN_GUARD;

import java.time.Instant;
import org.jooq.DSLContext;

/** The login throttle's counters. Rows are locked (FOR UPDATE) while an attempt is admitted. */
final class LoginGuardRepository {

    static String account(String name) {
        return "account:" + (name.length() > 150 ? name.substring(0, 150) : name);
    }

    static String address(String address) {
        return "address:" + (address == null ? "unknown" : address);
    }

    /** Reads and locks a subject's counter, creating it when new. */
    LoginThrottle.Counter lock(DSLContext dsl, String subject, Instant now) {
        var existing = dsl.selectFrom(LOGIN_GUARD).where(LOGIN_GUARD.SUBJECT.eq(subject)).forUpdate().fetchOne();
        if (existing != null) {
            return new LoginThrottle.Counter(existing.getWindowStart(), existing.getFailures());
        }
        try {
            dsl.insertInto(LOGIN_GUARD)
                    .set(LOGIN_GUARD.SUBJECT, subject)
                    .set(LOGIN_GUARD.WINDOW_START, now)
                    .set(LOGIN_GUARD.FAILURES, 0)
                    .onDuplicateKeyIgnore()
                    .execute();
        } catch (org.jooq.exception.IntegrityConstraintViolationException e) {
            // H2's emulation of "insert ignore" can still lose a race to a concurrent first insert: the row exists.
        }
        var r = dsl.selectFrom(LOGIN_GUARD).where(LOGIN_GUARD.SUBJECT.eq(subject)).forUpdate().fetchOne();
        return new LoginThrottle.Counter(r.getWindowStart(), r.getFailures());
    }

    void store(DSLContext dsl, String subject, LoginThrottle.Counter c) {
        dsl.update(LOGIN_GUARD)
                .set(LOGIN_GUARD.WINDOW_START, c.windowStart())
                .set(LOGIN_GUARD.FAILURES, c.failures())
                .where(LOGIN_GUARD.SUBJECT.eq(subject))
                .execute();
    }

    /** Takes back one admitted attempt (it proved right); never below zero. */
    void release(DSLContext dsl, String subject, boolean reset) {
        var failures = LOGIN_GUARD.FAILURES;
        dsl.update(LOGIN_GUARD)
                .set(failures, reset ? org.jooq.impl.DSL.val(0)
                        : org.jooq.impl.DSL.greatest(failures.minus(1), org.jooq.impl.DSL.val(0)))
                .where(LOGIN_GUARD.SUBJECT.eq(subject))
                .execute();
    }
}
