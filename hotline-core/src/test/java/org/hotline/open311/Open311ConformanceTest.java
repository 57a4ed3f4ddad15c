package org.hotline.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Open311 GeoReport v2 conformance, built from the spec (open311/open311.github.io, GeoReport_v2/ and Service
 * Discovery): every method in .xml and .json, the XML read by the JDK's DOM parser and checked element by element
 * against the spec's examples, the JSON checked to be the same tree by the Spark convention (containers are arrays,
 * even of one), and every documented error with its status. Then a request filed here lives as an ordinary order:
 * staff dispatch and handle it, and its progress reads back through the API.
 */
@Tag("storage")
class Open311ConformanceTest {

    static final String JURISDICTION = "jiangcheng.gov.cn";
    static final String KEY = "open311-demo";
    static final String BASE = "/open311/v2";

    static final List<String> DISCOVERY = List.of("changeset", "contact", "key_service", "endpoints");
    static final List<String> ENDPOINT = List.of("specification", "url", "changeset", "type", "formats");
    static final List<String> SERVICE = List.of("service_code", "service_name", "description", "metadata", "type",
            "keywords", "group");
    static final List<String> ATTRIBUTE = List.of("variable", "code", "datatype", "required", "datatype_description",
            "order", "description");
    static final List<String> CREATED = List.of("service_request_id", "service_notice", "account_id");
    static final List<String> REQUEST = List.of("service_request_id", "status", "status_notes", "service_name",
            "service_code", "description", "agency_responsible", "service_notice", "requested_datetime",
            "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url");
    /** The spec's containers of repeated elements: arrays in JSON. */
    static final Set<String> CONTAINERS = Set.of("services", "attributes", "values", "service_requests", "errors",
            "endpoints", "formats");

