package org.hotline.open311;

import static org.hotline.db.generated.Tables.OPEN311_REQUEST;
import static org.hotline.db.generated.Tables.WORK_ORDER;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hotline.assist.AreaGuess;
import org.hotline.db.Database;
import org.hotline.db.generated.tables.records.WorkOrderRecord;
import org.hotline.reference.ReferenceCache;
import org.hotline.sla.PolicyStore;
import org.hotline.workorder.Channel;
import org.hotline.workorder.OrderStatus;
import org.hotline.workorder.OrderType;
import org.hotline.workorder.Urgency;
import org.hotline.workorder.WorkOrderService;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Open311 GeoReport v2 over Hotline: categories are services, orders taken through the {@code open311} channel are
 * service requests. A request filed here becomes an ordinary order through {@link WorkOrderService} — numbered,
 * on the timeline, dispatched and handled like any other — and its progress reads back through the same API.
 * Only requests filed through this API are published (not orders staff took by phone, nor ones staff entered for
 * the app channel), never a confidential one, and never who filed them. Blocking: runs on the database worker pool.
 */
public final class Open311Service {

    public static final String SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";
    /** The spec's span limit for GET requests, and its default range. */
    static final Duration MAX_SPAN = Duration.ofDays(90);
    /** The spec's default limit on GET requests. */
    static final int MAX_REQUESTS = 1000;
    static final int MAX_IDS = 100;
    private static final DateTimeFormatter W3 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final DateTimeFormatter CHANGESET = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Database db;
    private final ReferenceCache reference;
    private final WorkOrderService orders;
    private final PolicyStore policies;
    private final ClientKeys keys;
    private final ServiceCatalogue catalogue = new ServiceCatalogue();
    private final Clock clock;
    private final ZoneId zone;
    private final String jurisdiction;
    private final boolean production;
    private final Instant started;

    /**
     * @param jurisdiction the jurisdiction_id this endpoint answers to; null to accept any (one jurisdiction only)
     * @param production   whether discovery lists the endpoint as production (else test: the demo)
     */
    public Open311Service(Database db, ReferenceCache reference, WorkOrderService orders, PolicyStore policies,
                          ClientKeys keys, Clock clock, ZoneId zone, String jurisdiction, boolean production) {
        this.db = db;
        this.reference = reference;
        this.orders = orders;
        this.policies = policies;
        this.keys = keys;
        this.clock = clock;
        this.zone = zone;
        this.jurisdiction = jurisdiction == null || jurisdiction.isBlank() ? null : jurisdiction.strip();
        this.production = production;
        this.started = clock.instant();
    }

    // ------------------------------------------------------------------ discovery and services

    /** The Service Discovery document for this endpoint. */
    public Doc discovery(Map<String, List<String>> params, String endpointUrl) {
        checkJurisdiction(params);
        String centre = reference.get().units().centre().map(u -> u.name()).orElse("12345 政务服务便民热线");
        // Services follow the category tree, which changes only through admins and imports: a restart is a safe
        // lower bound for "last changed" that clients can sort.
        String changeset = CHANGESET.format(started.atZone(zone));
        return Doc.of(Doc.element("discovery")
                .add("changeset", changeset)
                .add("contact", centre + "：拨打 12345，或联系热线中心的系统管理员。")
                .add("key_service", "api_key 由热线中心系统管理员按应用发放（POST /api/v1/open311/clients），"
                        + "请联系热线中心申请。")
                .add(Doc.items("endpoints").add(Doc.element("endpoint")
                        .add("specification", SPECIFICATION)
                        .add("url", endpointUrl)
                        .add("changeset", changeset)
                        .add("type", production ? "production" : "test")
                        .add(Doc.items("formats").add("format", "text/xml").add("format", "application/json")))));
    }

