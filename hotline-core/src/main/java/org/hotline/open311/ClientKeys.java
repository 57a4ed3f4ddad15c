package org.hotline.open311;

import static org.hotline.db.generated.Tables.OPEN311_CLIENT;
import static org.hotline.db.generated.Tables.OPEN311_REQUEST;
import static org.hotline.db.generated.Tables.STAFF_USER;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The client applications allowed to file Open311 requests, and their API keys. A key is 256 random bits shown
 * once, when it is made; only its SHA-256 is stored (a key is random, so a slow hash would add nothing), and a
 * revoked key stops working at once.
 */
public final class ClientKeys {

    /** A client as admins see it: never its key. */
    public record Client(long id, String name, boolean active, Instant createdAt, String createdBy,
                         Instant revokedAt, long requests, Instant lastRequestAt) {
    }

    /** The active client a key belongs to. */
    public record Caller(long id, String name) {
    }

    /** A new client with its key, which is not stored and cannot be shown again. */
    public record NewClient(long id, String name, String apiKey, Instant createdAt) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    public NewClient create(DSLContext dsl, String name, Long createdBy, Instant now) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String key = "o311_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        return new NewClient(insert(dsl, name, key, createdBy, now), name, key, now);
    }

    /** A client with a key chosen by the caller: the demo's well-known {@code open311-demo}. */
    public long insert(DSLContext dsl, String name, String key, Long createdBy, Instant now) {
        return dsl.insertInto(OPEN311_CLIENT)
                .set(OPEN311_CLIENT.NAME, name)
                .set(OPEN311_CLIENT.KEY_HASH, hash(key))
                .set(OPEN311_CLIENT.ACTIVE, true)
                .set(OPEN311_CLIENT.CREATED_BY, createdBy)
                .set(OPEN311_CLIENT.CREATED_AT, now)
                .returningResult(OPEN311_CLIENT.ID).fetchOne().value1();
    }

    /** Whether a client with this key exists, active or revoked. */
    public boolean exists(DSLContext dsl, String key) {
        return dsl.fetchExists(OPEN311_CLIENT, OPEN311_CLIENT.KEY_HASH.eq(hash(key)));
    }

    /** The active client a key belongs to; empty for an unknown or revoked key. */
    public Optional<Caller> find(DSLContext dsl, String key) {
        if (key == null || key.isBlank() || key.length() > 200) {
            return Optional.empty();
        }
        return dsl.select(OPEN311_CLIENT.ID, OPEN311_CLIENT.NAME).from(OPEN311_CLIENT)
                .where(OPEN311_CLIENT.KEY_HASH.eq(hash(key.strip()))).and(OPEN311_CLIENT.ACTIVE.isTrue())
                .fetchOptional(r -> new Caller(r.value1(), r.value2()));
    }

    /** Every client, oldest first, with how many requests it filed and when it last did. */
    public List<Client> list(DSLContext dsl) {
        var requests = DSL.count(OPEN311_REQUEST.ORDER_ID);
        var last = DSL.max(OPEN311_REQUEST.CREATED_AT);
        return dsl.select(OPEN311_CLIENT.ID, OPEN311_CLIENT.NAME, OPEN311_CLIENT.ACTIVE, OPEN311_CLIENT.CREATED_AT,
                        STAFF_USER.USERNAME, OPEN311_CLIENT.REVOKED_AT, requests, last)
                .from(OPEN311_CLIENT)
                .leftJoin(STAFF_USER).on(STAFF_USER.ID.eq(OPEN311_CLIENT.CREATED_BY))
                .leftJoin(OPEN311_REQUEST).on(OPEN311_REQUEST.CLIENT_ID.eq(OPEN311_CLIENT.ID))
                .groupBy(OPEN311_CLIENT.ID, OPEN311_CLIENT.NAME, OPEN311_CLIENT.ACTIVE, OPEN311_CLIENT.CREATED_AT,
                        STAFF_USER.USERNAME, OPEN311_CLIENT.REVOKED_AT)
                .orderBy(OPEN311_CLIENT.ID)
                .fetch(r -> new Client(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8()));
    }

    /** Revokes a client's key: true if it was active, false if already revoked, empty if there is no such client. */
    public Optional<Boolean> revoke(DSLContext dsl, long id, long userId, Instant now) {
        var row = dsl.selectFrom(OPEN311_CLIENT).where(OPEN311_CLIENT.ID.eq(id)).forUpdate().fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        if (!row.getActive()) {
            return Optional.of(false);
        }
        dsl.update(OPEN311_CLIENT)
                .set(OPEN311_CLIENT.ACTIVE, false)
                .set(OPEN311_CLIENT.REVOKED_BY, userId)
                .set(OPEN311_CLIENT.REVOKED_AT, now)
                .where(OPEN311_CLIENT.ID.eq(id))
                .execute();
        return Optional.of(true);
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
