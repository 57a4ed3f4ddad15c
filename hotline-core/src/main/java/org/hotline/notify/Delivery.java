package org.hotline.notify;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A stored notification on its way out; {@code id} is the receiver's deduplication key (at-least-once delivery).
 * {@code phone}: for an SMS to a citizen, the number in clear (decrypted for this attempt only, never stored so);
 * null for notices to staff.
 */
public record Delivery(long id, String kind, Long orderId, Long unitId, String role, Long userId, String title,
                       String body, boolean urgent, Instant createdAt, int attempts, String phone) {

    public Delivery(long id, String kind, Long orderId, Long unitId, String role, Long userId, String title,
                    String body, boolean urgent, Instant createdAt, int attempts) {
        this(id, kind, orderId, unitId, role, userId, title, body, urgent, createdAt, attempts, null);
    }

    public boolean isSms() {
        return phone != null;
    }

    public JsonObject toJson() {
        JsonObject out = new JsonObject().put("id", id).put("kind", kind).put("orderId", orderId)
                .put("unitId", unitId).put("role", role).put("userId", userId).put("title", title).put("body", body)
                .put("urgent", urgent).put("createdAt", createdAt.toString());
        if (phone != null) {
            out.put("channel", "sms").put("phone", phone);
        }
        return out;
    }
}
