package org.hotline.workorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every action × every role × own / other / co-handling unit, against the documented table: the centre's roles as
 * listed per action; the handling unit (江北区) for its own actions; a co-handler (水务集团) for its opinion; any
 * other unit (住建局) never even learns the order exists (404); admins do not work orders at all.
 */
@Tag("storage")
class ActionMatrixTest {

    static TestServer server;
    static Orders orders;

    /** Who tries, by the capacity they have towards the order. */
    static final Map<String, String> CALLERS = new LinkedHashMap<>();

    static {
        CALLERS.put("operator", "operator");
        CALLERS.put("dispatcher", "dispatcher");
        CALLERS.put("reviewer", "reviewer");
        CALLERS.put("supervisor", "supervisor");
        CALLERS.put("leader", "leader");
        CALLERS.put("admin", "admin");
        CALLERS.put("own-handler", "handler-jiangbei");
        CALLERS.put("own-admin", "unitadmin-jiangbei");
        CALLERS.put("co-handler", "handler-water");
        CALLERS.put("other-handler", "handler-zjj");
        CALLERS.put("other-admin", "unitadmin-zjj");
    }

    /** The documented table: which callers succeed at which action. Everyone else is refused. */
    static final Map<String, Set<String>> SUCCEEDS = new LinkedHashMap<>();

    static {
        SUCCEEDS.put("answer-directly", Set.of("operator"));
        SUCCEEDS.put("dispatch", Set.of("operator", "dispatcher", "reviewer"));
        SUCCEEDS.put("merge", Set.of("operator", "dispatcher"));
        SUCCEEDS.put("unmerge", Set.of("operator", "dispatcher"));
        SUCCEEDS.put("urge", Set.of("operator", "dispatcher", "reviewer", "supervisor", "leader"));
        SUCCEEDS.put("transfer", Set.of("dispatcher", "reviewer"));
        SUCCEEDS.put("approve-return", Set.of("dispatcher", "reviewer"));
        SUCCEEDS.put("reject-return", Set.of("dispatcher", "reviewer"));
        SUCCEEDS.put("approve-extension", Set.of("dispatcher", "reviewer"));
        SUCCEEDS.put("reject-extension", Set.of("dispatcher", "reviewer"));
        SUCCEEDS.put("approve-reply", Set.of("dispatcher", "reviewer"));
        SUCCEEDS.put("reject-reply", Set.of("dispatcher", "reviewer"));
        SUCCEEDS.put("reopen", Set.of("dispatcher", "reviewer"));
        SUCCEEDS.put("callback", Set.of("reviewer"));
        SUCCEEDS.put("sign", Set.of("own-handler", "own-admin"));
        SUCCEEDS.put("return", Set.of("own-handler", "own-admin"));
        SUCCEEDS.put("request-extension", Set.of("own-handler", "own-admin"));
        SUCCEEDS.put("suspend", Set.of("own-handler", "own-admin"));
        SUCCEEDS.put("resume", Set.of("own-handler", "own-admin"));
        SUCCEEDS.put("reply", Set.of("own-handler", "own-admin"));
        SUCCEEDS.put("sub-dispatch", Set.of("own-handler", "own-admin"));
        SUCCEEDS.put("assign", Set.of("own-admin"));
        SUCCEEDS.put("co-reply", Set.of("co-handler"));
    }

    static long colleagueId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        orders = new Orders(server);
        colleagueId = server.get("/api/v1/auth/me", orders.token("handler-jiangbei")).json().getJsonObject("user")
                .getLong("id");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An order in a status where {@code action} is allowed: lead 江北区, co-handler 水务集团. */
    static JsonObject fixture(String action) {
        JsonObject o = orders.create("operator", orders.complaint("权限矩阵测试：" + action));
        switch (action) {
            case "answer-directly", "dispatch", "merge" -> {
                return o;
            }
            case "unmerge" -> {
                JsonObject parent = orders.create("operator", orders.complaint("父工单"));
                return orders.act("operator", o, "merge", new JsonObject().put("parentId", parent.getLong("id")));
            }
            case "reopen" -> {
                return orders.act("operator", o, "answer-directly", new JsonObject().put("text", "已答复"));
            }
            default -> { }
        }
        o = orders.act("dispatcher", o, "dispatch", new JsonObject().put("leadUnitId", orders.unit("jiangbei"))
                .put("coUnitIds", new JsonArray().add(orders.unit("water"))));
        switch (action) {
            case "urge", "transfer", "sign", "return", "assign", "co-reply" -> {
                return o;
            }
            default -> { }
        }
        o = orders.act("handler-jiangbei", orders.get("handler-jiangbei", o.getLong("id")), "sign", null);
        switch (action) {
            case "request-extension", "suspend", "reply", "sub-dispatch" -> {
                return o;
            }
            case "resume" -> {
                return orders.act("handler-jiangbei", o, "suspend", new JsonObject().put("reason", "等待"));
            }
            case "approve-extension", "reject-extension" -> {
                return orders.act("handler-jiangbei", o, "request-extension",
                        new JsonObject().put("workingDays", 3).put("reason", "需要协调"));
            }
            case "approve-return", "reject-return" -> {
                return orders.act("handler-jiangbei", o, "return",
                        new JsonObject().put("reason", "other").put("text", "测试退单"));
            }
            default -> { }
        }
        o = orders.act("handler-jiangbei", o, "reply", new JsonObject().put("text", "已办结"));
        if (action.equals("approve-reply") || action.equals("reject-reply")) {
            return o;
        }
        o = orders.act("reviewer", orders.get("reviewer", o.getLong("id")), "approve-reply", null);
        if (action.equals("callback")) {
            return o;
        }
        throw new IllegalArgumentException(action);
    }

