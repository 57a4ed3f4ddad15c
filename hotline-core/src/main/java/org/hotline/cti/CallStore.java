package org.hotline.cti;

import static org.hotline.db.generated.Tables.CALL_RECORD;
import static org.hotline.db.generated.Tables.CTI_INTEGRATION;
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
import org.hotline.citizen.Masking;
import org.hotline.citizen.PiiCipher;
import org.hotline.db.generated.tables.records.CallRecordRecord;
import org.jooq.DSLContext;

/**
 * PBX integrations and the calls they report. A caller's number is personal data: encrypted, with a keyed hash to
 * find the caller's history and a masked form to show. A call's state only moves forward (ringing → answered →
 * ended; ringing → missed), so repeated or late events change nothing.
 */
public final class CallStore {

    public static final String RINGING = "ringing";
    public static final String ANSWERED = "answered";
    public static final String ENDED = "ended";
    public static final String MISSED = "missed";

    public record Integration(long id, String name, boolean active, Instant createdAt) {
    }

    public record Call(long id, long integrationId, String callId, byte[] callerCipher, String callerHash,
                       String callerMasked, String called, Long operatorId, String state, Instant startedAt,
                       Instant answeredAt, Instant endedAt, Long orderId, Long callbackBy, Instant callbackAt,
                       String callbackNote) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final PiiCipher cipher;

    public CallStore(PiiCipher cipher) {
        this.cipher = cipher;
    }

    /** A new integration; the token is returned once and only its hash kept. */
    public record NewIntegration(Integration integration, String token) {
    }

