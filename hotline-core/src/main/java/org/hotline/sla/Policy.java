package org.hotline.sla;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hotline.http.Problem;
import org.hotline.http.ProblemException;

/**
 * The time limits one kind of order runs under: how long a unit has to sign, to handle, a co-handler to give its
 * opinion, the centre to call back; when to warn before a limit runs out; and whom each escalation level tells once
 * it has. Plain data, checked on the way in; stored as JSON in {@code sla_policy.rules}.
 *
 * @param warnPercents warnings when this share of the allowance is spent (75 = with a quarter left)
 * @param warnBefore   warnings this long before the deadline (e.g. 1 working day)
 * @param escalation   levels in order: level 1 is the urge (催办) at the deadline, later ones go up the chain
 */
public record Policy(Limit sign, Limit handle, Limit opinion, Limit callback, List<Integer> warnPercents,
                     List<Limit> warnBefore, List<Level> escalation) {

    /** Who an escalation level tells. */
    public enum Notify {
        /** The unit the clock runs against (for a callback clock: the centre's reviewers). */
        HANDLER_UNIT,
        /** The unit above it: the district or bureau leadership (分管单位). */
        PARENT_UNIT,
        /** The centre's supervisors (督查员). */
        SUPERVISOR,
        /** The city leadership (领导). */
        LEADER;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One escalation level: {@code after} the deadline has passed, tell {@code notify}. */
    public record Level(Limit after, List<Notify> targets) {
        public Level {
            targets = List.copyOf(targets);
        }

        public JsonObject toJson() {
            return new JsonObject().put("after", after.toJson())
                    .put("notify", new JsonArray(targets.stream().map(Notify::id).toList()));
        }
    }

    public Policy {
        warnPercents = List.copyOf(warnPercents);
        warnBefore = List.copyOf(warnBefore);
        escalation = List.copyOf(escalation);
    }

    /** The limit for a clock of {@code kind}. */
    public Limit limit(ClockKind kind) {
        return switch (kind) {
            case SIGN -> sign;
            case HANDLE -> handle;
            case OPINION -> opinion;
            case CALLBACK -> callback;
        };
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("sign", sign.toJson())
                .put("handle", handle.toJson())
                .put("opinion", opinion.toJson())
                .put("callback", callback.toJson())
                .put("warnings", new JsonObject().put("percent", new JsonArray(warnPercents))
                        .put("before", new JsonArray(warnBefore.stream().map(Limit::toJson).toList())))
                .put("escalation", new JsonArray(escalation.stream().map(Level::toJson).toList()));
    }

    /** Reads and checks rules as the API receives them; a 400 naming every offending field otherwise. */
    public static Policy parse(JsonObject json) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Limit sign = limit(json, "sign", errors);
        Limit handle = limit(json, "handle", errors);
        Limit opinion = limit(json, "opinion", errors);
        Limit callback = limit(json, "callback", errors);
        for (String k : List.of("sign", "handle", "opinion", "callback")) {
            Limit l = Limit.parse(json.getValue(k));
            if (l != null && l.amount() == 0) {
                errors.add(new Problem.FieldError(k + ".amount", "must be at least 1"));
            }
        }
        List<Integer> percents = new ArrayList<>();
        List<Limit> before = new ArrayList<>();
        Object w = json.getValue("warnings");
        if (w != null && !(w instanceof JsonObject)) {
            errors.add(new Problem.FieldError("warnings", "an object with percent and before"));
        } else if (w instanceof JsonObject warnings) {
            Object p = warnings.getValue("percent");
            if (p != null && !(p instanceof JsonArray)) {
                errors.add(new Problem.FieldError("warnings.percent", "a list of whole percentages"));
            } else if (p instanceof JsonArray list) {
                for (int i = 0; i < list.size(); i++) {
                    Object v = list.getValue(i);
                    if (v instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 1
                            && n.intValue() <= 99) {
                        percents.add(n.intValue());
                    } else {
                        errors.add(new Problem.FieldError("warnings.percent[" + i + "]", "a whole number from 1 to 99"));
                    }
                }
            }
            Object b = warnings.getValue("before");
            if (b != null && !(b instanceof JsonArray)) {
                errors.add(new Problem.FieldError("warnings.before", "a list of limits before the deadline"));
            } else if (b instanceof JsonArray list) {
                for (int i = 0; i < list.size(); i++) {
                    Limit l = Limit.parse(list.getValue(i));
                    if (l == null || l.amount() == 0) {
                        errors.add(new Problem.FieldError("warnings.before[" + i + "]", LIMIT_FORM));
                    } else {
                        before.add(l);
                    }
                }
            }
        }
        List<Level> levels = new ArrayList<>();
        Object e = json.getValue("escalation");
        if (e != null && !(e instanceof JsonArray)) {
            errors.add(new Problem.FieldError("escalation", "a list of levels"));
        } else if (e instanceof JsonArray list) {
            if (list.size() > 5) {
                errors.add(new Problem.FieldError("escalation", "at most 5 levels"));
            }
            for (int i = 0; i < list.size(); i++) {
                String at = "escalation[" + i + "]";
                if (!(list.getValue(i) instanceof JsonObject level)) {
                    errors.add(new Problem.FieldError(at, "an object with after and notify"));
                    continue;
                }
                Limit after = Limit.parse(level.getValue("after"));
                if (after == null) {
                    errors.add(new Problem.FieldError(at + ".after", LIMIT_FORM));
                }
                List<Notify> notify = new ArrayList<>();
                if (!(level.getValue("notify") instanceof JsonArray targets) || targets.isEmpty()) {
                    errors.add(new Problem.FieldError(at + ".notify", "a list of: " + NOTIFY_IDS));
                } else {
                    for (int j = 0; j < targets.size(); j++) {
                        Notify n = targets.getValue(j) instanceof String s ? notify(s) : null;
                        if (n == null) {
                            errors.add(new Problem.FieldError(at + ".notify[" + j + "]", "one of " + NOTIFY_IDS));
                        } else {
                            notify.add(n);
                        }
                    }
                }
                if (after != null && !notify.isEmpty()) {
                    levels.add(new Level(after, notify));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Policy(sign, handle, opinion, callback, percents, before, levels);
    }

    private static final String LIMIT_FORM = "{\"amount\": whole number, \"unit\": one of working_minutes, "
            + "working_hours, working_days, minutes, hours, days}";
    private static final String NOTIFY_IDS = "handler_unit, parent_unit, supervisor, leader";

    private static Limit limit(JsonObject json, String key, List<Problem.FieldError> errors) {
        Limit l = Limit.parse(json.getValue(key));
        if (l == null) {
            errors.add(new Problem.FieldError(key, json.containsKey(key) ? LIMIT_FORM : "is required: " + LIMIT_FORM));
        }
        return l;
    }

    private static Notify notify(String id) {
        for (Notify n : Notify.values()) {
            if (n.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return n;
            }
        }
        return null;
    }

    /** The order types and urgencies a policy is keyed by (API spellings). */
    public static final Set<String> TYPES = Set.of("consultation", "help", "complaint", "report", "suggestion",
            "praise");
    public static final Set<String> URGENCIES = Set.of("normal", "urgent", "emergency");

    /**
     * The limits of practice that a new installation starts with: sign in 2 working hours (urgent: 30 working
     * minutes; emergency: 30 minutes); handle consultations in 3 working days, help, suggestions and praise in 7,
     * complaints and reports in 15; urgent orders in 24 hours, emergencies in 2; co-handlers answer in 2 working days
     * (urgent: 4 hours; emergency: 1 hour); callbacks within 2 working days (urgent 1, emergency 4 hours). Warn at
     * 75 % of the time, and a working day before a handle deadline of several days; urge at the deadline, tell the
     * unit above and the supervisors after one more working day, the city leadership after three.
     */
    public static Policy defaults(String type, String urgency) {
        List<Level> chain = List.of(
                new Level(Limit.workingHours(0), List.of(Notify.HANDLER_UNIT)),
                new Level(Limit.workingDays(1), List.of(Notify.PARENT_UNIT, Notify.SUPERVISOR)),
                new Level(Limit.workingDays(3), List.of(Notify.LEADER)));
        return switch (urgency) {
            case "emergency" -> new Policy(Limit.minutes(30), Limit.hours(2), Limit.hours(1), Limit.hours(4),
                    List.of(75), List.of(), List.of(
                            new Level(Limit.minutes(0), List.of(Notify.HANDLER_UNIT, Notify.SUPERVISOR)),
                            new Level(Limit.minutes(30), List.of(Notify.PARENT_UNIT, Notify.LEADER))));
            case "urgent" -> new Policy(Limit.workingMinutes(30), Limit.hours(24), Limit.hours(4),
                    Limit.workingDays(1), List.of(75), List.of(), List.of(
                            new Level(Limit.hours(0), List.of(Notify.HANDLER_UNIT)),
                            new Level(Limit.hours(4), List.of(Notify.PARENT_UNIT, Notify.SUPERVISOR)),
                            new Level(Limit.hours(24), List.of(Notify.LEADER))));
            default -> {
                int days = switch (type) {
                    case "consultation" -> 3;
                    case "complaint", "report" -> 15;
                    default -> 7;
                };
                yield new Policy(Limit.workingHours(2), Limit.workingDays(days), Limit.workingDays(2),
                        Limit.workingDays(2), List.of(75), List.of(Limit.workingDays(1)), chain);
            }
        };
    }
}
