package org.hotline.notify;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A stored notification on its way out; {@code id} is the receiver's deduplication key (at-least-once delivery). */
public record Delivery(long id, String kind, Long orderId, Long unitId, String role, Long userId, String title,
                       String body, boolean urgent, Instant createdAt, int attempts) {

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("kind", kind).put("orderId", orderId).put("unitId", unitId)
                .put("role", role).put("userId", userId).put("title", title).put("body", body).put("urgent", urgent)
                .put("createdAt", createdAt.toString());
    }
}