    /** GET services: every active leaf category, grouped by its top-level category. */
    public Doc services(Map<String, List<String>> params) {
        checkJurisdiction(params);
        Doc.Items list = Doc.items("services");
        for (ServiceCatalogue.Service s : catalogue.services(db.dsl())) {
            list.add(Doc.element("service")
                    .add("service_code", s.code())
                    .add("service_name", s.name())
                    .add("description", s.description())
                    .add("metadata", s.metadata())
                    .add("type", "realtime")
                    .add("keywords", s.keywords())
                    .add("group", s.group()));
        }
        return Doc.of(list);
    }

    /** GET services/{code}: the service's extra fields; 404 for a code that is not a service. */
    public Doc definition(Map<String, List<String>> params, String code) {
        checkJurisdiction(params);
        ServiceCatalogue.Service s = service(db.dsl(), code);
        Doc.Items attributes = Doc.items("attributes");
        for (ServiceCatalogue.Attribute a : s.attributes()) {
            Doc.Element e = Doc.element("attribute")
                    .add("variable", true)
                    .add("code", a.code())
                    .add("datatype", a.datatype())
                    .add("required", a.required())
                    .add("datatype_description", a.datatypeDescription())
                    .add("order", a.order())
                    .add("description", a.description());
            if (a.isList()) {
                Doc.Items values = Doc.items("values");
                a.values().forEach(v -> values.add(Doc.element("value").add("key", v.key()).add("name", v.name())));
                e.add(values);
            }
            attributes.add(e);
        }
        return Doc.of(Doc.element("service_definition").add("service_code", s.code()).add(attributes));
    }

    private ServiceCatalogue.Service service(DSLContext dsl, String code) {
        return catalogue.service(dsl, code).orElseThrow(() -> Open311Exception.of(404,
                "service_code " + shorten(code) + " not found; GET services lists the service codes"));
    }

    // ------------------------------------------------------------------ POST requests

    /**
     * POST requests: checks the api_key (403), the service (404) and every field (400), then takes the request in
     * as an order of the open311 channel, in the centre's queue for dispatch like any other.
     */
    public Doc submit(Map<String, List<String>> params) {
        String apiKey = RequestForm.single(params, "api_key");
        if (apiKey == null) {
            throw Open311Exception.of(403, "api_key missing -- can't proceed with create_request; ask the hotline "
                    + "centre for a key for your application");
        }
        var client = keys.find(db.dsl(), apiKey).orElseThrow(() -> Open311Exception.of(403,
                "Invalid api_key received -- can't proceed with create_request."));
        checkJurisdiction(params);
        RequestForm form = RequestForm.read(params);
        if (form.serviceCode() == null) {
            throw Open311Exception.invalid(form.problems());
        }
        ServiceCatalogue.Service service = service(db.dsl(), form.serviceCode());
        List<String> answers = form.answers(service);
        ReferenceCache.Snapshot ref = reference.get();
        Long areaId = null;
        if (form.addressId() != null) {
            areaId = ref.areas().values().stream().filter(a -> a.code().equals(form.addressId())).findFirst()
                    .map(ReferenceCache.Node::id).orElse(null);
            if (areaId == null) {
                form.problems().add("address_id: no such address; address ids here are area codes (e.g. a "
                        + "district's or street's code)");
            }
        } else {
            // Where the citizen says it is: the dispatcher sees the area already filled in (and may change it).
            areaId = AreaGuess.guess(ref.areas().values(), form.addressString(), form.description())
                    .map(ReferenceCache.Node::id).orElse(null);
        }
        if (form.description() == null && answers.isEmpty()) {
            form.problems().add("description: required; say what should be dealt with");
        }
        if (!form.problems().isEmpty()) {
            throw Open311Exception.invalid(form.problems());
        }
        var command = new WorkOrderService.CreateCommand(Channel.OPEN311, OrderType.HELP, Urgency.NORMAL,
                service.categoryId(), areaId, form.addressString(), content(form, answers, service), form.lat(),
                form.lon(), false, RequestForm.citizenName(form.firstName(), form.lastName()), form.phone());
        long clientId = client.id();
        JsonObject submitted = new JsonObject();
        form.attributes().forEach((code, values) -> submitted.put(code, values.size() == 1 ? values.getFirst()
                : new JsonArray(new ArrayList<>(values))));
        String actor = "Open311 · " + client.name();
        // The timeline names its actors in at most 100 characters.
        actor = actor.length() <= 100 ? actor : actor.substring(0, 100);
        WorkOrderRecord order = orders.createForApplication(actor, command, form.email(),
                (dsl, id) -> dsl.insertInto(OPEN311_REQUEST)
                        .set(OPEN311_REQUEST.ORDER_ID, id)
                        .set(OPEN311_REQUEST.CLIENT_ID, clientId)
                        .set(OPEN311_REQUEST.ADDRESS_ID, form.addressId())
                        .set(OPEN311_REQUEST.MEDIA_URL, form.mediaUrl())
                        .set(OPEN311_REQUEST.DEVICE_ID, form.deviceId())
                        .set(OPEN311_REQUEST.ACCOUNT_ID, form.accountId())
                        .set(OPEN311_REQUEST.ANSWERS, submitted.isEmpty() ? null : submitted.encode())
                        .set(OPEN311_REQUEST.CREATED_AT, clock.instant())
                        .execute());
        String notice = new Notices(db.dsl()).of(order);
        return Doc.of(Doc.items("service_requests").add(Doc.element("request")
                .add("service_request_id", order.getNumber())
                .add("service_notice", notice)
                .add("account_id", form.accountId())));
    }

