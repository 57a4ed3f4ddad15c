package org.hotline.audit;

import java.time.Instant;

/**
 * One security-relevant event: who did what to which object, from where, with what result.
 *
 * @param result {@code success}, {@code failure} or {@code denied}
 */
public record AuditEntry(Long id, Instant occurredAt, Long actorId, String actorUsername, String actorRoles,
                         String address, String action, String objectType, String objectId, String result,
                         String detail, String requestId) {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    public static final String DENIED = "denied";
}
