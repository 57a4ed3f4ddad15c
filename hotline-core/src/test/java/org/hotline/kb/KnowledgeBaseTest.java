package org.hotline.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The knowledge base end to end: review flow, versions, near-real-time search, import, synonyms, rebuild, usage. */
@Tag("storage")
class KnowledgeBaseTest {

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

    static JsonArray suggest(String q) {
        TestServer.Response r = server.get("/api/v1/kb/suggest?limit=5&q=" + URLEncoder.encode(q,
                StandardCharsets.UTF_8), orders.token("operator"));
        assertEquals(200, r.status(), r.body());
        return r.json().getJsonArray("items");
    }

    static boolean suggests(String q, long articleId) {
        return suggest(q).stream().anyMatch(o -> ((JsonObject) o).getLong("id") == articleId);
    }

    static LocalDate today() {
        return LocalDate.now(ZoneId.of("Asia/Shanghai"));
    }

    @Test
    @DisplayName("a unit drafts, the KB admin publishes; a revision stays out of search until approved, then replaces "
            + "the old text; every version is kept and the diff shows the changed sentence")
    void reviewFlowAndVersions() {
        String unit = orders.token("handler-water");
        JsonObject draft = new JsonObject().put("title", "二次供水水箱清洗时间安排（测试）")
                .put("question", "小区水箱多久清洗一次").put("category", "110103")
                .put("answer", "<p>二次供水水箱每半年清洗消毒一次。</p><p>清洗前三天在小区公告。</p>")
                .put("keywords", new JsonArray().add("水箱清洗"));
        TestServer.Response created = server.post("/api/v1/kb/articles", unit, draft.encode());
        assertEquals(201, created.status(), created.body());
        JsonObject a = created.json();
        long id = a.getLong("id");
        assertEquals("draft", a.getString("status"));
        assertEquals(orders.unit("water"), a.getLong("ownerUnitId"), "a unit's draft is its own");
        assertFalse(suggests("水箱清洗消毒", id), "a draft is not suggested");

        // The unit cannot publish itself, and cannot approve.
        assertEquals(403, server.post("/api/v1/kb/articles", unit, draft.copy().put("publish", true).encode())
                .status());
        assertEquals(200, server.post("/api/v1/kb/articles/" + id + "/actions/submit", unit, "{}").status());
        assertEquals(403, server.post("/api/v1/kb/articles/" + id + "/actions/approve", unit, "{}").status());
        // Another unit may not touch it.
        assertEquals(403, server.put("/api/v1/kb/articles/" + id, orders.token("handler-power"), draft.encode())
                .status());

        String kb = orders.token("kbadmin");
        TestServer.Response approved = server.post("/api/v1/kb/articles/" + id + "/actions/approve", kb, "{}");
        assertEquals(200, approved.status(), approved.body());
        assertEquals(1, approved.json().getInteger("publishedVersion"));
        assertTrue(suggests("水箱清洗消毒", id), "published: searchable when the answer returns");

        // The unit revises: a draft version 2; version 1 stays live.
        JsonObject v2 = draft.copy().put("answer", "<p>二次供水水箱每季度清洗消毒一次。</p><p>清洗前三天在小区公告。</p>")
                .put("note", "按新规改为每季度").put("expectedVersion", 1);
        TestServer.Response revised = server.put("/api/v1/kb/articles/" + id, unit, v2.encode());
        assertEquals(200, revised.status(), revised.body());
        assertEquals(2, revised.json().getInteger("latestVersion"));
        assertEquals(1, revised.json().getInteger("publishedVersion"));
        assertTrue(suggest("水箱清洗").stream().map(o -> ((JsonObject) o)).filter(o -> o.getLong("id") == id)
                .anyMatch(o -> o.getString("snippet").contains("半年")), "the live answer is still version 1");
        // A stale edit is refused.
        assertEquals(409, server.put("/api/v1/kb/articles/" + id, unit, v2.encode()).status());

        // Rejected with a reason, revised again, approved.
        assertEquals(400, server.post("/api/v1/kb/articles/" + id + "/actions/reject", kb, "{}").status(),
                "a rejection says why");
        server.post("/api/v1/kb/articles/" + id + "/actions/submit", unit, "{}");
        TestServer.Response rejected = server.post("/api/v1/kb/articles/" + id + "/actions/reject", kb,
                new JsonObject().put("note", "请注明依据").encode());
        assertEquals(200, rejected.status(), rejected.body());
        assertEquals("draft", rejected.json().getString("status"));
        server.put("/api/v1/kb/articles/" + id, unit, v2.copy().put("expectedVersion", 2)
                .put("answer", "<p>依据市水务局规定，二次供水水箱每季度清洗消毒一次。</p><p>清洗前三天在小区公告。</p>").encode());
        server.post("/api/v1/kb/articles/" + id + "/actions/submit", unit, "{}");
        assertEquals(200, server.post("/api/v1/kb/articles/" + id + "/actions/approve", kb, "{}").status());
        assertTrue(suggest("水箱清洗").stream().map(o -> ((JsonObject) o)).filter(o -> o.getLong("id") == id)
                .anyMatch(o -> o.getString("snippet").contains("每季度")), "the approved version is live");

        JsonArray versions = server.get("/api/v1/kb/articles/" + id + "/versions", unit).json().getJsonArray("items");
        assertEquals(3, versions.size());
        assertEquals(List.of("published", "rejected", "superseded"), versions.stream()
                .map(v -> ((JsonObject) v).getString("status")).toList());
        assertEquals("请注明依据", versions.getJsonObject(1).getString("note"));

        JsonObject diff = server.get("/api/v1/kb/articles/" + id + "/diff?from=1&to=3", unit).json();
        JsonObject answer = diff.getJsonArray("changes").stream().map(c -> (JsonObject) c)
                .filter(c -> c.getString("field").equals("answer")).findFirst().orElseThrow();
        JsonArray parts = answer.getJsonArray("parts");
        assertTrue(parts.stream().map(p -> (JsonObject) p).anyMatch(p -> p.getString("kind").equals("removed")
                && p.getString("text").contains("每半年")));
        assertTrue(parts.stream().map(p -> (JsonObject) p).anyMatch(p -> p.getString("kind").equals("same")
                && p.getString("text").contains("清洗前三天")), "the unchanged sentence is not reported as changed");

        // Retired: gone from search at once.
        assertEquals(200, server.post("/api/v1/kb/articles/" + id + "/actions/retire", kb, "{}").status());
        assertFalse(suggests("水箱清洗消毒", id));
    }

