package org.hotline.assessment;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An assessment or report period as written in the API: a day {@code 2026-03-05}, an ISO week {@code 2026-W10}
 * (Monday to Sunday), a month {@code 2026-03}, a quarter {@code 2026-Q1} or a year {@code 2026}. {@code to} is
 * inclusive.
 */
public record Period(String label, Kind kind, LocalDate from, LocalDate to) {

    /** The report cycles a centre publishes: 日报, 周报, 月报, 季报, 年报. */
    public enum Kind {
        DAY, WEEK, MONTH, QUARTER, YEAR
    }

    private static final Pattern DAY = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final Pattern WEEK = Pattern.compile("(\\d{4})-[Ww](\\d{1,2})");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-[Qq]([1-4])");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");

    /** Parses a period; null when the text is none of the forms or names no real date. */
    public static Period parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        try {
            Matcher m = DAY.matcher(s);
            if (m.matches()) {
                LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)));
                return new Period(d.toString(), Kind.DAY, d, d);
            }
            m = WEEK.matcher(s);
            if (m.matches()) {
                int year = Integer.parseInt(m.group(1));
                int week = Integer.parseInt(m.group(2));
                // ISO week-based year: week 1 holds the year's first Thursday; some years have 53 weeks.
                LocalDate anchor = LocalDate.of(year, 1, 4);
                if (week < 1 || week > anchor.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
                    return null;
                }
                LocalDate monday = anchor.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                return new Period(String.format("%d-W%02d", year, week), Kind.WEEK, monday, monday.plusDays(6));
            }
            m = MONTH.matcher(s);
            if (m.matches()) {
                YearMonth ym = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                return new Period(ym.toString(), Kind.MONTH, ym.atDay(1), ym.atEndOfMonth());
            }
            m = QUARTER.matcher(s);
            if (m.matches()) {
                int year = Integer.parseInt(m.group(1));
                int q = Integer.parseInt(m.group(2));
                YearMonth first = YearMonth.of(year, (q - 1) * 3 + 1);
                return new Period(year + "-Q" + q, Kind.QUARTER, first.atDay(1), first.plusMonths(2).atEndOfMonth());
            }
            m = YEAR.matcher(s);
            if (m.matches()) {
                int year = Integer.parseInt(m.group(1));
                return new Period(Integer.toString(year), Kind.YEAR, LocalDate.of(year, 1, 1),
                        LocalDate.of(year, 12, 31));
            }
        } catch (DateTimeException e) {
            return null;
        }
        return null;
    }

    /** The period of the same kind that contains {@code day}. */
    public static Period containing(Kind kind, LocalDate day) {
        return switch (kind) {
            case DAY -> parse(day.toString());
            case WEEK -> parse(day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> parse(YearMonth.from(day).toString());
            case QUARTER -> parse(day.getYear() + "-Q" + day.get(IsoFields.QUARTER_OF_YEAR));
            case YEAR -> parse(Integer.toString(day.getYear()));
        };
    }

    /** The period of the same kind just before this one (for comparisons in reports). */
    public Period previous() {
        return containing(kind, from.minusDays(1));
    }

    /** The report's name in Chinese: 日报, 周报, 月报, 季报, 年报. */
    public String reportName() {
        return switch (kind) {
            case DAY -> "日报";
            case WEEK -> "周报";
            case MONTH -> "月报";
            case QUARTER -> "季报";
            case YEAR -> "年报";
        };
    }
}