    static TestServer server;
    static Orders orders;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("open311-jurisdiction-id", JURISDICTION), null);
        orders = new Orders(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ------------------------------------------------------------------ reading answers

    /** One answer: the XML's root element name (null for JSON) and its tree in the Spark convention's JSON shape. */
    record Answer(int status, String format, String root, Object tree, String body) {
        JsonArray array() {
            return assertInstanceOf(JsonArray.class, tree, body);
        }

        JsonObject object() {
            return assertInstanceOf(JsonObject.class, tree, body);
        }
    }

    static Answer get(String resource, String format, String query) {
        String path = BASE + "/" + resource + "." + format + (query == null ? "" : "?" + query);
        return read(format, server.get(path, null));
    }

    static Answer post(String format, Map<String, ?> form) {
        return read(format, server.send(server.request(BASE + "/requests." + format, null)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))).build()));
    }

    static String form(Map<String, ?> fields) {
        List<String> parts = new ArrayList<>();
        fields.forEach((k, v) -> {
            for (Object value : v instanceof List<?> l ? l : List.of(v)) {
                parts.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
            }
        });
        return String.join("&", parts);
    }

    static Answer read(String format, TestServer.Response r) {
        if (format.equals("json")) {
            assertEquals("application/json; charset=utf-8", r.contentType(), r.body());
            Object tree = io.vertx.core.json.Json.decodeValue(r.body());
            return new Answer(r.status(), format, null, tree, r.body());
        }
        assertEquals("text/xml; charset=utf-8", r.contentType(), r.body());
        assertTrue(r.body().startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>"), "XML declaration: " + r.body());
        Document dom = parse(r.body());
        Element root = dom.getDocumentElement();
        assertNull(root.getNamespaceURI(), "no namespace");
        return new Answer(r.status(), format, root.getTagName(), spark(root), r.body());
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e + "\n" + xml, e);
        }
    }

    /** The XML as the Spark convention maps it: containers to arrays, elements to objects, leaves to their text. */
    static Object spark(Element e) {
        List<Element> children = children(e);
        if (CONTAINERS.contains(e.getTagName())) {
            JsonArray a = new JsonArray();
            String item = null;
            for (Element c : children) {
                item = item == null ? c.getTagName() : item;
                assertEquals(item, c.getTagName(), "a container repeats one element: " + e.getTagName());
                a.add(children(c).isEmpty() && !CONTAINERS.contains(c.getTagName()) && !isRecord(c)
                        ? c.getTextContent() : spark(c));
            }
            return a;
        }
        if (children.isEmpty()) {
            return e.getTextContent();
        }
        JsonObject o = new JsonObject();
        for (Element c : children) {
            assertFalse(o.containsKey(c.getTagName()), "repeated element " + c.getTagName() + " in "
                    + e.getTagName());
            o.put(c.getTagName(), spark(c));
        }
        return o;
    }

    /** Items that are records even when empty (none are, in practice). */
    private static boolean isRecord(Element e) {
        return Set.of("service", "request", "error", "attribute", "value", "endpoint").contains(e.getTagName());
    }

    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            } else if (n.getNodeType() == Node.TEXT_NODE) {
                // Only indentation between elements, never mixed content.
                assertTrue(n.getTextContent().isBlank() || e.getElementsByTagName("*").getLength() == 0,
                        "mixed content in " + e.getTagName());
            }
        }
        return out;
    }

    /** Leaves as text (JSON null and an empty element alike), so a JSON answer and an XML one compare. */
    static Object text(Object tree) {
        if (tree instanceof JsonObject o) {
            JsonObject out = new JsonObject();
            o.forEach(e -> out.put(e.getKey(), text(e.getValue())));
            return out;
        }
        if (tree instanceof JsonArray a) {
            JsonArray out = new JsonArray();
            a.forEach(v -> out.add(text(v)));
            return out;
        }
        return tree == null ? "" : String.valueOf(tree);
    }

    /** Both formats, the same tree: the JSON is the XML by the Spark convention. */
    static void sameInBothFormats(String resource, String query) {
        Answer xml = get(resource, "xml", query);
        Answer json = get(resource, "json", query);
        assertEquals(xml.status(), json.status());
        assertEquals(text(xml.tree()), text(json.tree()), resource + ": JSON and XML differ");
    }

    static List<String> keys(JsonObject o) {
        return new ArrayList<>(o.fieldNames());
    }

    /** An error answer: the status, the spec's errors/error(code, description), the code matching the status. */
    static JsonObject assertError(Answer a, int status, String mentions) {
        assertEquals(status, a.status(), a.body());
        if (a.format().equals("xml")) {
            assertEquals("errors", a.root(), a.body());
        }
        JsonArray errors = a.array();
        assertFalse(errors.isEmpty());
        for (Object o : errors) {
            assertEquals(List.of("code", "description"), keys((JsonObject) o), a.body());
        }
        JsonObject first = errors.getJsonObject(0);
        assertEquals(String.valueOf(status), String.valueOf(first.getValue("code")));
        if (a.format().equals("json")) {
            assertInstanceOf(Number.class, first.getValue("code"), "code is a number in JSON");
        }
        assertTrue(a.body().contains(mentions), "error mentions " + mentions + ": " + a.body());
        return first;
    }

    static Map<String, Object> request(String serviceCode, String description) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("api_key", KEY);
        f.put("jurisdiction_id", JURISDICTION);
        f.put("service_code", serviceCode);
        f.put("lat", "30.592800");
        f.put("long", "114.305500");
        f.put("address_string", "江北区滨江街道滨江路88号");
        f.put("description", description);
        return f;
    }

    static String file(String format, Map<String, ?> form) {
        Answer a = post(format, form);
        assertEquals(200, a.status(), a.body());
        if (format.equals("xml")) {
            assertEquals("service_requests", a.root());
        }
        JsonArray created = a.array();
        assertEquals(1, created.size(), "an array of one");
        assertEquals(CREATED, keys(created.getJsonObject(0)));
        return created.getJsonObject(0).getString("service_request_id");
    }

    static JsonObject one(String format, String id) {
        Answer a = get("requests/" + id, format, null);
        assertEquals(200, a.status(), a.body());
        if (format.equals("xml")) {
            assertEquals("service_requests", a.root());
        }
        assertEquals(1, a.array().size(), "a list of one");
        JsonObject r = a.array().getJsonObject(0);
        assertEquals(REQUEST, keys(r));
        return r;
    }

    /** The staff view of an order filed through Open311, found by its number. */
    static JsonObject staffOrder(String user, String number) {
        JsonArray items = server.get("/api/v1/work-orders?channel=open311&limit=200", orders.token(user)).json()
                .getJsonArray("items");
        for (Object o : items) {
            JsonObject row = (JsonObject) o;
            if (number.equals(row.getString("number"))) {
                return orders.get(user, row.getLong("id"));
            }
        }
        throw new AssertionError(number + " not in " + user + "'s open311 orders");
    }

    static Instant instant(String w3) {
        return OffsetDateTime.parse(w3).toInstant();
    }

    // ------------------------------------------------------------------ discovery and services

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    @DisplayName("01 discovery: changeset, contact, key_service, one GeoReport v2 endpoint offering XML and JSON")
    void discovery(String format) {
        Answer a = get("discovery", format, null);
        assertEquals(200, a.status(), a.body());
        if (format.equals("xml")) {
            assertEquals("discovery", a.root());
        }
        JsonObject d = a.object();
        assertEquals(DISCOVERY, keys(d));
        JsonArray endpoints = d.getJsonArray("endpoints");
        assertEquals(1, endpoints.size(), "an array of one");
        JsonObject e = endpoints.getJsonObject(0);
        assertEquals(ENDPOINT, keys(e));
        assertEquals("http://wiki.open311.org/GeoReport_v2", e.getString("specification"));
        assertEquals(server.baseUrl() + BASE, e.getString("url"));
        assertEquals("test", e.getString("type"), "start-dev's demo is a test endpoint");
        assertEquals(new JsonArray().add("text/xml").add("application/json"), e.getJsonArray("formats"));
        assertTrue(d.getString("changeset").matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d"), d.getString("changeset"));
        sameInBothFormats("discovery", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    @DisplayName("02 services: every leaf category, grouped by its top-level category, with keywords and metadata")
    void services(String format) {
        Answer a = get("services", format, "jurisdiction_id=" + JURISDICTION);
        assertEquals(200, a.status(), a.body());
        if (format.equals("xml")) {
            assertEquals("services", a.root());
        }
        JsonArray services = a.array();
        assertEquals(171, services.size(), "the demo city's leaf categories");
        Map<String, JsonObject> byCode = new LinkedHashMap<>();
        for (Object o : services) {
            JsonObject s = (JsonObject) o;
            assertEquals(SERVICE, keys(s));
            assertEquals("realtime", s.getString("type"));
            byCode.put(s.getString("service_code"), s);
        }
        JsonObject noise = byCode.get("020101");
        assertEquals("施工噪声", noise.getString("service_name"));
        assertEquals("环境保护", noise.getString("group"), "group is the top-level category");
        assertEquals("环境保护 / 噪声污染 / 施工噪声", noise.getString("description"));
        assertEquals("施工噪声, 噪声污染, 环境保护", noise.getString("keywords"), "derived from the names");
        assertEquals("路灯, 路灯不亮, 灯不亮, 路灯坏了, 照明", byCode.get("100402").getString("keywords"),
                "the category's own keywords");
        if (format.equals("json")) {
            assertEquals(Boolean.TRUE, noise.getValue("metadata"), "fields of its own and of 噪声污染 above it");
            assertEquals(Boolean.FALSE, byCode.get("010101").getValue("metadata"));
        } else {
            assertEquals("true", noise.getString("metadata"));
            assertEquals("false", byCode.get("010101").getString("metadata"));
        }
        sameInBothFormats("services", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    @DisplayName("03 service definition: inherited and own attributes in order, list values as key/name")
    void definition(String format) {
        Answer a = get("services/020101", format, null);
        assertEquals(200, a.status(), a.body());
        if (format.equals("xml")) {
            assertEquals("service_definition", a.root());
        }
        JsonObject d = a.object();
        assertEquals(List.of("service_code", "attributes"), keys(d));
        assertEquals("020101", d.getString("service_code"));
        JsonArray attributes = d.getJsonArray("attributes");
        assertEquals(2, attributes.size());
        JsonObject when = attributes.getJsonObject(0);
        List<String> listFields = new ArrayList<>(ATTRIBUTE);
        listFields.add("values");
        assertEquals(listFields, keys(when));
        assertEquals("noise_time", when.getString("code"));
        assertEquals("singlevaluelist", when.getString("datatype"));
        assertEquals(String.valueOf(true), String.valueOf(when.getValue("required")));
        assertEquals(String.valueOf(true), String.valueOf(when.getValue("variable")));
        assertEquals("1", String.valueOf(when.getValue("order")));
        JsonArray values = when.getJsonArray("values");
        assertEquals(3, values.size());
        assertEquals(List.of("key", "name"), keys(values.getJsonObject(1)));
        assertEquals("night", values.getJsonObject(1).getString("key"));
        JsonObject site = attributes.getJsonObject(1);
        assertEquals(ATTRIBUTE, keys(site), "no values for a string field");
        assertEquals("site_name", site.getString("code"));
        assertEquals("2", String.valueOf(site.getValue("order")));
        assertEquals(String.valueOf(false), String.valueOf(site.getValue("required")));
        sameInBothFormats("services/020101", null);

        Answer none = get("services/010101", format, null);
        assertEquals(200, none.status());
        assertEquals(new JsonArray(), none.object().getJsonArray("attributes"), "an empty container, still an array");
    }

    // ------------------------------------------------------------------ requests and the order behind them

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    @DisplayName("04 POST requests: the request becomes an ordinary order of the open311 channel, visible to staff")
    void postCreatesOrder(String format) {
        Map<String, Object> f = request("020101", "工地夜间打桩，噪声很大，影响休息。");
        f.put("attribute[noise_time]", "night");
        f.put("attribute[site_name]", "滨江壹号项目");
        f.put("first_name", "三");
        f.put("last_name", "张");
        f.put("phone", "138 1234 5678");
        f.put("email", "zhangsan@example.com");
        f.put("account_id", "acct-77");
        f.put("device_id", "device-1");
        f.put("media_url", "https://img.example.com/p/1.jpg");
        Answer a = post(format, f);
        assertEquals(200, a.status(), a.body());
        JsonObject created = a.array().getJsonObject(0);
        String id = created.getString("service_request_id");
        assertTrue(id.matches("GD\\d{14,}"), id);
        assertTrue(created.getString("service_notice").contains("工作日"), created.getString("service_notice"));
        assertEquals("acct-77", created.getString("account_id"));

        JsonObject order = staffOrder("dispatcher", id);
        assertEquals("open311", order.getString("channel"));
        assertEquals("ACCEPTED", order.getString("status"));
        assertEquals("help", order.getString("type"));
        assertEquals("020101", order.getJsonObject("category").getString("code"));
        assertEquals("滨江街道", order.getJsonObject("area").getString("name"), "the area read from the address");
        assertEquals("江北区滨江街道滨江路88号", order.getString("address"));
        assertTrue(order.getString("content").startsWith("工地夜间打桩，噪声很大，影响休息。"));
        assertTrue(order.getString("content").contains("噪声主要出现的时段：夜间（22:00—次日6:00）"),
                order.getString("content"));
        assertTrue(order.getString("content").contains("施工工地或项目名称（如知道）：滨江壹号项目"));
        assertTrue(order.getString("content").contains("https://img.example.com/p/1.jpg"));
        JsonObject citizen = order.getJsonObject("citizen");
        assertEquals("张三", citizen.getString("name"), "family name first for a Chinese name");
        assertEquals("138****5678", citizen.getString("phone"));
        assertEquals("z***@example.com", citizen.getString("email"), "the e-mail is sealed and shown masked");
        JsonObject create = order.getJsonArray("timeline").getJsonObject(0);
        assertEquals("create", create.getString("action"));
        assertEquals("application", create.getJsonObject("actor").getString("role"));
        assertTrue(create.getJsonObject("actor").getString("name").startsWith("Open311 · "));
        TestServer.Response reveal = server.post("/api/v1/work-orders/" + order.getLong("id") + "/contact",
                orders.token("operator"), new JsonObject().put("reason", "callback").encode());
        assertEquals(200, reveal.status(), reveal.body());
        assertEquals("zhangsan@example.com", reveal.json().getString("email"));
        assertEquals("13812345678", reveal.json().getString("phone"));

        JsonObject r = one(format, id);
        assertEquals("open", r.getString("status"));
        assertEquals("已受理，待派单", r.getString("status_notes"));
        assertEquals("020101", r.getString("service_code"));
        assertEquals("施工噪声", r.getString("service_name"));
        assertEquals("江北区滨江街道滨江路88号", r.getString("address"));
        assertEquals("https://img.example.com/p/1.jpg", r.getString("media_url"));
        assertEquals("30.5928", String.valueOf(r.getValue("lat")));
        assertEquals("114.3055", String.valueOf(r.getValue("long")));
        assertTrue(r.getString("requested_datetime").endsWith("+08:00"), "ISO 8601 with the centre's offset");
        assertEquals(Instant.parse(order.getString("createdAt")).truncatedTo(ChronoUnit.SECONDS),
                instant(r.getString("requested_datetime")));
        assertEquals("", String.valueOf(text(r.getValue("agency_responsible"))), "no unit before dispatch");
        assertEquals("", String.valueOf(text(r.getValue("expected_datetime"))));
        assertFalse(r.encode().contains("13812345678") || r.encode().contains("zhangsan"),
                "who filed it is never published");
        sameInBothFormats("requests/" + id, null);
    }

    @Test
    @DisplayName("05 staff handle it like any order — dispatch, sign, reply, approve, callback — and Open311 follows")
    void progressShowsThroughTheApi() {
        String id = file("json", request("100402", "滨江路88号门口的路灯连续三晚不亮，晚上很黑。"));
        JsonObject order = staffOrder("dispatcher", id);

        order = orders.act("dispatcher", order, "dispatch", new JsonObject().put("leadUnitId", orders.unit("cgj")));
        JsonObject r = one("xml", id);
        assertEquals("open", r.getString("status"));
        assertEquals("江城市城市管理局", r.getString("agency_responsible"), "the lead unit");
        assertEquals("已派至江城市城市管理局，待签收", r.getString("status_notes"));
        Instant handle = Instant.parse(order.getJsonObject("deadlines").getString("handle"));
        assertEquals(handle.truncatedTo(ChronoUnit.SECONDS), instant(r.getString("expected_datetime")),
                "expected_datetime is the handle deadline");
        assertEquals(handle.truncatedTo(ChronoUnit.SECONDS), instant(one("json", id).getString("expected_datetime")));

        order = orders.act("handler-cgj", orders.get("handler-cgj", order.getLong("id")), "sign", null);
        assertEquals("江城市城市管理局办理中", one("json", id).getString("status_notes"));
        order = orders.act("handler-cgj", order, "reply", new JsonObject().put("text", "已更换路灯灯泡，恢复照明。"));
        assertEquals("江城市城市管理局已答复，热线中心审核中", one("xml", id).getString("status_notes"));
        order = orders.act("reviewer", orders.get("reviewer", order.getLong("id")), "approve-reply", null);
        assertEquals("open", one("json", id).getString("status"), "waiting for the callback is still open");
        order = orders.act("reviewer", order, "callback", new JsonObject().put("resolved", true)
                .put("satisfaction", "satisfied"));
        assertEquals("CLOSED", order.getString("status"));

        for (String format : List.of("xml", "json")) {
            r = one(format, id);
            assertEquals("closed", r.getString("status"));
            assertEquals("已办结（江城市城市管理局）", r.getString("status_notes"));
            assertEquals(Instant.parse(order.getString("closedAt")).truncatedTo(ChronoUnit.SECONDS),
                    instant(r.getString("updated_datetime")), "updated_datetime of a closed request: when it closed");
            assertFalse(r.encode().contains("灯泡"), "the unit's reply text is not published");
        }
        Answer closed = get("requests", "json", "status=closed&service_code=100402");
        assertTrue(closed.array().stream().anyMatch(o -> id.equals(((JsonObject) o).getString("service_request_id"))));
        Answer open = get("requests", "json", "status=open&service_code=100402");
        assertTrue(open.array().stream().noneMatch(o -> id.equals(((JsonObject) o).getString("service_request_id"))));
    }

    @Test
    @DisplayName("05b a duplicate merged into another order reads closed, and follows it when that one closes")
    void duplicates() {
        Map<String, Object> report = request("100403", "滨江路88号门口井盖缺失，很危险。");
        report.put("attribute[hazard]", "danger");
        Map<String, Object> again = request("100403", "滨江路88号井盖不见了。");
        again.put("attribute[hazard]", "no_danger");
        String parentId = file("xml", report);
        String childId = file("json", again);
        JsonObject parent = staffOrder("operator", parentId);
        JsonObject child = staffOrder("operator", childId);
        orders.act("operator", child, "merge", new JsonObject().put("parentId", parent.getLong("id")));
        JsonObject merged = one("json", childId);
        assertEquals("closed", merged.getString("status"));
        assertEquals("重复诉求，已并入同一问题的工单一并办理", merged.getString("status_notes"));
        assertEquals("open", one("json", parentId).getString("status"));
        orders.act("operator", parent, "answer-directly", new JsonObject().put("text", "已通知养护单位补装井盖。"));
        assertEquals("热线中心已直接答复，办结", one("xml", parentId).getString("status_notes"));
        assertEquals("重复诉求，已随同一问题的工单办结", one("xml", childId).getString("status_notes"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    @DisplayName("06 GET requests: ids (overriding the rest), service codes, statuses and dates; newest first")
    void listFilters(String format) {
        String a = file(format, request("100401", "滨江路路面有一个大坑，雨天积水。"));
        String b = file(format, request("100401", "滨江路另一处路面破损，电动车易摔倒。"));
        String other = file(format, request("030302", "小区门口长期有车违章停车，堵住消防通道。"));

        Answer ids = get("requests", format, "service_request_id=" + a + "," + b + ",GD19990101999999"
                + "&service_code=030302&status=closed");
        assertEquals(200, ids.status(), ids.body());
        if (format.equals("xml")) {
            assertEquals("service_requests", ids.root());
        }
        List<String> found = ids.array().stream().map(o -> ((JsonObject) o).getString("service_request_id")).toList();
        assertEquals(List.of(b, a), found, "the ids asked for, newest first; unknown ids are left out");

        Answer byCode = get("requests", format, "service_code=100401,030302&status=open&jurisdiction_id="
                + JURISDICTION);
        List<String> codes = byCode.array().stream().map(o -> ((JsonObject) o).getString("service_request_id"))
                .toList();
        assertTrue(codes.containsAll(List.of(a, b, other)), codes.toString());
        for (Object o : byCode.array()) {
            assertEquals(REQUEST, keys((JsonObject) o));
            assertEquals("open", ((JsonObject) o).getString("status"));
        }

        String now = OffsetDateTime.now().plusMinutes(1).toString();
        String dayBefore = OffsetDateTime.now().minusDays(1).toString();
        Answer range = get("requests", format, "start_date=" + enc(dayBefore) + "&end_date=" + enc(now)
                + "&service_code=030302");
        assertTrue(range.array().stream().anyMatch(o -> other.equals(((JsonObject) o).getString("service_request_id"))));
        Answer past = get("requests", format, "start_date=2020-01-01T00:00:00Z&end_date=2020-03-01T00:00:00%2B08:00");
        assertEquals(200, past.status(), past.body());
        assertEquals(0, past.array().size());
        if (format.equals("xml")) {
            assertTrue(past.body().contains("<service_requests/>"), past.body());
        } else {
            assertEquals("[]", past.body());
        }
        sameInBothFormats("requests", "service_request_id=" + a + "," + b);
    }

    @Test
    @DisplayName("07 only requests filed here are published: orders staff took in, on any channel, are not found")
    void staffOrdersStayPrivate() {
        JsonObject phone = orders.create("operator", orders.complaint("邻居家装修噪声，晚上十点还在施工。"));
        JsonObject typed = orders.create("operator", orders.complaint("市民在应用里反映的问题，由话务员录入。")
                .put("channel", "open311"));
        for (JsonObject o : List.of(phone, typed)) {
            assertError(get("requests/" + o.getString("number"), "xml", null), 404, "not found");
            assertEquals(0, get("requests", "json", "service_request_id=" + o.getString("number")).array().size());
        }
        assertTrue(get("requests", "json", null).array().stream()
                .noneMatch(o -> typed.getString("number").equals(((JsonObject) o).getString("service_request_id"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    @DisplayName("08 markup in any field is stored and answered as text, never as markup")
    void markupIsText(String format) {
        String evil = "<script>alert('x')</script><b>路灯</b> & \"引号\"";
        Map<String, Object> f = request("100402", evil);
        f.put("address_string", "<img src=x onerror=alert(1)>滨江路");
        f.put("attribute[pole_no]", "<i>JB-0042</i>");
        String id = file(format, f);
        JsonObject r = one(format, id);
        assertTrue(r.getString("description").startsWith(evil), r.getString("description"));
        assertEquals("<img src=x onerror=alert(1)>滨江路", r.getString("address"));
        if (format.equals("xml")) {
            String body = get("requests/" + id, "xml", null).body();
            assertFalse(body.contains("<script>") || body.contains("<img") || body.contains("<i>"), body);
            assertTrue(body.contains("&lt;script&gt;"), body);
        }
        JsonObject order = staffOrder("operator", id);
        assertTrue(order.getString("content").startsWith(evil), "kept exactly as typed, as text");
        assertTrue(order.getString("content").contains("<i>JB-0042</i>"));
    }

    // ------------------------------------------------------------------ the documented errors

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    @DisplayName("09 403: POST without api_key, with a wrong one, or with a revoked one")
    void forbidden(String format) {
        Map<String, Object> f = request("100402", "路灯不亮");
        f.remove("api_key");
        assertError(post(format, f), 403, "api_key");
        f.put("api_key", "not-a-key");
        assertError(post(format, f), 403, "Invalid api_key");

        TestServer.Response created = server.post("/api/v1/open311/clients", orders.token("admin"),
                new JsonObject().put("name", "测试应用 " + format).encode());
        f.put("api_key", created.json().getString("apiKey"));
        assertEquals(200, post(format, f).status());
        long clientId = created.json().getLong("id");
        assertEquals(204, server.send(server.request("/api/v1/open311/clients/" + clientId, orders.token("admin"))
                .DELETE().build()).status());
        assertError(post(format, f), 403, "Invalid api_key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    @DisplayName("10 400: missing service_code or location, wrong types, oversized fields, bad attributes; one error each")
    void badRequests(String format) {
        Map<String, Object> f = request("100402", "路灯不亮");
        f.remove("service_code");
        assertError(post(format, f), 400, "service_code");

        f = request("100402", "路灯不亮");
        f.remove("lat");
        f.remove("long");
        f.remove("address_string");
        assertError(post(format, f), 400, "location");

        f = request("100402", "路灯不亮");
        f.remove("long");
        f.put("lat", "north");
        f.put("email", "not-an-address");
        f.put("media_url", "javascript:alert(1)");
        f.put("description", "长".repeat(RequestForm.MAX_DESCRIPTION + 1));
        Answer many = post(format, f);
        assertError(many, 400, "lat");
        List<String> all = many.array().stream().map(o -> ((JsonObject) o).getString("description")).toList();
        for (String field : List.of("lat:", "long:", "email:", "media_url:", "description:")) {
            assertTrue(all.stream().anyMatch(d -> d.startsWith(field)), field + " in " + all);
        }

        f = request("100501", "小区里有人遛狗不拴绳");
        assertError(post(format, f), 400, "attribute[behaviour]: required");
        f.put("attribute[behaviour][]", List.of("unleashed", "flying"));
        assertError(post(format, f), 400, "'flying' is not one of");
        f.put("attribute[behaviour][]", List.of("unleashed", "waste"));
        f.put("attribute[colour]", "黑色");
        assertError(post(format, f), 400, "no such attribute");
        f.remove("attribute[colour]");
        assertEquals(200, post(format, f).status(), "a multivaluelist with two choices");

        f = request("110401", "暖气不热");
        f.put("attribute[indoor_temp]", "cold");
        assertError(post(format, f), 400, "attribute[indoor_temp]: a number");

        f = request("100402", "路灯不亮");
        f.put("address_id", "NOWHERE");
        assertError(post(format, f), 400, "address_id");

        TestServer.Response json = server.send(server.request(BASE + "/requests." + format, null)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"api_key\":\"" + KEY + "\"}")).build());
        assertError(read(format, json), 400, "x-www-form-urlencoded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    @DisplayName("11 404: unknown service, request, token, jurisdiction or resource")
    void notFound(String format) {
        assertError(post(format, request("999999", "不存在的类别")), 404, "service_code 999999");
        assertError(post(format, request("02", "一级分类不是服务")), 404, "service_code 02");
        assertError(get("services/999999", format, null), 404, "service_code 999999");
        assertError(get("requests/GD19990101999999", format, null), 404, "GD19990101999999");
        assertError(get("requests", format, "service_code=999999"), 404, "service_code 999999");
        assertError(get("tokens/abc123", format, null), 404, "token abc123");
        for (String resource : List.of("discovery", "services", "services/100402", "requests",
                "requests/GD19990101999999", "tokens/abc123")) {
            assertError(get(resource, format, "jurisdiction_id=elsewhere.gov"), 404, "jurisdiction_id elsewhere.gov");
        }
        Map<String, Object> f = request("100402", "路灯不亮");
        f.put("jurisdiction_id", "elsewhere.gov");
        assertError(post(format, f), 404, "jurisdiction_id");
        assertError(get("nothing", format, null), 404, "no Open311 resource");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    @DisplayName("11b 400: a service_code, service_request_id or token left out of the path was not provided")
    void notProvided(String format) {
        assertError(get("services/", format, null), 400, "service_code was not provided");
        assertError(get("requests/", format, null), 400, "service_request_id was not provided");
        assertError(get("tokens/", format, null), 400, "token was not provided");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    @DisplayName("12 the 90-day limit: a longer range, a reversed one, or a date without its time zone is a 400")
    void dateRange(String format) {
        assertError(get("requests", format, "start_date=2026-01-01T00:00:00Z&end_date=2026-04-02T00:00:00Z"), 400,
                "90 days");
        assertEquals(200, get("requests", format, "start_date=2026-01-01T00:00:00Z&end_date=2026-03-31T00:00:00Z")
                .status(), "exactly 89 days is fine");
        assertError(get("requests", format, "start_date=2026-03-01T00:00:00Z&end_date=2026-02-01T00:00:00Z"), 400,
                "before start_date");
        assertError(get("requests", format, "start_date=2026-03-01T00:00:00"), 400, "start_date");
        assertError(get("requests", format, "status=pending"), 400, "status");
    }

    @Test
    @DisplayName("13 formats and sizes: an unknown format, a wrong method, a 4,000-character description, a huge form")
    void formatsAndSizes() {
        assertError(read("xml", server.get(BASE + "/services.csv", null)), 400, "Unknown format");
        TestServer.Response delete = server.send(server.request(BASE + "/requests.json", null).DELETE().build());
        assertError(read("json", delete), 405, "not allowed");

        String longest = "路灯不亮".repeat(RequestForm.MAX_DESCRIPTION / 4);
        String id = file("json", request("100402", longest));
        assertEquals(longest, one("json", id).getString("description"));

        Map<String, Object> huge = request("100402", "路灯不亮");
        huge.put("padding", "x".repeat(Open311Routes.MAX_FORM_BYTES));
        Answer tooLarge = post("xml", huge);
        assertError(tooLarge, 413, "larger");
    }

    // ------------------------------------------------------------------ client keys (staff API)

    @Test
    @DisplayName("14 admins manage client keys: shown once, listed without the key, revoked; audited; admins only")
    void clientKeys() {
        String admin = orders.token("admin");
        assertEquals(403, server.post("/api/v1/open311/clients", orders.token("dispatcher"),
                new JsonObject().put("name", "x").encode()).status());
        assertEquals(403, server.get("/api/v1/open311/clients", orders.token("leader")).status());
        TestServer.Response created = server.post("/api/v1/open311/clients", admin,
                new JsonObject().put("name", "江城通 App").encode());
        assertEquals(201, created.status(), created.body());
        String key = created.json().getString("apiKey");
        assertTrue(key.startsWith("o311_") && key.length() > 40, key);
        file("xml", new LinkedHashMap<>(Map.of("api_key", key, "service_code", "100402", "address_string", "新华路1号",
                "description", "路灯不亮")));

        TestServer.Response list = server.get("/api/v1/open311/clients", admin);
        assertEquals(200, list.status());
        assertFalse(list.body().contains(key), "the key is never shown again");
        JsonObject mine = list.json().getJsonArray("items").stream().map(JsonObject.class::cast)
                .filter(c -> c.getLong("id").equals(created.json().getLong("id"))).findFirst().orElseThrow();
        assertEquals("admin", mine.getString("createdBy"));
        assertEquals(1L, mine.getLong("requests"));
        assertNotNull(mine.getString("lastRequestAt"));
        JsonObject demo = list.json().getJsonArray("items").getJsonObject(0);
        assertTrue(demo.getString("name").contains("demo"), "start-dev's demo client is there");

        long id = created.json().getLong("id");
        assertEquals(204, server.send(server.request("/api/v1/open311/clients/" + id, admin).DELETE().build())
                .status());
        assertEquals(204, server.send(server.request("/api/v1/open311/clients/" + id, admin).DELETE().build())
                .status(), "revoking again changes nothing");
        assertEquals(404, server.send(server.request("/api/v1/open311/clients/999999", admin).DELETE().build())
                .status());
        JsonArray audit = server.get("/api/v1/audit?limit=50", admin).json().getJsonArray("items");
        List<JsonObject> mineAudited = audit.stream().map(JsonObject.class::cast)
                .filter(o -> String.valueOf(id).equals(o.getString("objectId"))
                        && String.valueOf(o.getString("action")).startsWith("open311_client_")).toList();
        assertEquals(List.of("open311_client_revoked", "open311_client_created"),
                mineAudited.stream().map(o -> o.getString("action")).toList(), "created, then revoked once");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