    @Test
    @DisplayName("what the operator types reaches search as typed, '%' and '+' included")
    void queryCharacters() {
        String kb = orders.token("kbadmin");
        assertEquals(201, server.post("/api/v1/kb/articles", kb, new JsonObject().put("title", "公积金贷款额度上浮20%（C++测试）")
                .put("answer", "<p>测试</p>").encode()).status());
        TestServer.Response r = server.get("/api/v1/kb/articles?status=draft&q=" + URLEncoder.encode("上浮20%（C++",
                StandardCharsets.UTF_8), kb);
        assertEquals(200, r.status(), r.body());
        assertEquals(1, r.json().getJsonArray("items").size(), r.body());
        assertEquals(200, server.get("/api/v1/kb/suggest?q=" + URLEncoder.encode("额度上浮20%", StandardCharsets.UTF_8),
                kb).status());
    }

    @Test
    @DisplayName("an article written on another node (straight into the database) is searchable here within 1 s")
    void nearRealTimeFromAnotherNode() throws Exception {
        var store = new KbStore();
        var content = new ArticleContent("犬只登记年检办理（另一节点）", "狗证怎么年检", "<p>犬只年检可在江城通办理。</p>", null,
                null, List.of("狗证年检"), null, null, null);
        long id = server.hotline().database().transaction(dsl ->
                store.create(dsl, content, null, true, null, null, Instant.now(), "test").id());
        long started = System.nanoTime();
        while (!suggests("狗证年检", id)) {
            assertTrue(System.nanoTime() - started < 1_000_000_000L, "not searchable within 1 s");
            Thread.sleep(20);
        }
    }

