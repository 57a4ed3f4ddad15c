package org.hotline.citizen;

/** How personal data is shown where it need not be read in full (lists, logs, units' views). */
public final class Masking {

    private Masking() {
    }

    /** Digits only, so "138 1234-5678" and "13812345678" are the same caller. */
    public static String normalisePhone(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.startsWith("86") && digits.length() == 13) {
            digits = digits.substring(2);
        }
        return digits.isEmpty() ? null : digits;
    }

    /** {@code 13812345678} → {@code 138****5678}; short numbers keep only their last two digits. */
    public static String phone(String digits) {
        if (digits == null || digits.isEmpty()) {
            return null;
        }
        if (digits.length() >= 11) {
            return digits.substring(0, 3) + "****" + digits.substring(digits.length() - 4);
        }
        if (digits.length() > 4) {
            return "*".repeat(digits.length() - 2) + digits.substring(digits.length() - 2);
        }
        return "*".repeat(digits.length());
    }

    /** {@code 张三} → {@code 张*}; {@code 欧阳娜娜} → {@code 欧***}. */
    public static String name(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String n = name.trim();
        int first = n.offsetByCodePoints(0, 1);
        return n.substring(0, first) + "*".repeat(Math.max(1, n.codePointCount(first, n.length())));
    }

    /** {@code zhangsan@example.com} → {@code z***@example.com}; the domain stays readable. */
    public static String email(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        String e = email.trim();
        int at = e.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        int first = e.offsetByCodePoints(0, 1);
        return e.substring(0, first) + "***" + e.substring(at);
    }
}
