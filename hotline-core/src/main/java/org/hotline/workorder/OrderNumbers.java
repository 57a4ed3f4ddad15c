package org.hotline.workorder;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Order numbers and pickup codes. The number is {@code GD}, the local date of creation and the order's id padded
 * to six digits ({@code GD20261125000123}): unique because the id is, readable over the phone, and needing no
 * shared counter that every intake would queue on.
 */
public final class OrderNumbers {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZONE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private OrderNumbers() {
    }

    public static String number(long id, Instant createdAt) {
        return "GD" + DAY.format(createdAt) + String.format("%06d", id);
    }

    /** Six digits the citizen keeps with the number to look the order up (提取码). */
    public static String pickupCode() {
        return String.format("%06d", RANDOM.nextInt(1_000_000));
    }
}