    @Test
    @DisplayName("import checks everything first (errors name the entry and field, nothing written), publishes in one "
            + "go, re-import adds a version; expired articles are never suggested, those about to expire are marked")
    void importAndValidity() {
        String kb = orders.token("kbadmin");
        LocalDate today = today();
        JsonArray bad = new JsonArray()
                .add(new JsonObject().put("id", "old-1").put("title", "有效文章").put("answer", "内容"))
                .add(new JsonObject().put("id", "old-2").put("answer", "没有标题"))
                .add(new JsonObject().put("id", "old-3").put("title", "错分类").put("answer", "x").put("category", "不存在"));
        TestServer.Response r = server.post("/api/v1/kb/articles/import", kb, bad.encode());
        assertEquals(400, r.status());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        List<String> fields = r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field"))
                .toList();
        assertTrue(fields.contains("[1].title") && fields.contains("[2].category"), fields.toString());
        assertEquals(0, server.get("/api/v1/kb/articles?status=published&limit=200", kb).json()
                .getJsonArray("items").stream().filter(o -> "old-1".equals(((JsonObject) o).getString("code"))).count(),
                "nothing of a rejected import is written");

        JsonArray good = new JsonArray()
                .add(new JsonObject().put("id", "old-cur").put("title", "殡葬补贴申领（现行）")
                        .put("answer", "<p>基本殡葬服务费用减免。</p>").put("keywords", "丧葬补助,殡葬补贴")
                        .put("category", "民政").put("ownerUnit", "mzj")
                        .put("validTo", today.plusDays(10).toString()))
                .add(new JsonObject().put("id", "old-exp").put("title", "殡葬补贴申领（旧）")
                        .put("answer", "<p>旧的殡葬补贴标准。</p>").put("keywords", "丧葬补助,殡葬补贴")
                        .put("validFrom", today.minusYears(2).toString()).put("validTo", today.minusDays(1).toString()))
                .add(new JsonObject().put("id", "old-xss").put("title", "公墓预约")
                        .put("answer", "<p onclick=\"steal()\">预约<script>alert(1)</script>扫墓</p>"));
        r = server.post("/api/v1/kb/articles/import", kb, good.encode());
        assertEquals(200, r.status(), r.body());
        assertEquals(3, r.json().getInteger("created"));
        long current = r.json().getJsonArray("items").getJsonObject(0).getLong("id");
        long expired = r.json().getJsonArray("items").getJsonObject(1).getLong("id");
        long xss = r.json().getJsonArray("items").getJsonObject(2).getLong("id");

        JsonArray hits = suggest("丧葬补助");
        assertTrue(hits.stream().anyMatch(o -> ((JsonObject) o).getLong("id") == current));
        assertFalse(hits.stream().anyMatch(o -> ((JsonObject) o).getLong("id") == expired), "expired never suggested");
        JsonObject hit = hits.stream().map(o -> (JsonObject) o).filter(o -> o.getLong("id") == current).findFirst()
                .orElseThrow();
        assertTrue(hit.getBoolean("expiringSoon"), "expires in 10 days: marked");

        String stored = server.get("/api/v1/kb/articles/" + xss, kb).json().getString("answer");
        assertFalse(stored.contains("script") || stored.contains("onclick"), stored);
        assertTrue(stored.contains("扫墓"));

        r = server.post("/api/v1/kb/articles/import", kb, new JsonArray().add(good.getJsonObject(0).copy()
                .put("answer", "<p>基本殡葬服务费用全免。</p>")).encode());
        assertEquals(1, r.json().getInteger("updated"));
        assertEquals(2, server.get("/api/v1/kb/articles/" + current, kb).json().getInteger("publishedVersion"));
        assertEquals(403, server.post("/api/v1/kb/articles/import", orders.token("operator"), good.encode()).status());
    }

    @Test
    @DisplayName("the synonym list is data: adding a group makes a colloquial word find the article, no re-index")
    void synonymsAsData() {
        String kb = orders.token("kbadmin");
        JsonObject article = new JsonObject().put("title", "电动自行车上牌登记").put("answer", "<p>电动自行车凭发票和合格证上牌。</p>")
                .put("publish", true);
        long id = server.post("/api/v1/kb/articles", kb, article.encode()).json().getLong("id");
        assertFalse(suggests("小电驴", id), "no word in common yet");
        JsonArray groups = server.get("/api/v1/kb/synonyms", kb).json().getJsonArray("groups");
        groups.add(new JsonArray().add("电动自行车").add("小电驴").add("电瓶车"));
        assertEquals(400, server.put("/api/v1/kb/synonyms", kb, new JsonObject().put("groups",
                groups.copy().add(new JsonArray().add("孤词"))).encode()).status(), "a group needs two words");
        TestServer.Response r = server.put("/api/v1/kb/synonyms", kb, new JsonObject().put("groups", groups).encode());
        assertEquals(200, r.status(), r.body());
        assertTrue(suggests("小电驴", id));
    }

