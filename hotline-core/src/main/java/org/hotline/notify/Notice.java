package org.hotline.notify;

/**
 * Something to tell people: a warning, an urge, an escalation. Addressed to a unit's staff ({@code unitId}), a role's
 * staff ({@code role}, within {@code unitId} when both are given), one person ({@code userId}), or — as an SMS — one
 * citizen's phone ({@code phoneCipher}, encrypted as the citizen's row keeps it).
 *
 * @param dedupKey one cause, one notice: a second enqueue with the same key is dropped
 * @param urgent   urgent and emergency orders are told at once; the rest wait for office hours
 * @param clockId  the clock whose firing caused it, if any: its stale warnings are withdrawn by this id
 */
public record Notice(String dedupKey, String kind, Long orderId, Long unitId, String role, Long userId, String title,
                     String body, boolean urgent, Long clockId, byte[] phoneCipher) {

    public Notice {
        if (unitId == null && role == null && userId == null && phoneCipher == null) {
            throw new IllegalArgumentException("A notice needs a recipient");
        }
    }

    /** A notice to staff caused by a clock. */
    public Notice(String dedupKey, String kind, Long orderId, Long unitId, String role, Long userId, String title,
                  String body, boolean urgent, Long clockId) {
        this(dedupKey, kind, orderId, unitId, role, userId, title, body, urgent, clockId, null);
    }

    /** A notice to staff not tied to a clock (an urge, a test). */
    public Notice(String dedupKey, String kind, Long orderId, Long unitId, String role, Long userId, String title,
                  String body, boolean urgent) {
        this(dedupKey, kind, orderId, unitId, role, userId, title, body, urgent, null, null);
    }

    /**
     * An SMS to a citizen: {@code text} is the whole message. {@code now} sends it at once (a code the citizen waits
     * for, the receipt of what they just filed); otherwise it waits for office hours.
     */
    public static Notice sms(String dedupKey, String kind, Long orderId, byte[] phoneCipher, String text,
                             boolean now) {
        if (phoneCipher == null) {
            throw new IllegalArgumentException("An SMS needs a phone");
        }
        return new Notice(dedupKey, kind, orderId, null, null, null, text, text, now, null, phoneCipher);
    }

    /** An SMS to a citizen rather than a notice to staff. */
    public boolean isSms() {
        return phoneCipher != null;
    }
}
