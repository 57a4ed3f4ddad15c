package org.hotline.assessment;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An assessment period as written in the API: a month {@code 2026-03}, a quarter {@code 2026-Q1} or a year. */
public record Period(String label, LocalDate from, LocalDate to) {

    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-[Qq]([1-4])");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");

    /** Parses a period; null when the text is none of the three forms. {@code to} is inclusive. */
    public static Period parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        Matcher m = MONTH.matcher(s);
        if (m.matches()) {
            int month = Integer.parseInt(m.group(2));
            if (month < 1 || month > 12) {
                return null;
            }
            YearMonth ym = YearMonth.of(Integer.parseInt(m.group(1)), month);
            return new Period(ym.toString(), ym.atDay(1), ym.atEndOfMonth());
        }
        m = QUARTER.matcher(s);
        if (m.matches()) {
            int year = Integer.parseInt(m.group(1));
            int q = Integer.parseInt(m.group(2));
            YearMonth first = YearMonth.of(year, (q - 1) * 3 + 1);
            return new Period(year + "-Q" + q, first.atDay(1), first.plusMonths(2).atEndOfMonth());
        }
        m = YEAR.matcher(s);
        if (m.matches()) {
            int year = Integer.parseInt(m.group(1));
            return new Period(Integer.toString(year), LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
        }
        return null;
    }
}