    @Test
    @DisplayName("a rebuild replaces the index while searches go on, every one of them answered")
    void rebuildWhileSearching() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger searches = new AtomicInteger();
        AtomicInteger empty = new AtomicInteger();
        Thread searcher = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                if (suggest("公积金 租房提取").isEmpty()) {
                    empty.incrementAndGet();
                }
                searches.incrementAndGet();
            }
        });
        long before = server.hotline().knowledge().rebuildCount();
        TestServer.Response r = server.post("/api/v1/kb/index/rebuild", orders.token("kbadmin"), "{}");
        Thread.sleep(100);
        running.set(false);
        searcher.join();
        assertEquals(200, r.status(), r.body());
        assertEquals(before + 1, server.hotline().knowledge().rebuildCount());
        assertTrue(searches.get() > 5, "searched " + searches.get() + " times");
        assertEquals(0, empty.get(), "no search came back empty during the rebuild");
    }

    @Test
    @DisplayName("using an article on an order is on the order's timeline and in the owner unit's figures")
    void usageAndStats() {
        long article = suggest("公积金 租房提取").getJsonObject(0).getLong("id");
        JsonObject before = stats(article);
        long order = orders.create("operator", orders.complaint("市民咨询租房提取公积金")).getLong("id");
        String op = orders.token("operator");
        assertEquals(400, server.post("/api/v1/kb/articles/" + article + "/usage", op,
                new JsonObject().put("kind", "used").encode()).status(), "used needs the order");
        assertEquals(204, server.post("/api/v1/kb/articles/" + article + "/usage", op,
                new JsonObject().put("kind", "used").put("orderId", order).encode()).status());
        assertEquals(204, server.post("/api/v1/kb/articles/" + article + "/usage", op,
                new JsonObject().put("kind", "helpful").put("orderId", order).encode()).status());
        JsonArray timeline = server.get("/api/v1/work-orders/" + order, op).json().getJsonArray("timeline");
        assertTrue(timeline.stream().anyMatch(e -> "kb-used".equals(((JsonObject) e).getString("action"))),
                timeline.encode());
        JsonObject after = stats(article);
        assertEquals(before.getInteger("hits") + 1, after.getInteger("hits"));
        assertEquals(before.getInteger("helpful") + 1, after.getInteger("helpful"));
    }

    @Test
    @DisplayName("an index that is missing, or behind the database, is rebuilt when its node starts")
    void rebuiltAtStartWhenMissingOrBehind(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var db = server.hotline().database();
        var store = new KbStore();
        var reference = new org.hotline.reference.ReferenceCache(db);
        try (KnowledgeSearch search = new KnowledgeSearch(dir, db, store, reference)) {
            search.start(java.time.Duration.ofHours(1));
            awaitReady(search);
            assertEquals(1, search.rebuildCount(), "missing: rebuilt");
            assertEquals(db.transaction(store::revision), search.appliedRevision());
        }
        long id = db.transaction(dsl -> store.create(dsl, new ArticleContent("户外广告牌设置审批（停机期间写入）", null,
                "<p>户外广告牌设置须经城管部门审批。</p>", null, null, List.of("广告牌审批"), null, null, null), null, true,
                null, null, Instant.now(), "test").id());
        try (KnowledgeSearch search = new KnowledgeSearch(dir, db, store, reference)) {
            // The catch-up is an hour away: only the start can bring the index up to date.
            search.start(java.time.Duration.ofHours(1));
            awaitReady(search);
            assertEquals(1, search.rebuildCount(), "behind: rebuilt");
            assertTrue(search.suggest("广告牌审批", 5, today()).stream().anyMatch(h -> h.id().equals(Long.toString(id))));
        }
    }

    private static void awaitReady(KnowledgeSearch search) throws InterruptedException {
        long until = System.nanoTime() + 20_000_000_000L;
        while (!search.isReady() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertTrue(search.isReady());
    }

    @Test
    @DisplayName("one click turns a closed order's reply into a draft article; an open order cannot")
    void draftFromClosedOrder() {
        String op = orders.token("operator");
        JsonObject open = orders.create("operator", orders.complaint("咨询：居住证到期了怎么续签？"));
        assertEquals(400, server.post("/api/v1/kb/articles/from-order", op,
                new JsonObject().put("orderId", open.getLong("id")).encode()).status());
        JsonObject closed = orders.act("operator", open, "answer-directly", new JsonObject()
                .put("text", "居住证有效期满前30日内，可在江城通APP或社区警务室办理签注。"));
        TestServer.Response r = server.post("/api/v1/kb/articles/from-order", op,
                new JsonObject().put("orderId", closed.getLong("id")).encode());
        assertEquals(201, r.status(), r.body());
        assertEquals("draft", r.json().getString("status"));
        assertTrue(r.json().getString("answer").contains("社区警务室办理签注"));
        assertEquals(closed.getLong("id"), r.json().getLong("sourceOrderId"));
        assertTrue(orders.get("operator", closed.getLong("id")).getJsonArray("timeline").stream()
                .anyMatch(e -> "kb-draft".equals(((JsonObject) e).getString("action"))));
    }

    private static JsonObject stats(long articleId) {
        String kb = orders.token("kbadmin");
        long owner = server.get("/api/v1/kb/articles/" + articleId, kb).json().getLong("ownerUnitId");
        return server.get("/api/v1/kb/stats", kb).json().getJsonArray("items").stream().map(o -> (JsonObject) o)
                .filter(o -> Long.valueOf(owner).equals(o.getLong("ownerUnitId"))).findFirst().orElseThrow();
    }
}
