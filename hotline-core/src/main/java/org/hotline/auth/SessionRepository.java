package org.hotline.auth;

import static org.hotline.db.generated.Tables.STAFF_SESSION;

import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;

/** Staff sessions, keyed by the hash of their token. Stored in the database so any node can serve any user. */
public final class SessionRepository {

    private final SessionCache cache = new SessionCache();

    /** Sessions recently checked on this node (shared by login, logout and account changes). */
    public SessionCache cache() {
        return cache;
    }


    /** A stored session. */
    public record Session(String tokenHash, long userId, Instant createdAt, Instant lastSeenAt, Instant expiresAt) {
    }

    public void insert(DSLContext dsl, String tokenHash, long userId, Instant now, Instant expiresAt, String address,
                       String userAgent) {
        dsl.insertInto(STAFF_SESSION)
                .set(STAFF_SESSION.TOKEN_HASH, tokenHash)
                .set(STAFF_SESSION.USER_ID, userId)
                .set(STAFF_SESSION.CREATED_AT, now)
                .set(STAFF_SESSION.LAST_SEEN_AT, now)
                .set(STAFF_SESSION.EXPIRES_AT, expiresAt)
                .set(STAFF_SESSION.ADDRESS, address)
                .set(STAFF_SESSION.USER_AGENT, userAgent == null || userAgent.length() <= 255
                        ? userAgent : userAgent.substring(0, 255))
                .execute();
    }

    public Optional<Session> find(DSLContext dsl, String tokenHash) {
        return dsl.selectFrom(STAFF_SESSION)
                .where(STAFF_SESSION.TOKEN_HASH.eq(tokenHash))
                .fetchOptional(r -> new Session(r.getTokenHash(), r.getUserId(), r.getCreatedAt(), r.getLastSeenAt(),
                        r.getExpiresAt()));
    }

    public void touch(DSLContext dsl, String tokenHash, Instant now) {
        dsl.update(STAFF_SESSION)
                .set(STAFF_SESSION.LAST_SEEN_AT, now)
                .where(STAFF_SESSION.TOKEN_HASH.eq(tokenHash))
                .execute();
    }

    public void delete(DSLContext dsl, String tokenHash) {
        dsl.deleteFrom(STAFF_SESSION).where(STAFF_SESSION.TOKEN_HASH.eq(tokenHash)).execute();
    }

    public int deleteForUser(DSLContext dsl, long userId) {
        return dsl.deleteFrom(STAFF_SESSION).where(STAFF_SESSION.USER_ID.eq(userId)).execute();
    }

    public int deleteExpired(DSLContext dsl, Instant now) {
        return dsl.deleteFrom(STAFF_SESSION).where(STAFF_SESSION.EXPIRES_AT.lt(now)).execute();
    }
}
