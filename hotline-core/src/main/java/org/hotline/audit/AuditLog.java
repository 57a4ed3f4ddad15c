package org.hotline.audit;

import static org.hotline.db.generated.Tables.AUDIT_EVENT;

import java.util.List;
import org.hotline.db.generated.tables.records.AuditEventRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The append-only audit log: rows are inserted and read, never updated or deleted. Callers write the entry in the
 * same transaction as the change it records, so either both happen or neither does.
 */
public final class AuditLog {

    public static final String LOGIN = "login";
    public static final String LOGIN_FAILED = "login_failed";
    public static final String LOGIN_THROTTLED = "login_throttled";
    public static final String LOGOUT = "logout";
    public static final String PERMISSION_DENIED = "permission_denied";
    public static final String ACCOUNT_CREATED = "account_created";
    public static final String ACCOUNT_UPDATED = "account_updated";
    public static final String BOOTSTRAP_ADMIN = "bootstrap_admin";
    public static final String PII_REVEALED = "pii_revealed";
    public static final String POLICY_CHANGED = "policy_changed";
    public static final String KB_IMPORTED = "kb_imported";
    public static final String KB_SYNONYMS_CHANGED = "kb_synonyms_changed";
    public static final String KB_REINDEXED = "kb_reindexed";
    public static final String ORDERS_IMPORTED = "orders_imported";
    public static final String CTI_INTEGRATION_CREATED = "cti_integration_created";
    public static final String OPEN311_CLIENT_CREATED = "open311_client_created";
    public static final String OPEN311_CLIENT_REVOKED = "open311_client_revoked";
    public static final String ASSESSMENT_EXCLUDED = "assessment_excluded";
    public static final String ASSESSMENT_WEIGHTS_CHANGED = "assessment_weights_changed";
    public static final String REPORT_EXPORTED = "report_exported";

    public void append(DSLContext dsl, AuditEntry e) {
        dsl.insertInto(AUDIT_EVENT)
                .set(AUDIT_EVENT.OCCURRED_AT, e.occurredAt())
                .set(AUDIT_EVENT.ACTOR_ID, e.actorId())
                .set(AUDIT_EVENT.ACTOR_USERNAME, truncate(e.actorUsername(), 64))
                .set(AUDIT_EVENT.ACTOR_ROLES, truncate(e.actorRoles(), 255))
                .set(AUDIT_EVENT.ADDRESS, truncate(e.address(), 64))
                .set(AUDIT_EVENT.ACTION, e.action())
                .set(AUDIT_EVENT.OBJECT_TYPE, e.objectType())
                .set(AUDIT_EVENT.OBJECT_ID, truncate(e.objectId(), 64))
                .set(AUDIT_EVENT.RESULT, e.result())
                .set(AUDIT_EVENT.DETAIL, truncate(e.detail(), 1000))
                .set(AUDIT_EVENT.REQUEST_ID, truncate(e.requestId(), 64))
                .execute();
    }

    /** Newest first; {@code before} is the id of the last row of the previous page, or null. */
    public List<AuditEntry> page(DSLContext dsl, Long before, int limit) {
        var condition = before == null ? DSL.noCondition() : AUDIT_EVENT.ID.lt(before);
        return dsl.selectFrom(AUDIT_EVENT)
                .where(condition)
                .orderBy(AUDIT_EVENT.ID.desc())
                .limit(limit)
                .fetch(AuditLog::toEntry);
    }

    static AuditEntry toEntry(AuditEventRecord r) {
        return new AuditEntry(r.getId(), r.getOccurredAt(), r.getActorId(), r.getActorUsername(), r.getActorRoles(),
                r.getAddress(), r.getAction(), r.getObjectType(), r.getObjectId(), r.getResult(), r.getDetail(),
                r.getRequestId());
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

}
