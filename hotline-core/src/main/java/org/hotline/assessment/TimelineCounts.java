package org.hotline.assessment;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Which assessment count one timeline event moves, for which unit, on which day: the single rule that both the
 * running aggregates and a full recomputation apply, so the two cannot drift apart.
 */
public final class TimelineCounts {

    /** One event as the rule needs it, with the order's lead unit at the time (callbacks rate the lead unit). */
    public record Event(Instant at, String action, JsonObject details, Long orderLeadUnitId) {
    }

    /** "Add one to {@code count} of {@code unitId} on {@code day}". */
    public record Delta(long unitId, LocalDate day, Count count) {
    }

    /** The counts of {@link Indicators.Counts}, by name. */
    public enum Count {
        RECEIVED, SIGN_MET, SIGN_LATE, HANDLE_MET, HANDLE_LATE, RATED, CONTACT_RATED, CONTACTED, RESOLVED, SATISFIED,
        RETURNED, REPLIES, REHANDLED, OVERDUE, TAKEN, ANSWERED_DIRECTLY
    }

    private final long centreUnitId;
    private final ZoneId zone;

    public TimelineCounts(long centreUnitId, ZoneId zone) {
        this.centreUnitId = centreUnitId;
        this.zone = zone;
    }

    public List<Delta> deltas(Event e) {
        List<Delta> out = new ArrayList<>();
        LocalDate day = LocalDate.ofInstant(e.at(), zone);
        JsonObject d = e.details() == null ? new JsonObject() : e.details();
        switch (e.action()) {
            case "create" -> add(out, centreUnitId, day, Count.TAKEN);
            case "answer-directly" -> add(out, centreUnitId, day, Count.ANSWERED_DIRECTLY);
            case "dispatch", "transfer" -> add(out, d.getLong("leadUnitId"), day, Count.RECEIVED);
            case "sub-dispatch" -> add(out, d.getLong("unitId"), day, Count.RECEIVED);
            case "return" -> add(out, d.getLong("unitId"), day, Count.RETURNED);
            case "reply" -> add(out, d.getLong("unitId"), day, Count.REPLIES);
            case "reject-reply" -> add(out, unitOr(d, e.orderLeadUnitId()), day, Count.REHANDLED);
            case "callback" -> {
                Long unit = unitOr(d, e.orderLeadUnitId());
                add(out, unit, day, Count.RATED);
                if (Boolean.TRUE.equals(d.getBoolean("resolved"))) {
                    add(out, unit, day, Count.RESOLVED);
                }
                if (d.getString("satisfaction") != null && !"dissatisfied".equals(d.getString("satisfaction"))) {
                    add(out, unit, day, Count.SATISFIED);
                }
                if (d.getValue("contacted") instanceof Boolean contacted) {
                    add(out, unit, day, Count.CONTACT_RATED);
                    if (contacted) {
                        add(out, unit, day, Count.CONTACTED);
                    }
                }
                if ("rehandle".equals(d.getString("outcome"))) {
                    add(out, unit, day, Count.REHANDLED);
                }
            }
            case "clock-met", "clock-late" -> {
                boolean met = e.action().equals("clock-met");
                switch (String.valueOf(d.getString("kind"))) {
                    case "sign" -> add(out, d.getLong("unitId"), day, met ? Count.SIGN_MET : Count.SIGN_LATE);
                    case "handle" -> add(out, d.getLong("unitId"), day, met ? Count.HANDLE_MET : Count.HANDLE_LATE);
                    default -> {
                    }
                }
            }
            case "clock-breached" -> {
                if (d.getLong("unitId") != null) {
                    add(out, d.getLong("unitId"), day, Count.OVERDUE);
                }
            }
            default -> {
            }
        }
        return out;
    }

    /** The unit the event names; older events without one fall back to the order's lead unit. */
    private static Long unitOr(JsonObject d, Long fallback) {
        Long u = d.getLong("unitId");
        return u != null ? u : fallback;
    }

    private static void add(List<Delta> out, Long unitId, LocalDate day, Count c) {
        if (unitId != null) {
            out.add(new Delta(unitId, day, c));
        }
    }

    /** Sums deltas into counts (the recomputation, and tests). */
    public static Indicators.Counts sum(List<Delta> deltas) {
        long[] n = new long[Count.values().length];
        deltas.forEach(d -> n[d.count().ordinal()]++);
        return new Indicators.Counts(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], n[11], n[12],
                n[13], n[14], n[15]);
    }
}
