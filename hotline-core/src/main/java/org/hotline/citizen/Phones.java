package org.hotline.citizen;

import java.util.regex.Pattern;

/** What a phone number can be used for. */
public final class Phones {

    /** A mainland mobile number (11 digits from 13x to 19x): the only kind that receives an SMS. */
    private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");

    private Phones() {
    }

    /** Whether {@code phone} (digits, or as typed) is a mobile number an SMS can reach. */
    public static boolean isMobile(String phone) {
        String digits = Masking.normalisePhone(phone);
        return digits != null && MOBILE.matcher(digits).matches();
    }

    /** The last four digits, which a citizen may give instead of the pickup code. */
    public static String lastFour(String phone) {
        String digits = Masking.normalisePhone(phone);
        return digits == null || digits.length() < 4 ? null : digits.substring(digits.length() - 4);
    }
}
