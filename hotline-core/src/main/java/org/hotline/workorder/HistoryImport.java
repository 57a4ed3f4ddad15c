package org.hotline.workorder;

import static org.hotline.db.generated.Tables.CATEGORY;
import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.hotline.db.generated.Tables.WORK_ORDER_ASSIGNMENT;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.citizen.CitizenRepository;
import org.hotline.db.Bulk;
import org.hotline.http.Problem;
import org.hotline.http.ProblemException;
import org.hotline.reference.ReferenceCache;
import org.hotline.reference.UnitHierarchy;
import org.jooq.DSLContext;
import org.jooq.Field;

/**
 * A centre's history brought over: closed orders with their category, final lead unit and reply, written as they
 * were (their own times, their own numbers when given), so that similar-order warnings and dispatch suggestions
 * learn from them at once. Everything is checked before anything is written; one transaction writes it all.
 *
 * <p>An order may bring its handling record (流转记录) as {@code steps} — dispatch, sign, return, reply, review,
 * callback, or an answer on the spot — each at its own time, with the sign and handle deadlines it ran under. Such an
 * order gets the timeline Hotline would have written (the steps, and the clocks met, late or breached against those
 * deadlines), counted for assessment like any other timeline, so the months before going live have their rankings.
 * Orders without steps get one {@code imported} event, as before.
 *
 * <p>Written in bulk: one statement per table, run for every row ({@link Bulk}), and the assessment counts added
 * for the whole import at once — not statements per order — so a year of a city's history, tens of thousands of
 * orders with their timelines, goes in within seconds.
 */
public final class HistoryImport {

    public static final int MAX_ORDERS = 5000;

    /** The steps an imported order's handling record may hold, in the action names of the API. */
    public static final Set<String> STEP_ACTIONS = Set.of("answer-directly", "dispatch", "sign", "return", "reply",
            "approve-reply", "reject-reply", "callback");

    /**
     * One step of an imported order's handling. {@code unitId}: the unit dispatched to; {@code text}: the reply, the
     * return's explanation, the direct answer, the review's reason or the callback's note; {@code reason}: a return's
     * reason code; deadlines: of the clocks a dispatch (sign, handle) or a re-handling (handle) started.
     */
    public record Step(String action, Instant at, Long unitId, String text, String reason, Instant signDeadline,
                       Instant handleDeadline, Boolean resolved, String satisfaction, Boolean contacted,
                       boolean rehandle, String by) {
    }

    /** One historical order, checked. {@code steps} is empty when the order came without its handling record. */
    public record Entry(String number, Instant createdAt, Instant closedAt, String content, String address, Long areaId,
                 Long categoryId, String categoryPath, Long leadUnitId, String reply, Channel channel, OrderType type,
                 Double latitude, Double longitude, String phone, Urgency urgency, List<Step> steps) {

        public Entry {
            steps = steps == null ? List.of() : List.copyOf(steps);
            urgency = urgency == null ? Urgency.NORMAL : urgency;
        }

        public Entry(String number, Instant createdAt, Instant closedAt, String content, String address, Long areaId,
                     Long categoryId, String categoryPath, Long leadUnitId, String reply, Channel channel,
                     OrderType type, Double latitude, Double longitude, String phone) {
            this(number, createdAt, closedAt, content, address, areaId, categoryId, categoryPath, leadUnitId, reply,
                    channel, type, latitude, longitude, phone, Urgency.NORMAL, List.of());
        }
    }

    public record Result(int imported, List<Long> ids, List<String> createdCategories) {
    }

    private final CitizenRepository citizens;
    private final Timeline timeline = new Timeline();

    public HistoryImport(CitizenRepository citizens) {
        this.citizens = citizens;
    }