    static JsonObject body(String action, JsonObject order) {
        return switch (action) {
            case "answer-directly", "reply", "co-reply" -> new JsonObject().put("text", "答复内容");
            case "dispatch" -> new JsonObject().put("leadUnitId", orders.unit("jiangbei"));
            case "transfer" -> new JsonObject().put("leadUnitId", orders.unit("cgj")).put("reason", "转城管局");
            case "merge" -> new JsonObject().put("parentId", orders.create("operator",
                    orders.complaint("并单目标")).getLong("id"));
            case "return" -> new JsonObject().put("reason", "wrong_area").put("text", "不属本区");
            case "request-extension" -> new JsonObject().put("workingDays", 2).put("reason", "需要时间");
            case "suspend", "reject-return", "reject-extension", "reject-reply", "reopen" ->
                    new JsonObject().put("reason", "理由");
            case "sub-dispatch" -> new JsonObject().put("unitId", orders.unit("jiangbei-binjiang"));
            case "assign" -> new JsonObject().put("userId", colleagueId);
            case "callback" -> new JsonObject().put("resolved", true).put("satisfaction", "satisfied");
            default -> new JsonObject();
        };
    }

    /** Fixtures that never reached a unit: no unit may see them. */
    static final Set<String> CENTRE_ONLY_FIXTURES = Set.of("answer-directly", "dispatch", "merge", "unmerge", "reopen");

    static int expected(String action, String caller) {
        if (SUCCEEDS.get(action).contains(caller)) {
            return 200;
        }
        boolean unit = caller.startsWith("own-") || caller.startsWith("co-") || caller.startsWith("other-");
        // A unit that has nothing to do with the order must not learn it exists.
        if (caller.startsWith("other-") || unit && CENTRE_ONLY_FIXTURES.contains(action)) {
            return 404;
        }
        return 403;
    }

    @Test
    @DisplayName("23 actions × 11 callers: exactly the documented answers, and a refused call changes nothing")
    void matrix() {
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (String action : SUCCEEDS.keySet()) {
            JsonObject shared = fixture(action);
            for (var caller : CALLERS.entrySet()) {
                int want = expected(action, caller.getKey());
                JsonObject order = want == 200 ? fixture(action) : shared;
                int got = orders.actRaw(caller.getValue(), order.getLong("id"), action, order.getInteger("version"),
                        body(action, order)).status();
                calls++;
                if (got != want) {
                    wrong.add(action + " by " + caller.getKey() + ": " + got + " (expected " + want + ")");
                }
            }
            int version = orders.get("dispatcher", shared.getLong("id")).getInteger("version");
            if (version != shared.getInteger("version")) {
                wrong.add(action + ": refused calls changed the order (version " + shared.getInteger("version")
                        + " → " + version + ")");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(SUCCEEDS.size() * CALLERS.size(), calls);
        System.out.println("[hotline-test] action matrix: " + calls + " action × caller combinations checked");
    }

    @Test
    @DisplayName("no other unit reads the order by id, list, search, inbox or caller history; the timeline neither")
    void otherUnitsSeeNothing() {
        JsonObject o = fixture("sign");
        String number = o.getString("number");
        String other = orders.token("handler-zjj");
        assertEquals(404, server.get("/api/v1/work-orders/" + o.getLong("id"), other).status());
        JsonObject list = server.get("/api/v1/work-orders?q=" + number + "&limit=200", other).json();
        assertEquals(0, list.getJsonArray("items").size(), list.encode());
        JsonObject all = server.get("/api/v1/work-orders?limit=200", other).json();
        assertTrue(all.getJsonArray("items").stream().map(JsonObject.class::cast)
                .noneMatch(i -> i.getLong("id").equals(o.getLong("id"))));
        assertEquals(403, server.get("/api/v1/citizens/orders?phone=13812345678", other).status());
        assertEquals(404, server.post("/api/v1/work-orders/" + o.getLong("id") + "/contact", other,
                "{\"reason\":\"contact_citizen\"}").status());
        // The handling unit sees it, with the citizen masked and no pickup code.
        JsonObject own = orders.get("handler-jiangbei", o.getLong("id"));
        assertEquals("张**", own.getJsonObject("citizen").getString("name"));
        assertEquals("138****5678", own.getJsonObject("citizen").getString("phone"));
        assertTrue(!own.containsKey("pickupCode"));
    }
}
