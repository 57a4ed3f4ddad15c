package org.hotline.timer;

import java.time.Instant;

/** A durable timer as stored: what it is for, when it is due. */
public record Timer(long id, String kind, Long orderId, String subject, Instant dueAt, String payload) {
}