    /**
     * Checks every order (all problems at once, each as {@code [i].field}); with {@code createMissingCategories}
     * a category path that does not exist is created, level by level, instead of being an error.
     */
    public List<Entry> parse(List<Object> items, ReferenceCache.Snapshot ref, boolean createMissingCategories,
                      Instant now) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<Entry> out = new ArrayList<>();
        Set<String> numbers = new LinkedHashSet<>();
        Lookup categories = new Lookup(ref.categories());
        Lookup areas = new Lookup(ref.areas());
        Map<String, UnitHierarchy.Unit> unitsByCode = new HashMap<>();
        ref.units().all().forEach(u -> unitsByCode.put(u.code(), u));
        for (int i = 0; i < items.size(); i++) {
            String at = "[" + i + "].";
            if (!(items.get(i) instanceof JsonObject o)) {
                errors.add(new Problem.FieldError("[" + i + "]", "an order object"));
                continue;
            }
            Entry entry = entry(o, at, ref, createMissingCategories, now, numbers, categories, areas, unitsByCode,
                    errors);
            if (entry != null) {
                out.add(entry);
            }
            if (errors.size() > 100) {
                break;
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.size() > 100 ? errors.subList(0, 100) : errors);
        }
        return out;
    }

    /** One order checked; null (with its errors added) when it has any. */
    private static Entry entry(JsonObject o, String at, ReferenceCache.Snapshot ref, boolean createMissingCategories,
                               Instant now, Set<String> numbers, Lookup categories, Lookup areas,
                               Map<String, UnitHierarchy.Unit> unitsByCode, List<Problem.FieldError> errors) {
        int before = errors.size();
        String content = string(o, "content", at, errors);
        if (content == null || content.isBlank()) {
            errors.add(new Problem.FieldError(at + "content", "required"));
        } else if (content.length() > 10_000) {
            errors.add(new Problem.FieldError(at + "content", "at most 10000 characters"));
        }
        Instant created = time(o, "createdAt", at, errors, true);
        Instant closed = time(o, "closedAt", at, errors, false);
        if (created != null && created.isAfter(now)) {
            errors.add(new Problem.FieldError(at + "createdAt", "in the future"));
        }
        if (created != null && closed != null && closed.isBefore(created)) {
            errors.add(new Problem.FieldError(at + "closedAt", "before createdAt"));
        }
        String number = string(o, "number", at, errors);
        if (number != null && (number.isBlank() || number.length() > 32)) {
            errors.add(new Problem.FieldError(at + "number", "1 to 32 characters"));
        } else if (number != null && !numbers.add(number)) {
            errors.add(new Problem.FieldError(at + "number", "appears twice in this import"));
        }
        String address = string(o, "address", at, errors);
        if (address != null && address.length() > 500) {
            errors.add(new Problem.FieldError(at + "address", "at most 500 characters"));
        }
        Long area = node(o, "areaId", "area", areas, at, errors, false);
        Long category = null;
        String categoryPath = null;
        Object named = o.getValue("category");
        if (o.getValue("categoryId") == null && createMissingCategories && named instanceof String s
                && categories.find(s).isEmpty() && s.contains("/")) {
            categoryPath = normalise(s);
        } else {
            category = node(o, "categoryId", "category", categories, at, errors, true);
        }
        Long lead = unit(o, "leadUnitId", "leadUnit", ref.units(), unitsByCode, at, errors);
        String reply = string(o, "reply", at, errors);
        if (reply != null && reply.length() > 10_000) {
            errors.add(new Problem.FieldError(at + "reply", "at most 10000 characters"));
        }
        Channel channel = choice(o, "channel", at, errors, Channel.PHONE, Channel::parse);
        OrderType type = choice(o, "type", at, errors, OrderType.COMPLAINT, OrderType::parse);
        Urgency urgency = choice(o, "urgency", at, errors, Urgency.NORMAL, Urgency::parse);
        Double lat = coordinate(o, "latitude", 90, at, errors);
        Double lon = coordinate(o, "longitude", 180, at, errors);
        String phone = string(o, "phone", at, errors);
        List<Step> steps = steps(o, at, created, closed, now, ref.units(), unitsByCode, errors);
        if (!steps.isEmpty()) {
            Long dispatched = null;
            for (Step s : steps) {
                if ("dispatch".equals(s.action())) {
                    dispatched = s.unitId();
                }
            }
            if (lead != null && dispatched != null && !lead.equals(dispatched)) {
                errors.add(new Problem.FieldError(at + "leadUnit", "differs from the unit of the last dispatch "
                        + "in steps"));
            } else if (lead != null && dispatched == null) {
                errors.add(new Problem.FieldError(at + "leadUnit", "given, but no step dispatches the order"));
            }
            lead = dispatched;
            if (closed == null) {
                closed = steps.getLast().at();
            }
        }
        if (errors.size() != before) {
            return null;
        }
        return new Entry(number, created, closed == null ? created : closed, content.strip(),
                address == null || address.isBlank() ? null : address.strip(), area, category, categoryPath, lead,
                reply == null || reply.isBlank() ? null : reply.strip(), channel, type, lat, lon, phone, urgency,
                steps);
    }

    /** The order's handling record, checked step by step against the order's life (statuses, times, units). */
    private static List<Step> steps(JsonObject o, String at, Instant created, Instant closed, Instant now,
                                    UnitHierarchy units, Map<String, UnitHierarchy.Unit> unitsByCode,
                                    List<Problem.FieldError> errors) {
        Object raw = o.getValue("steps");
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof JsonArray array)) {
            errors.add(new Problem.FieldError(at + "steps", "an array of steps"));
            return List.of();
        }
        List<Step> out = new ArrayList<>();
        OrderStatus status = OrderStatus.ACCEPTED;
        Instant previous = created;
        for (int j = 0; j < array.size(); j++) {
            String here = at + "steps[" + j + "].";
            if (!(array.getValue(j) instanceof JsonObject s)) {
                errors.add(new Problem.FieldError(at + "steps[" + j + "]", "a step object"));
                return List.of();
            }
            int before = errors.size();
            String action = string(s, "action", here, errors);
            if (action == null || !STEP_ACTIONS.contains(action)) {
                errors.add(new Problem.FieldError(here + "action", "one of " + String.join(", ",
                        STEP_ACTIONS.stream().sorted().toList())));
                return List.of();
            }
            Instant when = time(s, "at", here, errors, true);
            if (when != null && previous != null && when.isBefore(previous)) {
                errors.add(new Problem.FieldError(here + "at", j == 0 ? "before createdAt" : "before the step before"));
            }
            if (when != null && closed != null && when.isAfter(closed)) {
                errors.add(new Problem.FieldError(here + "at", "after closedAt"));
            } else if (when != null && when.isAfter(now)) {
                errors.add(new Problem.FieldError(here + "at", "in the future"));
            }
            boolean rehandle = Boolean.TRUE.equals(s.getValue("rehandle"));
            OrderStatus next = next(action, status, rehandle);
            if (next == null) {
                errors.add(new Problem.FieldError(here + "action", "'" + action + "' cannot follow where the order "
                        + "is (" + status.name() + ")"));
                return List.of();
            }
            Long unit = null;
            if ("dispatch".equals(action)) {
                unit = unit(s, "unitId", "unit", units, unitsByCode, here, errors);
                if (unit == null && s.getValue("unit") == null && s.getValue("unitId") == null) {
                    errors.add(new Problem.FieldError(here + "unit", "required: the unit dispatched to (code)"));
                } else if (unit != null && units.unit(unit).filter(u -> "center".equals(u.kind())).isPresent()) {
                    errors.add(new Problem.FieldError(here + "unit", "the centre itself cannot handle orders"));
                }
            }
            // The words of the step, under the name the action's own API gives them.
            String textField = switch (action) {
                case "reject-reply" -> "reason";
                case "callback" -> "note";
                default -> "text";
            };
            String text = string(s, textField, here, errors);
            if (text != null && text.length() > 10_000) {
                errors.add(new Problem.FieldError(here + textField, "at most 10000 characters"));
            }
            String reason = null;
            if ("return".equals(action)) {
                reason = string(s, "reason", here, errors);
                if (reason == null || !WorkOrderService.RETURN_REASONS.contains(reason)) {
                    errors.add(new Problem.FieldError(here + "reason", "one of " + String.join(", ",
                            WorkOrderService.RETURN_REASONS.stream().sorted().toList())));
                }
            }
            Boolean resolved = null;
            String satisfaction = null;
            Boolean contacted = null;
            if ("callback".equals(action)) {
                if (!(s.getValue("resolved") instanceof Boolean b)) {
                    errors.add(new Problem.FieldError(here + "resolved", "true or false"));
                } else {
                    resolved = b;
                }
                satisfaction = string(s, "satisfaction", here, errors);
                if (satisfaction == null || !Set.of("satisfied", "basically_satisfied", "dissatisfied")
                        .contains(satisfaction)) {
                    errors.add(new Problem.FieldError(here + "satisfaction",
                            "one of satisfied, basically_satisfied, dissatisfied"));
                }
                Object c = s.getValue("contacted");
                if (c != null && !(c instanceof Boolean)) {
                    errors.add(new Problem.FieldError(here + "contacted", "true or false"));
                } else {
                    contacted = (Boolean) c;
                }
                if (rehandle && Boolean.TRUE.equals(resolved) && satisfaction != null
                        && !"dissatisfied".equals(satisfaction)) {
                    errors.add(new Problem.FieldError(here + "rehandle",
                            "only after an unresolved or dissatisfied callback"));
                }
            }
            Instant signDeadline = "dispatch".equals(action) ? time(s, "signDeadline", here, errors, false) : null;
            Instant handleDeadline = "dispatch".equals(action) || "reject-reply".equals(action)
                    || ("callback".equals(action) && rehandle) ? time(s, "handleDeadline", here, errors, false) : null;
            String by = string(s, "by", here, errors);
            if (by != null && by.length() > 100) {
                errors.add(new Problem.FieldError(here + "by", "at most 100 characters"));
            }
            if (errors.size() != before) {
                return List.of();
            }
            out.add(new Step(action, when, unit, text == null || text.isBlank() ? null : text.strip(), reason,
                    signDeadline, handleDeadline, resolved, satisfaction, contacted, rehandle,
                    by == null || by.isBlank() ? null : by.strip()));
            status = next;
            previous = when;
        }
        return out;
    }

    /** Where a step takes an order, or null when it cannot be taken from {@code from}. */
    private static OrderStatus next(String action, OrderStatus from, boolean rehandle) {
        return switch (action) {
            case "answer-directly" -> from == OrderStatus.ACCEPTED ? OrderStatus.CLOSED : null;
            case "dispatch" -> from == OrderStatus.ACCEPTED || from == OrderStatus.RETURNED ? OrderStatus.DISPATCHED
                    : null;
            case "sign" -> from == OrderStatus.DISPATCHED ? OrderStatus.SIGNED : null;
            case "return" -> from == OrderStatus.DISPATCHED || from == OrderStatus.SIGNED ? OrderStatus.RETURNED : null;
            case "reply" -> from == OrderStatus.DISPATCHED || from == OrderStatus.SIGNED ? OrderStatus.REPLIED : null;
            case "approve-reply" -> from == OrderStatus.REPLIED ? OrderStatus.CALLBACK : null;
            case "reject-reply" -> from == OrderStatus.REPLIED ? OrderStatus.SIGNED : null;
            case "callback" -> from == OrderStatus.REPLIED || from == OrderStatus.CALLBACK
                    ? (rehandle ? OrderStatus.SIGNED : OrderStatus.CLOSED) : null;
            default -> null;
        };
    }

    /** Writes the checked orders; numbers already in use are refused (a second import of the same file). */
    public Result write(DSLContext dsl, List<Entry> entries, ReferenceCache.Snapshot ref, Long userId, Instant now) {
        refuseTakenNumbers(dsl, entries);
        List<String> createdCategories = new ArrayList<>();
        List<Long> categoryOf = categories(dsl, entries, ref, createdCategories);
        Long[] citizenOf = citizens(dsl, entries);
        List<Long> ids = insertOrders(dsl, entries, categoryOf, citizenOf, userId, now);
        String[] numbers = numbers(dsl, entries, ids);
        // Assignments and timelines, each one statement run for every row; the timelines counted for assessment.
        List<Object[]> assignments = new ArrayList<>();
        List<Timeline.Event> events = new ArrayList<>();
        Map<Long, long[]> keys = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            keys.put(ids.get(i), new long[] {categoryOf.get(i), entries.get(i).areaId() == null ? 0
                    : entries.get(i).areaId()});
            story(entries.get(i), ids.get(i), numbers[i], categoryOf.get(i), ref.units(), userId, now, events,
                    assignments);
        }
        insertAssignments(dsl, assignments);
        timeline.appendImported(dsl, events, keys);
        return new Result(ids.size(), ids, createdCategories);
    }

    private static void refuseTakenNumbers(DSLContext dsl, List<Entry> entries) {
        List<String> given = entries.stream().map(Entry::number).filter(n -> n != null).toList();
        for (List<String> chunk : chunks(given, 1000)) {
            List<String> taken = dsl.select(WORK_ORDER.NUMBER).from(WORK_ORDER).where(WORK_ORDER.NUMBER.in(chunk))
                    .limit(20).fetch(WORK_ORDER.NUMBER);
            if (!taken.isEmpty()) {
                throw ProblemException.field("number", "already imported: " + String.join(", ", taken));
            }
        }
    }

    /** Each order's category: given, or its path found or created. */
    private static List<Long> categories(DSLContext dsl, List<Entry> entries, ReferenceCache.Snapshot ref,
                                         List<String> createdCategories) {
        Lookup lookup = new Lookup(ref.categories());
        Map<String, Long> createdPaths = new HashMap<>();
        List<Long> categoryOf = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            categoryOf.add(e.categoryId() != null ? e.categoryId()
                    : ensurePath(dsl, lookup, e.categoryPath(), createdPaths, createdCategories));
        }
        return categoryOf;
    }

    /** The callers, one row each (by phone only), as the orders' citizens; null where an order has no phone. */
    private Long[] citizens(DSLContext dsl, List<Entry> entries) {
        List<Integer> withPhone = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String phone = entries.get(i).phone();
            if (phone != null && !phone.isBlank()) {
                withPhone.add(i);
            }
        }
        Long[] citizenOf = new Long[entries.size()];
        List<Long> citizenIds = citizens.insertAll(dsl, withPhone.stream().map(i -> entries.get(i).phone()).toList(),
                withPhone.stream().map(i -> entries.get(i).createdAt()).toList());
        for (int k = 0; k < withPhone.size(); k++) {
            citizenOf[withPhone.get(k)] = citizenIds.get(k);
        }
        return citizenOf;
    }

    /** The orders' numbers: their own, or made from the id (written now that the id is known). */
    private static String[] numbers(DSLContext dsl, List<Entry> entries, List<Long> ids) {
        String[] numbers = new String[entries.size()];
        List<Object[]> renumber = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            numbers[i] = e.number() != null ? e.number() : "H" + OrderNumbers.number(ids.get(i), e.createdAt());
            if (e.number() == null) {
                renumber.add(new Object[] {numbers[i], ids.get(i)});
            }
        }
        Bulk.run(dsl, dsl.update(WORK_ORDER).set(WORK_ORDER.NUMBER, (String) null)
                .where(WORK_ORDER.ID.eq((Long) null)), renumber);
        return numbers;
    }

    /**
     * One order's timeline and assignment: its handling record told as events, or, without one, the lead unit's
     * assignment and a single {@code imported} event.
     */
    private static void story(Entry e, long id, String number, long categoryId, UnitHierarchy units, Long userId,
                              Instant now, List<Timeline.Event> events, List<Object[]> assignments) {
        if (!e.steps().isEmpty()) {
            new Story(id, number, e, categoryId, units, userId, now).tell(events, assignments);
            return;
        }
        if (e.leadUnitId() != null) {
            assignments.add(new Object[] {id, e.leadUnitId(), e.createdAt(), null, e.closedAt(), e.reply(),
                e.closedAt(), "closed"});
        }
        events.add(new Timeline.Event(null, id, now, userId, null, null, null, "imported", null,
                OrderStatus.CLOSED.name(), e.reply(), new JsonObject()
                .put("createdAt", e.createdAt().toString()).put("closedAt", e.closedAt().toString())));
    }

    private static List<Long> insertOrders(DSLContext dsl, List<Entry> entries, List<Long> categoryOf,
                                           Long[] citizenOf, Long userId, Instant now) {
        List<Field<?>> fields = List.of(WORK_ORDER.PICKUP_CODE, WORK_ORDER.CHANNEL, WORK_ORDER.TYPE, WORK_ORDER.URGENCY,
                WORK_ORDER.CATEGORY_ID, WORK_ORDER.AREA_ID, WORK_ORDER.ADDRESS, WORK_ORDER.CONTENT,
                WORK_ORDER.LATITUDE, WORK_ORDER.LONGITUDE, WORK_ORDER.CONFIDENTIAL, WORK_ORDER.CITIZEN_ID,
                WORK_ORDER.STATUS, WORK_ORDER.LEAD_UNIT_ID, WORK_ORDER.HANDLER_UNIT_ID, WORK_ORDER.REHANDLE_COUNT,
                WORK_ORDER.TRANSFER_COUNT, WORK_ORDER.EXTENSION_PENDING, WORK_ORDER.SIGN_DEADLINE,
                WORK_ORDER.HANDLE_DEADLINE, WORK_ORDER.CREATED_BY, WORK_ORDER.CREATED_AT, WORK_ORDER.UPDATED_AT,
                WORK_ORDER.CLOSED_AT, WORK_ORDER.VERSION, WORK_ORDER.NUMBER);
        List<Object[]> rows = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            rows.add(orderRow(entries.get(i), categoryOf.get(i), citizenOf[i], userId, now));
        }
        return Bulk.insertReturningKeys(dsl, dsl.insertInto(WORK_ORDER, fields).values(new Object[fields.size()]),
                WORK_ORDER.ID, rows);
    }

    /** One order's row, in the order of the insert's columns; the deadlines and counts are the last the steps set. */
    private static Object[] orderRow(Entry e, long categoryId, Long citizenId, Long userId, Instant now) {
        Instant signDeadline = null;
        Instant handleDeadline = null;
        int rehandles = 0;
        int dispatches = 0;
        for (Step s : e.steps()) {
            switch (s.action()) {
                case "dispatch" -> {
                    dispatches++;
                    signDeadline = s.signDeadline();
                    handleDeadline = s.handleDeadline();
                }
                case "reject-reply" -> {
                    rehandles++;
                    handleDeadline = s.handleDeadline() != null ? s.handleDeadline() : handleDeadline;
                }
                case "callback" -> {
                    if (s.rehandle()) {
                        rehandles++;
                        handleDeadline = s.handleDeadline() != null ? s.handleDeadline() : handleDeadline;
                    }
                }
                default -> {
                }
            }
        }
        return new Object[] {OrderNumbers.pickupCode(), e.channel().id(), e.type().id(), e.urgency().id(),
            categoryId, e.areaId(), e.address(), e.content(),
            e.latitude() == null ? null : BigDecimal.valueOf(e.latitude()),
            e.longitude() == null ? null : BigDecimal.valueOf(e.longitude()), false, citizenId,
            OrderStatus.CLOSED.name(), e.leadUnitId(), e.leadUnitId(), rehandles, Math.max(0, dispatches - 1),
            false, signDeadline, handleDeadline, userId, e.createdAt(),
            // Now, not then: the order index follows updated_at, so imported history is picked up at once.
            now, e.closedAt(), 1, e.number()};
    }

    /** Rows of {order, unit, assignedAt, signedAt, repliedAt, opinion, endedAt, endReason}: ended lead assignments. */
    private static void insertAssignments(DSLContext dsl, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        var a = WORK_ORDER_ASSIGNMENT;
        List<Object[]> binds = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            binds.add(new Object[] {r[0], r[1], Assignments.LEAD, false, r[2], r[3], r[4], r[5], r[6], r[7]});
        }
        Bulk.run(dsl, dsl.insertInto(a, a.ORDER_ID, a.UNIT_ID, a.ROLE, a.ACTIVE, a.ASSIGNED_AT, a.SIGNED_AT,
                a.REPLIED_AT, a.OPINION, a.ENDED_AT, a.END_REASON).values((Long) null, null, null, null, null, null,
                null, null, null, null), binds);
    }

    /**
     * One imported order's timeline from its steps: what Hotline would have written as the order went — the steps
     * themselves, and the sign and handle clocks met, late, breached or stopped against the deadlines given.
     */
    private static final class Story {
        private final long id;
        private final String number;
        private final Entry e;
        private final long categoryId;
        private final UnitHierarchy units;
        private final Long userId;
        private final Instant now;
        private final List<Timeline.Event> out = new ArrayList<>();
        private Clock sign;
        private Clock handle;

        /** A running clock: its kind, unit and deadline. */
        private record Clock(String kind, Long unitId, Instant deadline) {
        }

        Story(long id, String number, Entry e, long categoryId, UnitHierarchy units, Long userId, Instant now) {
            this.id = id;
            this.number = number;
            this.e = e;
            this.categoryId = categoryId;
            this.units = units;
            this.userId = userId;
            this.now = now;
        }

        void tell(List<Timeline.Event> events, List<Object[]> assignmentRows) {
            JsonObject created = new JsonObject().put("number", number).put("channel", e.channel().id())
                    .put("type", e.type().id()).put("urgency", e.urgency().id()).put("categoryId", categoryId);
            if (e.areaId() != null) {
                created.put("areaId", e.areaId());
            }
            // Who brought it into Hotline, and when: on the first step, not as a step of its own.
            created.put("importedAt", now.toString());
            if (userId != null) {
                created.put("importedBy", userId);
            }
            out.add(event(e.createdAt(), null, "operator", null, "create", null, OrderStatus.ACCEPTED, null, created));
            OrderStatus status = OrderStatus.ACCEPTED;
            Long handler = null;
            int rehandles = 0;
            Object[] assignment = null;
            for (Step s : e.steps()) {
                OrderStatus to = next(s.action(), status, s.rehandle());
                Instant at = s.at();
                switch (s.action()) {
                    case "answer-directly" -> out.add(event(at, s.by(), "operator", null, s.action(), status, to,
                            s.text() != null ? s.text() : e.reply(), new JsonObject().put("articleIds",
                            new JsonArray())));
                    case "dispatch" -> {
                        stop(sign, "stopped", at);
                        stop(handle, "stopped", at);
                        handler = s.unitId();
                        JsonObject d = new JsonObject().put("leadUnitId", handler).put("leadUnitName",
                                units.name(handler)).put("coUnitIds", new JsonArray()).put("coUnitNames",
                                new JsonArray());
                        out.add(event(at, s.by(), "dispatcher", null, s.action(), status, to, null, d));
                        sign = s.signDeadline() == null ? null : new Clock("sign", handler, s.signDeadline());
                        handle = s.handleDeadline() == null ? null : new Clock("handle", handler, s.handleDeadline());
                        if (assignment != null && "closed".equals(assignment[7])) {
                            assignment[6] = at;
                            assignment[7] = "redispatched";
                        }
                        assignment = new Object[] {id, handler, at, null, null, null, e.closedAt(), "closed"};
                        assignmentRows.add(assignment);
                    }
                    case "sign" -> {
                        out.add(event(at, s.by(), "unit_handler", handler, s.action(), status, to, null, null));
                        stop(sign, "done", at);
                        assignment[3] = at;
                    }
                    case "return" -> {
                        out.add(event(at, s.by(), "unit_handler", handler, s.action(), status, to, s.text(),
                                unit(new JsonObject().put("reason", s.reason()), "unit", handler)));
                        stop(sign, "done", at);
                        stop(handle, "stopped", at);
                        assignment[6] = at;
                        assignment[7] = "returned";
                    }
                    case "reply" -> {
                        String text = s.text() != null ? s.text() : e.reply();
                        out.add(event(at, s.by(), "unit_handler", handler, s.action(), status, to, text,
                                unit(new JsonObject(), "unit", handler)));
                        stop(sign, "done", at);
                        stop(handle, "done", at);
                        assignment[4] = at;
                        assignment[5] = text;
                    }
                    case "approve-reply" -> out.add(event(at, s.by(), "reviewer", null, s.action(), status, to, null,
                            null));
                    case "reject-reply" -> {
                        rehandles++;
                        JsonObject d = unit(new JsonObject().put("rehandleCount", rehandles), "unit", handler);
                        if (s.handleDeadline() != null) {
                            d.put("handleDeadline", s.handleDeadline().toString());
                        }
                        out.add(event(at, s.by(), "reviewer", null, s.action(), status, to, s.text(), d));
                        handle = s.handleDeadline() == null ? null : new Clock("handle", handler, s.handleDeadline());
                    }
                    case "callback" -> {
                        JsonObject d = new JsonObject().put("resolved", s.resolved())
                                .put("satisfaction", s.satisfaction());
                        if (s.contacted() != null) {
                            d.put("contacted", s.contacted());
                        }
                        // The rating is the lead unit's.
                        unit(d, "unit", handler);
                        if (s.rehandle()) {
                            rehandles++;
                            d.put("outcome", "rehandle").put("rehandleCount", rehandles);
                            if (s.handleDeadline() != null) {
                                d.put("handleDeadline", s.handleDeadline().toString());
                            }
                            handle = s.handleDeadline() == null ? null
                                    : new Clock("handle", handler, s.handleDeadline());
                        } else {
                            d.put("outcome", "closed");
                        }
                        out.add(event(at, s.by(), "reviewer", null, s.action(), status, to, s.text(), d));
                    }
                    default -> throw new IllegalStateException("Unchecked step " + s.action());
                }
                status = to;
            }
            // Whatever still ran stopped when the order closed.
            stop(sign, "stopped", e.closedAt());
            stop(handle, "stopped", e.closedAt());
            // Stable: a breach goes where its deadline falls, a step's clocks after the step at the same instant.
            out.sort(Comparator.comparing(Timeline.Event::at));
            if (status != OrderStatus.CLOSED) {
                // The record stops short of the closing step: the import closes it, when the record says it closed.
                out.add(new Timeline.Event(null, id, e.closedAt(), userId, null, null, null, "imported",
                        status.name(), OrderStatus.CLOSED.name(), null, new JsonObject()
                        .put("createdAt", e.createdAt().toString()).put("closedAt", e.closedAt().toString())
                        .put("importedAt", now.toString())));
            }
            events.addAll(out);
        }

        /** Stops a clock: met or late when its step was done ({@code done}), else stopped; breached if it ran out. */
        private void stop(Clock c, String how, Instant at) {
            if (c == null) {
                return;
            }
            if (c == sign) {
                sign = null;
            } else if (c == handle) {
                handle = null;
            }
            boolean late = at.isAfter(c.deadline());
            if (late) {
                out.add(clockEvent(c.deadline(), "clock-breached", c));
            }
            out.add(clockEvent(at, !"done".equals(how) ? "clock-stopped" : late ? "clock-late" : "clock-met", c));
        }

        private Timeline.Event clockEvent(Instant at, String action, Clock c) {
            return new Timeline.Event(null, id, at, null, "系统", "system", null, action, null, null, null,
                    new JsonObject().put("kind", c.kind()).put("unitId", c.unitId()).put("unitName",
                            units.name(c.unitId())).put("deadline", c.deadline().toString()));
        }

        private Timeline.Event event(Instant at, String by, String role, Long actorUnit, String action,
                                     OrderStatus from, OrderStatus to, String note, JsonObject details) {
            return new Timeline.Event(null, id, at, null, by, role, actorUnit, action,
                    from == null ? null : from.name(), to == null ? null : to.name(), note, details);
        }

        private JsonObject unit(JsonObject d, String key, Long unitId) {
            return d.put(key + "Id", unitId).put(key + "Name", units.name(unitId));
        }
    }

    /** Category or area nodes by code and by path, built once per import rather than searched per order. */
    private static final class Lookup {
        private final Set<Long> ids;
        private final Map<String, Long> byCode = new HashMap<>();
        private final Map<String, Long> byPath = new HashMap<>();

        Lookup(Map<Long, ReferenceCache.Node> nodes) {
            ids = nodes.keySet();
            nodes.values().stream().sorted(Comparator.comparingLong(ReferenceCache.Node::id)).forEach(n -> {
                byCode.putIfAbsent(n.code(), n.id());
                byPath.putIfAbsent(normalise(n.path()), n.id());
            });
        }

        boolean contains(long id) {
            return ids.contains(id);
        }

        Optional<Long> find(String codeOrPath) {
            String wanted = normalise(codeOrPath);
            Long id = byCode.get(wanted);
            return Optional.ofNullable(id != null ? id : byPath.get(wanted));
        }
    }

    /** Finds or creates each level of a category path; created codes are derived from the path, so stable. */
    private static Long ensurePath(DSLContext dsl, Lookup lookup, String path, Map<String, Long> created,
                                   List<String> createdNames) {
        String[] parts = path.split("/");
        Long parent = null;
        StringBuilder sofar = new StringBuilder();
        for (String part : parts) {
            if (!sofar.isEmpty()) {
                sofar.append('/');
            }
            sofar.append(part);
            String key = sofar.toString();
            Optional<Long> existing = lookup.find(key);
            if (existing.isPresent()) {
                parent = existing.get();
                continue;
            }
            Long known = created.get(key);
            if (known == null) {
                known = dsl.select(CATEGORY.ID).from(CATEGORY).where(CATEGORY.CODE.eq(codeFor(key)))
                        .fetchOne(CATEGORY.ID);
            }
            if (known == null) {
                known = dsl.insertInto(CATEGORY).set(CATEGORY.PARENT_ID, parent).set(CATEGORY.CODE, codeFor(key))
                        .set(CATEGORY.NAME, part).set(CATEGORY.ACTIVE, true).set(CATEGORY.SORT_ORDER, 999)
                        .returning(CATEGORY.ID).fetchOne().getId();
                createdNames.add(key);
            }
            created.put(key, known);
            parent = known;
        }
        return parent;
    }

    static String codeFor(String path) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return "M" + HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String normalise(String path) {
        if (path == null) {
            return "";
        }
        String p = path.strip();
        // Codes and plain names (most lookups) have no separator: no pattern needed.
        return p.indexOf('/') < 0 && p.indexOf('>') < 0 && p.indexOf('＞') < 0 ? p
                : p.replaceAll("\\s*[/>＞]\\s*", "/");
    }

    private static Long node(JsonObject o, String idField, String nameField, Lookup nodes, String at,
                             List<Problem.FieldError> errors, boolean required) {
        Object id = o.getValue(idField);
        if (id instanceof Number n) {
            if (!nodes.contains(n.longValue())) {
                errors.add(new Problem.FieldError(at + idField, "no " + nameField + " with id " + n));
                return null;
            }
            return n.longValue();
        }
        Object name = o.getValue(nameField);
        if (name == null) {
            if (required) {
                errors.add(new Problem.FieldError(at + nameField, "required: a code or path"));
            }
            return null;
        }
        Optional<Long> found = nodes.find(String.valueOf(name));
        if (found.isEmpty()) {
            errors.add(new Problem.FieldError(at + nameField, "no " + nameField + " with code or path '" + name
                    + "'" + ("category".equals(nameField) ? " (createMissingCategories creates paths)" : "")));
        }
        return found.orElse(null);
    }

    /** A unit by id ({@code idField}) or code ({@code codeField}); null (with an error) when there is none. */
    private static Long unit(JsonObject o, String idField, String codeField, UnitHierarchy units,
                             Map<String, UnitHierarchy.Unit> byCode, String at, List<Problem.FieldError> errors) {
        Object unitId = o.getValue(idField);
        Object unitCode = o.getValue(codeField);
        if (unitId instanceof Number n) {
            Long id = units.unit(n.longValue()).map(UnitHierarchy.Unit::id).orElse(null);
            if (id == null) {
                errors.add(new Problem.FieldError(at + idField, "no unit with id " + n));
            }
            return id;
        }
        if (unitCode != null) {
            UnitHierarchy.Unit u = byCode.get(String.valueOf(unitCode).strip());
            if (u == null) {
                errors.add(new Problem.FieldError(at + codeField, "no unit with code '" + unitCode + "'"));
            }
            return u == null ? null : u.id();
        }
        return null;
    }

    private static String string(JsonObject o, String field, String at, List<Problem.FieldError> errors) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number n && ("number".equals(field) || "phone".equals(field))) {
            return n.toString();
        }
        errors.add(new Problem.FieldError(at + field, "must be a string"));
        return null;
    }

    /**
     * ISO instants, or local times ("2025-03-01 10:00[:00]") in the centre's zone, as old systems export them; an
     * {@link Instant} put there by a program (the demo) is taken as it is.
     */
    private static Instant time(JsonObject o, String field, String at, List<Problem.FieldError> errors,
                                boolean required) {
        Object v = o.getMap().get(field);
        if (v instanceof Instant i) {
            return i;
        }
        if (v == null) {
            if (required) {
                errors.add(new Problem.FieldError(at + field, "required"));
            }
            return null;
        }
        String s = String.valueOf(v).strip();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                String local = s.replace(' ', 'T');
                if (local.length() == 10) {
                    local += "T00:00";
                }
                return LocalDateTime.parse(local).atZone(OrderNumbers.ZONE).toInstant();
            } catch (DateTimeParseException e2) {
                errors.add(new Problem.FieldError(at + field, "a time like 2025-03-01T10:00:00+08:00 or "
                        + "2025-03-01 10:00"));
                return null;
            }
        }
    }

    private static <T> T choice(JsonObject o, String field, String at, List<Problem.FieldError> errors, T dflt,
                                java.util.function.Function<String, T> parse) {
        Object v = o.getValue(field);
        if (v == null) {
            return dflt;
        }
        try {
            return parse.apply(String.valueOf(v));
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError(at + field, "unknown " + field + " '" + v + "'"));
            return dflt;
        }
    }

    private static Double coordinate(JsonObject o, String field, double max, String at,
                                     List<Problem.FieldError> errors) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || Math.abs(n.doubleValue()) > max) {
            errors.add(new Problem.FieldError(at + field, "a number from -" + (int) max + " to " + (int) max));
            return null;
        }
        return n.doubleValue();
    }

    private static <T> List<List<T>> chunks(List<T> list, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i += size) {
            out.add(list.subList(i, Math.min(list.size(), i + size)));
        }
        return out;
    }
}