    /**
     * The order's content as staff read it: the description, then the answers to the service's fields, then the
     * media link — all as text.
     */
    static String content(RequestForm form, List<String> answers, ServiceCatalogue.Service service) {
        StringBuilder sb = new StringBuilder(form.description() == null ? service.name() : form.description());
        if (!answers.isEmpty()) {
            sb.append("\n\n【补充信息】");
            answers.forEach(a -> sb.append('\n').append(a));
        }
        if (form.mediaUrl() != null) {
            sb.append("\n\n【图片/媒体链接】").append(form.mediaUrl());
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ GET requests

    /**
     * GET requests: by {@code service_request_id} (a list, which overrides everything else), or by service codes,
     * statuses and a range of requested times of at most 90 days (the last 90 days by default); newest first, at
     * most 1000.
     */
    public Doc requests(Map<String, List<String>> params) {
        checkJurisdiction(params);
        DSLContext dsl = db.dsl();
        Condition where;
        List<String> ids = list(params, "service_request_id");
        if (!ids.isEmpty()) {
            if (ids.size() > MAX_IDS) {
                throw Open311Exception.of(400, "service_request_id: at most " + MAX_IDS + " ids at once");
            }
            where = WORK_ORDER.NUMBER.in(ids);
        } else {
            where = filters(dsl, params);
        }
        return Doc.of(requestList(dsl, where, MAX_REQUESTS));
    }

    /** GET requests/{id}: one request, in a list of one as the spec shapes it; 404 when it is not published. */
    public Doc request(Map<String, List<String>> params, String id) {
        checkJurisdiction(params);
        Doc.Items list = requestList(db.dsl(), WORK_ORDER.NUMBER.eq(id), 1);
        if (list.items().isEmpty()) {
            throw Open311Exception.of(404, "service_request_id " + shorten(id) + " not found");
        }
        return Doc.of(list);
    }

    /** GET tokens/{token}: every request is answered with its id at once (type realtime), so no token exists. */
    public Doc token(Map<String, List<String>> params, String token) {
        checkJurisdiction(params);
        throw Open311Exception.of(404, "token " + shorten(token) + " not found; requests here are realtime: POST "
                + "requests answers the service_request_id at once");
    }

    private Condition filters(DSLContext dsl, Map<String, List<String>> params) {
        List<String> problems = new ArrayList<>();
        Instant now = clock.instant();
        Instant start = date(params, "start_date", problems);
        Instant end = date(params, "end_date", problems);
        if (start == null && end == null) {
            end = now;
            start = now.minus(MAX_SPAN);
        } else if (start == null) {
            start = end.minus(MAX_SPAN);
        } else if (end == null) {
            end = start.plus(MAX_SPAN);
        } else if (end.isBefore(start)) {
            problems.add("end_date: before start_date");
        } else if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            problems.add("end_date: the range from start_date may not span more than 90 days");
        }
        Set<OrderStatus> statuses = new LinkedHashSet<>();
        for (String s : list(params, "status")) {
            Set<OrderStatus> matching = RequestStatus.matching(s);
            if (matching.isEmpty()) {
                problems.add("status: open or closed, not '" + shorten(s) + "'");
            }
            statuses.addAll(matching);
        }
        if (!problems.isEmpty()) {
            throw Open311Exception.invalid(problems);
        }
        Condition where = WORK_ORDER.CREATED_AT.ge(start).and(WORK_ORDER.CREATED_AT.le(end));
        List<String> codes = list(params, "service_code");
        if (!codes.isEmpty()) {
            Map<String, Long> byCode = catalogue.services(dsl).stream().collect(Collectors.toMap(
                    ServiceCatalogue.Service::code, ServiceCatalogue.Service::categoryId));
            List<Long> categories = new ArrayList<>();
            for (String code : codes) {
                Long id = byCode.get(code);
                if (id == null) {
                    throw Open311Exception.of(404, "service_code " + shorten(code) + " not found; GET services lists "
                            + "the service codes");
                }
                categories.add(id);
            }
            where = where.and(WORK_ORDER.CATEGORY_ID.in(categories));
        }
        if (!statuses.isEmpty()) {
            where = where.and(WORK_ORDER.STATUS.in(statuses.stream().map(Enum::name).toList()));
        }
        return where;
    }

    /** The published orders matching {@code where}, newest first, as {@code <service_requests>}. */
    private Doc.Items requestList(DSLContext dsl, Condition where, int limit) {
        List<Record> rows = dsl.select(WORK_ORDER.asterisk(), OPEN311_REQUEST.ADDRESS_ID, OPEN311_REQUEST.MEDIA_URL)
                .from(WORK_ORDER)
                // Published: what citizens filed here themselves, not orders staff typed in for the app channel.
                .join(OPEN311_REQUEST).on(OPEN311_REQUEST.ORDER_ID.eq(WORK_ORDER.ID))
                .where(WORK_ORDER.CHANNEL.eq(Channel.OPEN311.id()))
                .and(WORK_ORDER.CONFIDENTIAL.isFalse())
                .and(where)
                .orderBy(WORK_ORDER.CREATED_AT.desc(), WORK_ORDER.ID.desc())
                .limit(limit)
                .fetch();
        ReferenceCache.Snapshot ref = reference.get();
        Notices notices = new Notices(dsl);
        Doc.Items list = Doc.items("service_requests");
        for (Record r : rows) {
            WorkOrderRecord o = r.into(WORK_ORDER);
            list.add(request(o, r.get(OPEN311_REQUEST.ADDRESS_ID), r.get(OPEN311_REQUEST.MEDIA_URL), ref, notices));
        }
        return list;
    }

    private Doc.Element request(WorkOrderRecord o, String addressId, String mediaUrl, ReferenceCache.Snapshot ref,
                                Notices notices) {
        OrderStatus status = OrderStatus.valueOf(o.getStatus());
        var category = ref.category(o.getCategoryId());
        Long unitId = o.getHandlerUnitId() != null && status.isWithUnit() ? o.getHandlerUnitId() : o.getLeadUnitId();
        String unit = unitId == null ? null : ref.units().unit(unitId).map(u -> u.name()).orElse(null);
        String lead = o.getLeadUnitId() == null ? null
                : ref.units().unit(o.getLeadUnitId()).map(u -> u.name()).orElse(null);
        var area = ref.area(o.getAreaId());
        String address = o.getAddress() != null ? o.getAddress() : area.map(ReferenceCache.Node::path).orElse(null);
        Instant updated = status == OrderStatus.CLOSED && o.getClosedAt() != null ? o.getClosedAt() : o.getUpdatedAt();
        return Doc.element("request")
                .add("service_request_id", o.getNumber())
                .add("status", RequestStatus.of(status))
                .add("status_notes", RequestStatus.notes(status, unit, o.getParentId() != null))
                .add("service_name", category.map(ReferenceCache.Node::name).orElse(null))
                .add("service_code", category.map(ReferenceCache.Node::code).orElse(null))
                .add("description", o.getContent())
                .add("agency_responsible", lead)
                .add("service_notice", notices.of(o))
                .add("requested_datetime", w3(o.getCreatedAt()))
                .add("updated_datetime", w3(updated))
                .add("expected_datetime", w3(o.getHandleDeadline()))
                .add("address", address)
                .add("address_id", addressId != null ? addressId : area.map(ReferenceCache.Node::code).orElse(null))
                .add("zipcode", null)
                .add("lat", o.getLatitude() == null ? null : o.getLatitude().doubleValue())
                .add("long", o.getLongitude() == null ? null : o.getLongitude().doubleValue())
                .add("media_url", mediaUrl);
    }

    /** A w3 date-time in the centre's time zone, with its offset (2026-03-05T09:15:30+08:00). */
    String w3(Instant t) {
        return t == null ? null : W3.format(t.atZone(zone));
    }

    /**
     * What the citizen may expect, from the time-limit policy the order runs under (or would, once dispatched):
     * the handling limit, e.g. "派单后 7 个工作日内办结答复". Policies are few: looked up once per answer.
     */
    private final class Notices {
        private final DSLContext dsl;
        private final Map<String, String> cache = new HashMap<>();

        Notices(DSLContext dsl) {
            this.dsl = dsl;
        }

        String of(WorkOrderRecord o) {
            String key = o.getPolicyId() != null ? "policy:" + o.getPolicyId()
                    : o.getType() + ":" + o.getUrgency() + ":" + o.getCategoryId();
            return cache.computeIfAbsent(key, k -> {
                Optional<PolicyStore.Stored> stored = o.getPolicyId() != null ? policies.get(dsl, o.getPolicyId())
                        : policies.resolve(dsl, o.getType(), o.getUrgency(), categoryPath(o.getCategoryId()));
                return stored.map(s -> "按 12345 热线办理时限，派至承办单位后 " + s.policy().handle().describe()
                        + "内办结答复。").orElse(null);
            });
        }
    }

    private List<Long> categoryPath(long categoryId) {
        List<Long> path = new ArrayList<>();
        var categories = reference.get().categories();
        Long id = categoryId;
        for (int guard = 0; id != null && guard < 32; guard++) {
            path.add(id);
            ReferenceCache.Node node = categories.get(id);
            id = node == null ? null : node.parentId();
        }
        return path;
    }

    // ------------------------------------------------------------------ parameters

    /** One jurisdiction is served: its id is optional, but another one is not found here. */
    private void checkJurisdiction(Map<String, List<String>> params) {
        String given = RequestForm.single(params, "jurisdiction_id");
        if (given != null && jurisdiction != null && !given.equalsIgnoreCase(jurisdiction)) {
            throw Open311Exception.of(404, "jurisdiction_id " + shorten(given) + " not found; this endpoint serves "
                    + jurisdiction);
        }
    }

    /** A comma-separated parameter, which may also be given several times. */
    static List<String> list(Map<String, List<String>> params, String name) {
        List<String> out = new ArrayList<>();
        for (String v : params.getOrDefault(name, List.of())) {
            if (v != null) {
                Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
            }
        }
        return out;
    }

    /** A w3 date-time with its offset, or a date alone (midnight in the centre's time zone). */
    private Instant date(Map<String, List<String>> params, String name, List<String> problems) {
        String v = RequestForm.single(params, name);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(v).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException e2) {
                problems.add(name + ": a w3 date-time with its time zone, e.g. 2026-03-01T00:00:00+08:00 or "
                        + "2026-03-01T00:00:00Z");
                return null;
            }
        }
    }

    static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
