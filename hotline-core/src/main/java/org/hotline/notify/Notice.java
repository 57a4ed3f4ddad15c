package org.hotline.notify;

/**
 * Something to tell people: a warning, an urge, an escalation. Addressed to a unit's staff ({@code unitId}), a role's
 * staff ({@code role}, within {@code unitId} when both are given) or one person ({@code userId}).
 *
 * @param dedupKey one cause, one notice: a second enqueue with the same key is dropped
 * @param urgent   urgent and emergency orders are told at once; the rest wait for office hours
 * @param clockId  the clock whose firing caused it, if any: its stale warnings are withdrawn by this id
 */
public record Notice(String dedupKey, String kind, Long orderId, Long unitId, String role, Long userId, String title,
                     String body, boolean urgent, Long clockId) {

    public Notice {
        if (unitId == null && role == null && userId == null) {
            throw new IllegalArgumentException("A notice needs a recipient");
        }
    }

    /** A notice not tied to a clock (an urge, a test). */
    public Notice(String dedupKey, String kind, Long orderId, Long unitId, String role, Long userId, String title,
                  String body, boolean urgent) {
        this(dedupKey, kind, orderId, unitId, role, userId, title, body, urgent, null);
    }
}