    public NewIntegration createIntegration(DSLContext dsl, String name, long userId, Instant now) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = "cti_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long id = dsl.insertInto(CTI_INTEGRATION).set(CTI_INTEGRATION.NAME, name)
                .set(CTI_INTEGRATION.TOKEN_HASH, hash(token)).set(CTI_INTEGRATION.ACTIVE, true)
                .set(CTI_INTEGRATION.CREATED_BY, userId).set(CTI_INTEGRATION.CREATED_AT, now)
                .returning(CTI_INTEGRATION.ID).fetchOne().getId();
        return new NewIntegration(new Integration(id, name, true, now), token);
    }

    public List<Integration> integrations(DSLContext dsl) {
        return dsl.selectFrom(CTI_INTEGRATION).orderBy(CTI_INTEGRATION.ID)
                .fetch(r -> new Integration(r.getId(), r.getName(), r.getActive(), r.getCreatedAt()));
    }

    public boolean deactivate(DSLContext dsl, long id) {
        return dsl.update(CTI_INTEGRATION).set(CTI_INTEGRATION.ACTIVE, false).where(CTI_INTEGRATION.ID.eq(id))
                .execute() > 0;
    }

    /** The active integration a token belongs to. */
    public Optional<Long> integrationFor(DSLContext dsl, String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(dsl.select(CTI_INTEGRATION.ID).from(CTI_INTEGRATION)
                .where(CTI_INTEGRATION.TOKEN_HASH.eq(hash(token.trim()))).and(CTI_INTEGRATION.ACTIVE.isTrue())
                .fetchOne(CTI_INTEGRATION.ID));
    }

    public Optional<Long> staffId(DSLContext dsl, String username) {
        return Optional.ofNullable(dsl.select(STAFF_USER.ID).from(STAFF_USER)
                .where(STAFF_USER.USERNAME.eq(username)).and(STAFF_USER.ENABLED.isTrue()).fetchOne(STAFF_USER.ID));
    }

    /** Applies an event to its call (creating the row if this is the first event heard); returns the call after. */
    public Call apply(DSLContext dsl, long integrationId, CallEvent e, Long operatorId) {
        CallRecordRecord r = dsl.selectFrom(CALL_RECORD).where(CALL_RECORD.INTEGRATION_ID.eq(integrationId))
                .and(CALL_RECORD.CALL_ID.eq(e.callId())).forUpdate().fetchOne();
        if (r == null) {
            r = dsl.newRecord(CALL_RECORD);
            r.setIntegrationId(integrationId);
            r.setCallId(e.callId());
            r.setState(RINGING);
            r.setStartedAt(e.at());
        }
        if (r.getCallerHash() == null && e.caller() != null) {
            r.setCallerCipher(cipher.encrypt(e.caller()));
            r.setCallerHash(cipher.lookupHash(e.caller()));
            r.setCallerMasked(Masking.phone(e.caller()));
        }
        if (r.getCalled() == null && e.called() != null) {
            r.setCalled(e.called().length() > 32 ? e.called().substring(0, 32) : e.called());
        }
        switch (e.kind()) {
            case NEW_CALL -> {
                if (e.at().isBefore(r.getStartedAt())) {
                    r.setStartedAt(e.at());
                }
            }
            case ANSWER -> {
                if (RINGING.equals(r.getState()) || MISSED.equals(r.getState())) {
                    r.setState(r.getEndedAt() == null ? ANSWERED : ENDED);
                    r.setAnsweredAt(e.at());
                    r.setOperatorId(operatorId);
                }
            }
            case HANGUP -> {
                if (r.getEndedAt() == null) {
                    r.setEndedAt(e.at());
                    r.setState(r.getAnsweredAt() == null ? MISSED : ENDED);
                }
            }
        }
        r.store();
        return call(r);
    }

    /** Missed calls nobody has called back yet, oldest first: the callback list (漏接回拨). */
    public List<Call> missed(DSLContext dsl, int limit) {
        return dsl.selectFrom(CALL_RECORD).where(CALL_RECORD.STATE.eq(MISSED)).and(CALL_RECORD.CALLBACK_AT.isNull())
                .orderBy(CALL_RECORD.STARTED_AT).limit(limit).fetch(CallStore::call);
    }

    public List<Call> recent(DSLContext dsl, Long operatorId, int limit) {
        var q = dsl.selectFrom(CALL_RECORD).where(operatorId == null ? CALL_RECORD.ID.isNotNull()
                : CALL_RECORD.OPERATOR_ID.eq(operatorId));
        return q.orderBy(CALL_RECORD.STARTED_AT.desc()).limit(limit).fetch(CallStore::call);
    }

    public Optional<Call> find(DSLContext dsl, long id, boolean forUpdate) {
        var q = dsl.selectFrom(CALL_RECORD).where(CALL_RECORD.ID.eq(id));
        return Optional.ofNullable(forUpdate ? q.forUpdate().fetchOne() : q.fetchOne()).map(CallStore::call);
    }

    public void calledBack(DSLContext dsl, long id, long userId, String note, Instant now) {
        dsl.update(CALL_RECORD).set(CALL_RECORD.CALLBACK_BY, userId).set(CALL_RECORD.CALLBACK_AT, now)
                .set(CALL_RECORD.CALLBACK_NOTE, note).where(CALL_RECORD.ID.eq(id)).execute();
    }

    public void takenAs(DSLContext dsl, long id, long orderId) {
        dsl.update(CALL_RECORD).set(CALL_RECORD.ORDER_ID, orderId).where(CALL_RECORD.ID.eq(id)).execute();
    }

    /** The caller's number, for the operator who answered (to pre-fill the form) or who calls back. */
    public String callerNumber(Call c) {
        return c.callerCipher() == null ? null : cipher.decrypt(c.callerCipher());
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Call call(CallRecordRecord r) {
        return new Call(r.getId(), r.getIntegrationId(), r.getCallId(), r.getCallerCipher(), r.getCallerHash(),
                r.getCallerMasked(), r.getCalled(), r.getOperatorId(), r.getState(), r.getStartedAt(),
                r.getAnsweredAt(), r.getEndedAt(), r.getOrderId(), r.getCallbackBy(), r.getCallbackAt(),
                r.getCallbackNote());
    }
}
