package org.hotline.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;

/** Work-order calls over HTTP for scenario tests, and lookups of the demo city's ids by code. */
public final class Orders {

    private final TestServer server;
    private final Map<String, String> tokens = new HashMap<>();
    private Map<String, Long> units;
    private Map<String, Long> categories;
    private Map<String, Long> areas;

    public Orders(TestServer server) {
        this.server = server;
    }

    public String token(String username) {
        return tokens.computeIfAbsent(username, u -> server.login(u, "demo"));
    }

    public long unit(String code) {
        if (units == null) {
            units = index(server.get("/api/v1/units", token("admin")).json().getJsonArray("items"));
        }
        return units.get(code);
    }

    public long category(String code) {
        if (categories == null) {
            categories = index(server.get("/api/v1/categories", token("admin")).json().getJsonArray("items"));
        }
        return categories.get(code);
    }

    public long area(String code) {
        if (areas == null) {
            areas = index(server.get("/api/v1/areas", token("admin")).json().getJsonArray("items"));
        }
        return areas.get(code);
    }

    private static Map<String, Long> index(JsonArray nodes) {
        Map<String, Long> out = new HashMap<>();
        walk(nodes, out);
        return out;
    }

    private static void walk(JsonArray nodes, Map<String, Long> out) {
        for (Object o : nodes) {
            JsonObject n = (JsonObject) o;
            out.put(n.getString("code"), n.getLong("id"));
            JsonArray c = n.getJsonArray("children");
            if (c != null) {
                walk(c, out);
            }
        }
    }

    /** A typical complaint body about noise in 江北区滨江街道. */
    public JsonObject complaint(String content) {
        return new JsonObject()
                .put("channel", "phone").put("type", "complaint").put("urgency", "normal")
                .put("categoryId", category("020101")).put("areaId", area("JC0101"))
                .put("address", "江北区滨江花园3栋").put("content", content)
                .put("citizen", new JsonObject().put("name", "张三丰").put("phone", "13812345678"));
    }

    public TestServer.Response createRaw(String user, JsonObject body) {
        return server.post("/api/v1/work-orders", token(user), body.encode());
    }

    public JsonObject create(String user, JsonObject body) {
        TestServer.Response r = createRaw(user, body);
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    public TestServer.Response actRaw(String user, long id, String action, int version, JsonObject body) {
        return server.send(server.request("/api/v1/work-orders/" + id + "/actions/" + action, token(user))
                .header("Content-Type", "application/json").header("If-Match", "\"" + version + "\"")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : body.encode())).build());
    }

    /** Performs the action at the order's current version and expects success. */
    public JsonObject act(String user, JsonObject order, String action, JsonObject body) {
        TestServer.Response r = actRaw(user, order.getLong("id"), action, order.getInteger("version"), body);
        assertEquals(200, r.status(), user + " " + action + ": " + r.body());
        return r.json();
    }

    public JsonObject get(String user, long id) {
        TestServer.Response r = server.get("/api/v1/work-orders/" + id, token(user));
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    public TestServer server() {
        return server;
    }
}
