package org.hotline.assist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** The desk's assistants over HTTP: history import, dispatch suggestions with reasons, similar orders, merge, links. */
@Tag("storage")
class AssistTest {

    static TestServer server;
    static Orders orders;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        orders = new Orders(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonObject history(String content, String category, String unit, int daysAgo) {
        Instant t = Instant.now().minus(daysAgo, ChronoUnit.DAYS);
        return new JsonObject().put("createdAt", t.toString()).put("closedAt", t.plus(2, ChronoUnit.DAYS).toString())
                .put("content", content).put("category", category).put("leadUnit", unit)
                .put("reply", "已处理并答复来电人。");
    }

    @Test
    @DisplayName("imported history feeds dispatch suggestions at once, with reasons from history and the catalogue; "
            + "a bad import names each bad field and writes nothing")
    void importAndDispatch() {
        String admin = orders.token("admin");
        JsonArray bad = new JsonArray()
                .add(history("小区电梯经常困人", "010101", "jiangbei", 400))
                .add(history("没有分类", "不存在的分类", "jiangbei", 400))
                .add(history("单位不对", "010101", "nobody", 400).put("createdAt", "昨天"));
        TestServer.Response r = server.post("/api/v1/work-orders/import", admin, bad.encode());
        assertEquals(400, r.status());
        List<String> fields = r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field"))
                .toList();
        assertTrue(fields.containsAll(List.of("[1].category", "[2].leadUnit", "[2].createdAt")), fields.toString());

        JsonArray good = new JsonArray();
        String[] smells = {"楼下烧烤店油烟直排熏得家里没法开窗", "小区门口饭店油烟机对着居民楼排烟", "餐馆油烟太大呛人晚上睡不着",
            "烧烤摊油烟扰民要求安装油烟净化器", "楼下新开的火锅店排油烟管道对着窗户"};
        for (int i = 0; i < smells.length; i++) {
            good.add(history("市民来电反映：" + smells[i], "020201", "sthjj", 300 + i));
        }
        good.add(history("市民来电反映：公交车到站不停，司机态度差", "030101", "bus", 200));
        good.add(history("网友留言：新开的小吃店油烟大", "环境保护/大气污染/夜市油烟（迁移）", "cgj", 100));
        r = server.post("/api/v1/work-orders/import", admin, new JsonObject().put("orders", good)
                .put("createMissingCategories", true).encode());
        assertEquals(200, r.status(), r.body());
        assertEquals(7, r.json().getInteger("imported"));
        assertEquals(List.of("环境保护/大气污染/夜市油烟（迁移）"), r.json().getJsonArray("createdCategories").getList());
        long imported = r.json().getJsonArray("ids").getLong(0);
        assertEquals("CLOSED", orders.get("dispatcher", imported).getString("status"));

        JsonObject advice = server.post("/api/v1/assist/dispatch", orders.token("operator"), new JsonObject()
                .put("content", "楼下饭店油烟很大，熏得窗户都不敢开").put("address", "江北区滨江街道").encode()).json();
        JsonObject top = advice.getJsonArray("categories").getJsonObject(0);
        assertEquals("020201", top.getString("code"), advice.encodePrettily());
        assertTrue(top.getJsonArray("reasons").getJsonObject(0).getString("text")
                .matches("\\d+ of the \\d+ most similar closed orders"), top.encode());
        JsonObject unit = advice.getJsonArray("units").getJsonObject(0);
        assertEquals("sthjj", unit.getString("code"), advice.encodePrettily());
        assertTrue(unit.getJsonArray("reasons").stream().map(x -> ((JsonObject) x).getString("text"))
                .anyMatch(t -> t.contains("most similar closed orders went to")), unit.encode());
        assertTrue(unit.getJsonArray("reasons").stream().map(x -> ((JsonObject) x).getString("kind"))
                .anyMatch("catalogue"::equals), "the catalogue agrees and says so: " + unit.encode());
        assertNotNull(advice.getJsonObject("area"), "the area is read from the address");
    }

    @Test
    @DisplayName("similar orders: same caller, nearby, similar words — each with its reason; an unrelated order at the "
            + "same address is not a duplicate")
    void similarOrders() {
        JsonObject first = orders.create("operator", orders.complaint("华府小区东门的路灯坏了一个多月，晚上一片漆黑，老人走路摔倒")
                .put("address", "江北区华府小区东门").put("latitude", 30.5801).put("longitude", 114.3001)
                .put("citizen", new JsonObject().put("name", "李四").put("phone", "13900001111")));
        JsonObject unrelated = orders.create("operator", orders.complaint("华府小区东门有人占道摆摊卖水果")
                .put("address", "江北区华府小区东门")
                .put("citizen", new JsonObject().put("name", "王五").put("phone", "13900002222")));
        server.hotline().orderSearch().catchUp();

        JsonArray items = server.post("/api/v1/assist/similar", orders.token("operator"), new JsonObject()
                .put("content", "华府小区东门路灯不亮，晚上很黑").put("address", "江北区华府小区东门")
                .put("latitude", 30.5805).put("longitude", 114.3003).put("phone", "139-0000-1111").encode())
                .json().getJsonArray("items");
        JsonObject hit = items.stream().map(o -> (JsonObject) o).filter(o -> o.getLong("id").equals(first.getLong("id")))
                .findFirst().orElseThrow(() -> new AssertionError(items.encodePrettily()));
        List<String> kinds = hit.getJsonArray("reasons").stream().map(x -> ((JsonObject) x).getString("kind")).toList();
        assertTrue(kinds.containsAll(List.of("same-caller", "nearby", "similar-text")), kinds.toString());
        assertTrue(hit.getBoolean("canMergeInto"));
        assertFalse(items.stream().anyMatch(o -> ((JsonObject) o).getLong("id").equals(unrelated.getLong("id"))),
                "a fruit stall at the same gate is not the same problem: " + items.encodePrettily());

        // One click on the desk: merge the new call into the earlier order — and take it back.
        JsonObject dup = orders.create("operator", orders.complaint("华府小区东门路灯不亮，晚上很黑"));
        JsonObject merged = orders.act("operator", dup, "merge", new JsonObject().put("parentId", first.getLong("id")));
        assertEquals("MERGED", merged.getString("status"));
        JsonObject back = orders.act("operator", merged, "unmerge", null);
        assertEquals("ACCEPTED", back.getString("status"));

        // Or link them: both orders show it, both timelines record it, and it can be removed.
        String op = orders.token("operator");
        TestServer.Response linked = server.post("/api/v1/work-orders/" + dup.getLong("id") + "/links", op,
                new JsonObject().put("orderId", first.getLong("id")).encode());
        assertEquals(200, linked.status(), linked.body());
        assertEquals(first.getLong("id"), linked.json().getJsonArray("links").getJsonObject(0).getLong("id"));
        JsonObject other = orders.get("operator", first.getLong("id"));
        assertEquals(dup.getLong("id"), other.getJsonArray("links").getJsonObject(0).getLong("id"));
        assertTrue(other.getJsonArray("timeline").stream().anyMatch(e -> "linked".equals(((JsonObject) e)
                .getString("action"))));
        TestServer.Response unlinked = server.send(server.request("/api/v1/work-orders/" + first.getLong("id")
                + "/links/" + dup.getLong("id"), op).DELETE().build());
        assertEquals(200, unlinked.status(), unlinked.body());
        assertTrue(unlinked.json().getJsonArray("links").isEmpty());
    }
}
