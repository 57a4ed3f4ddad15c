package org.hotline.supervision;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;
import org.hotline.http.Problem;
import org.hotline.http.ProblemException;

/**
 * Reads what a supervision is created or moved on with: each mode's fields, checked all at once so the caller sees
 * every problem (as {@code field}: message) in one answer. Plain Java: the store passes in what exists.
 */
public final class SupervisionInput {

    public static final int MAX_ORDERS = 50;
    public static final int MAX_ITEMS = 50;

    /** Work handed out at creation or later. */
    public record NewItem(String kind, Long orderId, long unitId, boolean lead, String text, Instant deadline) {
    }

    /** A checked creation request. {@code details} holds the mode's own fields as stored. */
    public record Draft(Mode mode, String title, List<Long> orderIds, Instant deadline, JsonObject details,
                        List<NewItem> items, boolean instructed) {
    }

    // Personal data that must never reach the public page: mobile and landline numbers, ID numbers, e-mail.
    private static final Pattern PERSONAL = Pattern.compile(
            "(?<!\\d)1[3-9]\\d{9}(?!\\d)|(?<!\\d)0\\d{2,3}[- ]?\\d{7,8}(?!\\d)|(?<!\\d)\\d{17}[\\dXx](?!\\d)"
                    + "|[\\w.+-]+@[\\w-]+\\.[\\w.]+");

    private final ZoneId zone;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    public SupervisionInput(ZoneId zone) {
        this.zone = zone;
    }

    /** Whether text would show personal data on a public page. */
    public static boolean hasPersonalData(String text) {
        return text != null && PERSONAL.matcher(text).find();
    }

