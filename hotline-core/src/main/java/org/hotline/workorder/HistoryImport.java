package org.hotline.workorder;

import static org.hotline.db.generated.Tables.CATEGORY;
import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.hotline.db.generated.Tables.WORK_ORDER_ASSIGNMENT;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.citizen.CitizenRepository;
import org.hotline.db.generated.tables.records.WorkOrderRecord;
import org.hotline.http.Problem;
import org.hotline.http.ProblemException;
import org.hotline.reference.ReferenceCache;
import org.jooq.DSLContext;

/**
 * A centre's history brought over: closed orders with their category, final lead unit and reply, written as they
 * were (their own times, their own numbers when given), so that similar-order warnings and dispatch suggestions
 * learn from them at once. Everything is checked before anything is written; one transaction writes it all.
 */
public final class HistoryImport {

    public static final int MAX_ORDERS = 5000;

    /** One historical order, checked. */
    public record Entry(String number, Instant createdAt, Instant closedAt, String content, String address, Long areaId,
                 Long categoryId, String categoryPath, Long leadUnitId, String reply, Channel channel, OrderType type,
                 Double latitude, Double longitude, String phone) {
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
        for (int i = 0; i < items.size(); i++) {
            String at = "[" + i + "].";
            if (!(items.get(i) instanceof JsonObject o)) {
                errors.add(new Problem.FieldError("[" + i + "]", "an order object"));
                continue;
            }
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
            Long area = node(o, "areaId", "area", ref.areas(), at, errors, false);
            Long category = null;
            String categoryPath = null;
            Object named = o.getValue("category");
            if (o.getValue("categoryId") == null && createMissingCategories && named instanceof String s
                    && find(ref.categories(), s).isEmpty() && s.contains("/")) {
                categoryPath = normalise(s);
            } else {
                category = node(o, "categoryId", "category", ref.categories(), at, errors, true);
            }
            Long lead = null;
            Object unitId = o.getValue("leadUnitId");
            Object unitCode = o.getValue("leadUnit");
            if (unitId instanceof Number n) {
                lead = ref.units().unit(n.longValue()).map(u -> u.id()).orElse(null);
                if (lead == null) {
                    errors.add(new Problem.FieldError(at + "leadUnitId", "no unit with id " + n));
                }
            } else if (unitCode != null) {
                lead = ref.units().byCode(String.valueOf(unitCode)).map(u -> u.id()).orElse(null);
                if (lead == null) {
                    errors.add(new Problem.FieldError(at + "leadUnit", "no unit with code '" + unitCode + "'"));
                }
            }
            String reply = string(o, "reply", at, errors);
            if (reply != null && reply.length() > 10_000) {
                errors.add(new Problem.FieldError(at + "reply", "at most 10000 characters"));
            }
            Channel channel = choice(o, "channel", at, errors, Channel.PHONE, Channel::parse);
            OrderType type = choice(o, "type", at, errors, OrderType.COMPLAINT, OrderType::parse);
            Double lat = coordinate(o, "latitude", 90, at, errors);
            Double lon = coordinate(o, "longitude", 180, at, errors);
            String phone = string(o, "phone", at, errors);
            if (errors.size() == before) {
                out.add(new Entry(number, created, closed == null ? created : closed, content.strip(),
                        address == null || address.isBlank() ? null : address.strip(), area, category, categoryPath,
                        lead, reply == null || reply.isBlank() ? null : reply.strip(), channel, type, lat, lon, phone));
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

    /** Writes the checked orders; numbers already in use are refused (a second import of the same file). */
    public Result write(DSLContext dsl, List<Entry> entries, ReferenceCache.Snapshot ref, Long userId, Instant now) {
        List<String> given = entries.stream().map(Entry::number).filter(n -> n != null).toList();
        if (!given.isEmpty()) {
            List<String> taken = dsl.select(WORK_ORDER.NUMBER).from(WORK_ORDER).where(WORK_ORDER.NUMBER.in(given))
                    .limit(20).fetch(WORK_ORDER.NUMBER);
            if (!taken.isEmpty()) {
                throw ProblemException.field("number", "already imported: " + String.join(", ", taken));
            }
        }
        Map<String, Long> createdPaths = new HashMap<>();
        List<String> createdCategories = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        Assignments assignments = new Assignments();
        for (Entry e : entries) {
            Long category = e.categoryId();
            if (category == null) {
                category = ensurePath(dsl, ref, e.categoryPath(), createdPaths, createdCategories);
            }
            Long citizenId = e.phone() == null || e.phone().isBlank() ? null
                    : citizens.insert(dsl, null, e.phone(), e.createdAt());
            WorkOrderRecord r = dsl.newRecord(WORK_ORDER);
            r.setPickupCode(OrderNumbers.pickupCode());
            r.setChannel(e.channel().id());
            r.setType(e.type().id());
            r.setUrgency(Urgency.NORMAL.id());
            r.setCategoryId(category);
            r.setAreaId(e.areaId());
            r.setAddress(e.address());
            r.setContent(e.content());
            r.setLatitude(e.latitude() == null ? null : java.math.BigDecimal.valueOf(e.latitude()));
            r.setLongitude(e.longitude() == null ? null : java.math.BigDecimal.valueOf(e.longitude()));
            r.setConfidential(false);
            r.setCitizenId(citizenId);
            r.setStatus(OrderStatus.CLOSED.name());
            r.setLeadUnitId(e.leadUnitId());
            r.setHandlerUnitId(e.leadUnitId());
            r.setRehandleCount(0);
            r.setTransferCount(0);
            r.setExtensionPending(false);
            r.setCreatedBy(userId);
            r.setCreatedAt(e.createdAt());
            // Now, not then: the order index follows updated_at, so imported history is picked up at once.
            r.setUpdatedAt(now);
            r.setClosedAt(e.closedAt());
            r.setVersion(1);
            r.setNumber(e.number());
            r.store();
            long id = r.getId();
            if (e.number() == null) {
                dsl.update(WORK_ORDER).set(WORK_ORDER.NUMBER, "H" + OrderNumbers.number(id, e.createdAt()))
                        .where(WORK_ORDER.ID.eq(id)).execute();
            }
            if (e.leadUnitId() != null) {
                long a = assignments.add(dsl, id, e.leadUnitId(), Assignments.LEAD, null, e.createdAt());
                dsl.update(WORK_ORDER_ASSIGNMENT).set(WORK_ORDER_ASSIGNMENT.ACTIVE, false)
                        .set(WORK_ORDER_ASSIGNMENT.REPLIED_AT, e.closedAt())
                        .set(WORK_ORDER_ASSIGNMENT.OPINION, e.reply())
                        .set(WORK_ORDER_ASSIGNMENT.ENDED_AT, e.closedAt())
                        .set(WORK_ORDER_ASSIGNMENT.END_REASON, "closed")
                        .where(WORK_ORDER_ASSIGNMENT.ID.eq(a)).execute();
            }
            timeline.append(dsl, new Timeline.Event(null, id, now, userId, null, null, null, "imported", null,
                    OrderStatus.CLOSED.name(), e.reply(), new JsonObject().put("createdAt", e.createdAt().toString())
                    .put("closedAt", e.closedAt().toString())));
            ids.add(id);
        }
        return new Result(ids.size(), ids, createdCategories);
    }

    /** Finds or creates each level of a category path; created codes are derived from the path, so stable. */
    private static Long ensurePath(DSLContext dsl, ReferenceCache.Snapshot ref, String path,
                                   Map<String, Long> created, List<String> createdNames) {
        String[] parts = path.split("/");
        Long parent = null;
        StringBuilder sofar = new StringBuilder();
        for (String part : parts) {
            if (!sofar.isEmpty()) {
                sofar.append('/');
            }
            sofar.append(part);
            String key = sofar.toString();
            Optional<Long> existing = find(ref.categories(), key);
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

    private static Optional<Long> find(Map<Long, ReferenceCache.Node> nodes, String codeOrPath) {
        String wanted = normalise(codeOrPath);
        for (ReferenceCache.Node n : nodes.values()) {
            if (n.code().equals(wanted) || normalise(n.path()).equals(wanted)) {
                return Optional.of(n.id());
            }
        }
        return Optional.empty();
    }

    static String normalise(String path) {
        return path == null ? "" : path.strip().replaceAll("\\s*[/>＞]\\s*", "/");
    }

    private static Long node(JsonObject o, String idField, String nameField, Map<Long, ReferenceCache.Node> nodes,
                             String at, List<Problem.FieldError> errors, boolean required) {
        Object id = o.getValue(idField);
        if (id instanceof Number n) {
            if (!nodes.containsKey(n.longValue())) {
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
        Optional<Long> found = find(nodes, String.valueOf(name));
        if (found.isEmpty()) {
            errors.add(new Problem.FieldError(at + nameField, "no " + nameField + " with code or path '" + name
                    + "'" + ("category".equals(nameField) ? " (createMissingCategories creates paths)" : "")));
        }
        return found.orElse(null);
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

    /** ISO instants, or local times ("2025-03-01 10:00[:00]") in the centre's zone, as old systems export them. */
    private static Instant time(JsonObject o, String field, String at, List<Problem.FieldError> errors,
                                boolean required) {
        Object v = o.getValue(field);
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
}
