package org.hotline.sla;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * An amount of time a step may take: in working time (office hours on working days) or in calendar time (for
 * emergencies, which do not wait for Monday). Plain data with its arithmetic.
 */
public record Limit(int amount, Unit unit) {

    /** The units a limit is written in; the API spells them in lower case ({@code working_days}). */
    public enum Unit {
        WORKING_MINUTES, WORKING_HOURS, WORKING_DAYS, MINUTES, HOURS, DAYS;

        public boolean isWorking() {
            return this == WORKING_MINUTES || this == WORKING_HOURS || this == WORKING_DAYS;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Limit {
        if (amount < 0) {
            throw new IllegalArgumentException("A limit cannot be negative");
        }
    }

    public static Limit workingHours(int n) {
        return new Limit(n, Unit.WORKING_HOURS);
    }

    public static Limit workingMinutes(int n) {
        return new Limit(n, Unit.WORKING_MINUTES);
    }

    public static Limit workingDays(int n) {
        return new Limit(n, Unit.WORKING_DAYS);
    }

    public static Limit hours(int n) {
        return new Limit(n, Unit.HOURS);
    }

    public static Limit minutes(int n) {
        return new Limit(n, Unit.MINUTES);
    }

    public boolean calendarTime() {
        return !unit.isWorking();
    }

    /** The instant this limit runs out, counted from {@code start}. */
    public Instant after(Instant start, WorkingTime t) {
        return switch (unit) {
            case WORKING_MINUTES -> t.plusWorkingHours(start, Duration.ofMinutes(amount));
            case WORKING_HOURS -> t.plusWorkingHours(start, Duration.ofHours(amount));
            case WORKING_DAYS -> t.plusWorkingDays(start, amount);
            case MINUTES -> start.plus(Duration.ofMinutes(amount));
            case HOURS -> start.plus(Duration.ofHours(amount));
            case DAYS -> start.plus(Duration.ofDays(amount));
        };
    }

    /**
     * This much time before {@code end}: in office time when the limit is in working units (a working day counted
     * as one day's office hours), else in calendar time.
     */
    public Instant before(Instant end, WorkingTime t) {
        return switch (unit) {
            case WORKING_MINUTES -> t.minusWorkingHours(end, Duration.ofMinutes(amount));
            case WORKING_HOURS -> t.minusWorkingHours(end, Duration.ofHours(amount));
            case WORKING_DAYS -> t.minusWorkingHours(end, Duration.ofSeconds(t.hours().secondsPerDay() * amount));
            case MINUTES -> end.minus(Duration.ofMinutes(amount));
            case HOURS -> end.minus(Duration.ofHours(amount));
            case DAYS -> end.minus(Duration.ofDays(amount));
        };
    }

    public JsonObject toJson() {
        return new JsonObject().put("amount", amount).put("unit", unit.id());
    }

    /** Parses {@code {"amount": 2, "unit": "working_hours"}}; null when the value is not such an object. */
    static Limit parse(Object value) {
        if (!(value instanceof JsonObject json)) {
            return null;
        }
        Object amount = json.getValue("amount");
        String unit = json.getValue("unit") instanceof String s ? s.trim().toUpperCase(Locale.ROOT) : null;
        if (!(amount instanceof Number n) || n.doubleValue() != Math.floor(n.doubleValue()) || n.intValue() < 0
                || n.longValue() > 100_000 || unit == null) {
            return null;
        }
        try {
            return new Limit(n.intValue(), Unit.valueOf(unit));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** In Chinese for the console and notices: {@code 2 个工作小时}. */
    public String describe() {
        return amount + switch (unit) {
            case WORKING_MINUTES -> " 个工作分钟";
            case WORKING_HOURS -> " 个工作小时";
            case WORKING_DAYS -> " 个工作日";
            case MINUTES -> " 分钟";
            case HOURS -> " 小时";
            case DAYS -> " 天";
        };
    }
}