    /**
     * Reads a creation request. {@code unitExists} and {@code now} come from the store; orders are checked there
     * (they need the database).
     */
    public Draft create(JsonObject b, LongPredicate unitExists, Instant now) {
        Mode mode = Mode.parse(b.getString("mode")).orElse(null);
        if (mode == null) {
            error("mode", "one of onsite, meeting, leader_memo, media");
        }
        String title = text(b, "title", 200, true);
        List<Long> orderIds = ids(b, "orderIds", 1, MAX_ORDERS, null);
        Instant deadline = instant(b, "deadline", true);
        if (deadline != null && !deadline.isAfter(now)) {
            error("deadline", "must be in the future");
        }
        JsonObject details = new JsonObject();
        List<NewItem> items = new ArrayList<>();
        boolean instructed = false;
        if (mode != null) {
            switch (mode) {
                case ONSITE -> {
                    details.put("visitDate", date(b, "visitDate", true));
                    details.put("place", text(b, "place", 200, true));
                    details.put("organiser", text(b, "organiser", 100, true));
                    details.put("attendingUnitIds", new JsonArray(ids(b, "attendingUnitIds", 0, 50, unitExists)));
                    details.put("attendees", text(b, "attendees", 1000, false));
                    details.put("findings", text(b, "findings", 4000, false));
                    items.addAll(items(b, "items", "action", unitExists, now, orderIds));
                }
                case MEETING -> {
                    details.put("meetingAt", timeText(instant(b, "meetingAt", true)));
                    details.put("place", text(b, "place", 200, false));
                    details.put("attendees", text(b, "attendees", 1000, true));
                    details.put("minutes", text(b, "minutes", 20000, false));
                    JsonArray decisions = b.getJsonArray("decisions", new JsonArray());
                    for (int i = 0; i < decisions.size(); i++) {
                        items.addAll(decision(decisions.getValue(i) instanceof JsonObject d ? d : new JsonObject(),
                                "decisions[" + i + "].", unitExists, now, orderIds));
                    }
                }
                case LEADER_MEMO -> {
                    details.put("report", text(b, "report", 20000, true));
                    JsonObject instruction = b.getJsonObject("instruction");
                    if (instruction != null) {
                        details.put("instruction", instruction(instruction, "instruction."));
                        instructed = true;
                    }
                }
                case MEDIA -> {
                    details.put("outlet", publicText(b, "outlet", 100, true));
                    details.put("programme", publicText(b, "programme", 100, false));
                    details.put("airDate", date(b, "airDate", true));
                    details.put("issue", publicText(b, "issue", 2000, true));
                    String commitment = publicText(b, "commitment", 2000, true);
                    details.put("commitment", commitment);
                    Long unit = unit(b, "commitmentUnitId", unitExists, true);
                    Instant due = instant(b, "commitmentDeadline", false);
                    if (due == null) {
                        due = deadline;
                    } else if (!due.isAfter(now)) {
                        error("commitmentDeadline", "must be in the future");
                    }
                    details.put("commitmentDeadline", timeText(due));
                    if (unit != null && commitment != null && due != null) {
                        items.add(new NewItem("commitment", null, unit, true, commitment, due));
                    }
                    if (hasPersonalData(title)) {
                        error("title", "is shown on the public page: remove phone numbers, ID numbers and e-mail");
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        String assignment = text(b, "assignment", 2000, false);
        for (Long unit : ids(b, "targets", 0, 50, unitExists)) {
            if (deadline != null && title != null) {
                items.add(new NewItem("assignment", null, unit, true, assignment == null ? title : assignment,
                        deadline));
            }
        }
        if (mode == Mode.LEADER_MEMO && !instructed && !items.isEmpty()) {
            error("targets", "a memo is assigned after the leader's instruction (批示): give instruction too");
        }
        if (items.size() > MAX_ITEMS) {
            error("items", "at most " + MAX_ITEMS + " items");
        }
        finish();
        details.put("mode", mode.id());
        return new Draft(mode, title, orderIds, deadline, details, items, instructed);
    }

    /** A meeting decision on one agenda order: a lead unit and co-units, each with an item. */
    public List<NewItem> decision(JsonObject d, String prefix, LongPredicate unitExists, Instant now,
                                  List<Long> agenda) {
        List<NewItem> out = new ArrayList<>();
        Long orderId = d.getValue("orderId") instanceof Number n ? n.longValue() : null;
        if (orderId == null || !agenda.contains(orderId)) {
            error(prefix + "orderId", "an order on the meeting's agenda");
        }
        String text = text(d, "text", 2000, true, prefix);
        Long lead = unit(d, "unitId", unitExists, true, prefix);
        List<Long> co = ids(d, "coUnitIds", 0, 20, unitExists, prefix);
        Instant due = instant(d, "deadline", true, prefix);
        if (due != null && !due.isAfter(now)) {
            error(prefix + "deadline", "must be in the future");
        }
        if (text != null && lead != null && due != null) {
            out.add(new NewItem("decision", orderId, lead, true, text, due));
            for (Long c : co) {
                if (!c.equals(lead)) {
                    out.add(new NewItem("decision", orderId, c, false, text, due));
                }
            }
        }
        return out;
    }

    /** Items of one kind from an array: text, unitId, deadline, optional orderId among the supervision's orders. */
    public List<NewItem> items(JsonObject b, String field, String kind, LongPredicate unitExists, Instant now,
                               List<Long> orders) {
        List<NewItem> out = new ArrayList<>();
        JsonArray array = b.getJsonArray(field, new JsonArray());
        for (int i = 0; i < array.size(); i++) {
            JsonObject o = array.getValue(i) instanceof JsonObject j ? j : new JsonObject();
            out.addAll(item(o, field + "[" + i + "].", kind, unitExists, now, orders));
        }
        return out;
    }

    public List<NewItem> item(JsonObject o, String prefix, String kind, LongPredicate unitExists, Instant now,
                              List<Long> orders) {
        String text = text(o, "text", 2000, true, prefix);
        Long unit = unit(o, "unitId", unitExists, true, prefix);
        Instant due = instant(o, "deadline", true, prefix);
        if (due != null && !due.isAfter(now)) {
            error(prefix + "deadline", "must be in the future");
        }
        Long orderId = o.getValue("orderId") instanceof Number n ? n.longValue() : null;
        if (orderId != null && orders != null && !orders.contains(orderId)) {
            error(prefix + "orderId", "one of the supervision's orders");
        }
        return text == null || unit == null || due == null ? List.of()
                : List.of(new NewItem(kind, orderId, unit, true, text, due));
    }

    /** 批示: the instruction's text, the leader who gave it and the date. */
    public JsonObject instruction(JsonObject i, String prefix) {
        return new JsonObject().put("text", text(i, "text", 4000, true, prefix))
                .put("leader", text(i, "leader", 100, true, prefix))
                .put("date", date(i, "date", true, prefix));
    }

    // ---- field readers: each records a field error and returns null when the value is missing or wrong ----

    public String text(JsonObject b, String field, int max, boolean required) {
        return text(b, field, max, required, "");
    }

    public String text(JsonObject b, String field, int max, boolean required, String prefix) {
        Object v = b.getValue(field);
        if (v == null || (v instanceof String s && s.isBlank())) {
            if (required) {
                error(prefix + field, "required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            error(prefix + field, "text");
            return null;
        }
        String t = s.strip();
        if (t.length() > max) {
            error(prefix + field, "at most " + max + " characters");
            return null;
        }
        return t;
    }

    /** Text shown on the public page: refused when it holds personal data. */
    public String publicText(JsonObject b, String field, int max, boolean required) {
        String t = text(b, field, max, required);
        if (hasPersonalData(t)) {
            error(field, "is shown on the public page: remove phone numbers, ID numbers and e-mail");
            return null;
        }
        return t;
    }

    public Instant instant(JsonObject b, String field, boolean required) {
        return instant(b, field, required, "");
    }

    /** An instant: ISO-8601 with an offset, or a local date-time (2026-12-01T18:00) in the centre's zone. */
    public Instant instant(JsonObject b, String field, boolean required, String prefix) {
        String s = b.getValue(field) instanceof String v ? v.strip() : null;
        if (s == null || s.isEmpty()) {
            if (required || b.getValue(field) != null) {
                error(prefix + field, required ? "required: a time like 2026-12-01T18:00+08:00" : "a time");
            }
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).atZone(zone).toInstant();
            } catch (DateTimeParseException e2) {
                error(prefix + field, "a time like 2026-12-01T18:00+08:00");
                return null;
            }
        }
    }

    public String date(JsonObject b, String field, boolean required) {
        return date(b, field, required, "");
    }

    public String date(JsonObject b, String field, boolean required, String prefix) {
        String s = b.getValue(field) instanceof String v ? v.strip() : null;
        if (s == null || s.isEmpty()) {
            if (required) {
                error(prefix + field, "required: a date like 2026-12-01");
            }
            return null;
        }
        try {
            return LocalDate.parse(s).toString();
        } catch (DateTimeParseException e) {
            error(prefix + field, "a date like 2026-12-01");
            return null;
        }
    }

    public Long unit(JsonObject b, String field, LongPredicate unitExists, boolean required) {
        return unit(b, field, unitExists, required, "");
    }

    public Long unit(JsonObject b, String field, LongPredicate unitExists, boolean required, String prefix) {
        Object v = b.getValue(field);
        if (v == null) {
            if (required) {
                error(prefix + field, "required: a unit id");
            }
            return null;
        }
        if (!(v instanceof Number n) || !unitExists.test(n.longValue())) {
            error(prefix + field, "an active unit's id");
            return null;
        }
        return n.longValue();
    }

    public List<Long> ids(JsonObject b, String field, int min, int max, LongPredicate exists) {
        return ids(b, field, min, max, exists, "");
    }

    /** Distinct ids from an array, each checked by {@code exists} when given. */
    public List<Long> ids(JsonObject b, String field, int min, int max, LongPredicate exists, String prefix) {
        Object v = b.getValue(field);
        if (v == null && min == 0) {
            return List.of();
        }
        if (!(v instanceof JsonArray array)) {
            error(prefix + field, min > 0 ? "required: a list of ids" : "a list of ids");
            return List.of();
        }
        LinkedHashSet<Long> out = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof Number n) || n.longValue() < 1
                    || (exists != null && !exists.test(n.longValue()))) {
                error(prefix + field + "[" + i + "]", exists != null ? "an active unit's id" : "an id");
            } else {
                out.add(n.longValue());
            }
        }
        if (out.size() < min || out.size() > max) {
            error(prefix + field, "between " + min + " and " + max + " ids");
        }
        return List.copyOf(out);
    }

    public void error(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Throws every recorded problem at once (400), if any. */
    public void finish() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(List.copyOf(errors));
        }
    }

    public String timeText(Instant t) {
        return t == null ? null : t.atZone(zone).toOffsetDateTime().toString();
    }
}
