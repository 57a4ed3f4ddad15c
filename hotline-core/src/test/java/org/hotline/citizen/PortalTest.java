package org.hotline.citizen;

import static org.hotline.db.generated.Tables.NOTIFICATION;
import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.hotline.db.generated.Tables.WORK_ORDER_PHOTO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The citizens' portal over HTTP, as a citizen's browser uses it: the form's choices, an SMS code, a submission with
 * photos, the number and pickup code, a lookup, the staff handling it like any order, the citizen's rating and a
 * complaint about the handling — and everything that must be refused on the way.
 */
@Tag("storage")
class PortalTest {

    static final String PHONE = "13912345678";
    static TestServer server;
    static Orders orders;

    @BeforeAll
    static void start() {
        // One phone files many requests here; the limits themselves are PortalLimitsTest's.
        server = TestServer.start(java.util.Map.of("rate-limits", "portal-sms-phone=1000/m,portal-sms-phone-day=1000/d,"
                + "portal-submit-phone=1000/d"), null);
        orders = new Orders(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ------------------------------------------------------------------ helpers

    static TestServer.Response submitRaw(String key, JsonObject body) {
        HttpRequest.Builder b = server.request("/api/v1/public/orders", null).header("Content-Type",
                "application/json");
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return server.send(b.POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    }

    /** A complaint about noise, as the portal's form sends it, without the SMS code. */
    static JsonObject noise(String content) {
        return new JsonObject().put("type", "complaint").put("categoryId", orders.category("020101"))
                .put("areaId", orders.area("JC0101")).put("address", "滨江花园3栋").put("content", content)
                .put("anonymous", false).put("name", "李四").put("phone", PHONE).put("confidential", false)
                .put("consent", true).put("consentVersion", PortalService.CONSENT_VERSION);
    }

    /** Asks for a code and reads it from the outbox, where the SMS sender will find it. */
    static String code(String phone) {
        TestServer.Response r = server.post("/api/v1/public/sms-codes", null, new JsonObject().put("phone", phone)
                .encode());
        assertEquals(202, r.status(), r.body());
        String body = server.hotline().database().dsl().select(NOTIFICATION.BODY).from(NOTIFICATION)
                .where(NOTIFICATION.KIND.eq(CitizenSms.CODE)).orderBy(NOTIFICATION.ID.desc()).limit(1)
                .fetchOne().value1();
        Matcher m = Pattern.compile("验证码为([0-9]{6})").matcher(body);
        assertTrue(m.find(), body);
        return m.group(1);
    }

    /** Files {@code body} with a fresh code and key; answers the portal's answer. */
    static JsonObject submit(JsonObject body) {
        TestServer.Response r = submitRaw(UUID.randomUUID().toString(), body.copy().put("smsCode", code(PHONE)));
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    static TestServer.Response lookup(JsonObject proof) {
        return server.post("/api/v1/public/lookup", null, proof.encode());
    }

    static JsonObject staffView(String number) {
        long id = server.hotline().database().dsl().select(WORK_ORDER.ID).from(WORK_ORDER)
                .where(WORK_ORDER.NUMBER.eq(number)).fetchOne().value1();
        return orders.get("dispatcher", id);
    }

    static List<String> fieldsOf(TestServer.Response r) {
        JsonArray errors = r.json().getJsonArray("errors", new JsonArray());
        return errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
    }

    // ------------------------------------------------------------------ the tests

    @Test
    @DisplayName("01 the form offers every type, leaf categories with keywords, districts with their streets, consent")
    void form() {
        TestServer.Response r = server.get("/api/v1/public/portal", null);
        assertEquals(200, r.status(), r.body());
        JsonObject f = r.json();
        assertEquals(6, f.getJsonArray("types").size());
        JsonObject noise = f.getJsonArray("categories").stream().map(JsonObject.class::cast)
                .filter(c -> c.getLong("id") == orders.category("020101")).findFirst().orElseThrow();
        assertTrue(noise.getString("path").contains(" / "), noise.encode());
        assertNotNull(noise.getString("keywords"));
        JsonObject jiangbei = f.getJsonArray("districts").stream().map(JsonObject.class::cast)
                .filter(d -> d.getString("name").equals("江北区")).findFirst().orElseThrow();
        assertTrue(jiangbei.getJsonArray("streets").stream().anyMatch(s -> ((JsonObject) s).getString("name")
                .equals("滨江街道")));
        assertEquals(PortalService.CONSENT_VERSION, f.getJsonObject("consent").getString("version"));
        assertTrue(f.getBoolean("smsVerification"));
    }

    @Test
    @DisplayName("02 a submission needs the SMS code: wrong codes are counted, the right one files exactly one order")
    void submitWithCode() {
        String content = "楼下烧烤店每晚营业到凌晨两点，噪音很大。" + UUID.randomUUID();
        JsonObject body = noise(content);
        TestServer.Response none = submitRaw(UUID.randomUUID().toString(), body);
        assertEquals(400, none.status(), none.body());
        assertEquals(List.of("smsCode"), fieldsOf(none));

        String code = code(PHONE);
        String wrong = code.equals("000000") ? "111111" : "000000";
        TestServer.Response bad = submitRaw(UUID.randomUUID().toString(), body.copy().put("smsCode", wrong));
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.body().contains("wrong code"), bad.body());

        String key = UUID.randomUUID().toString();
        JsonObject withCode = body.copy().put("smsCode", code);
        TestServer.Response first = submitRaw(key, withCode);
        assertEquals(201, first.status(), first.body());
        JsonObject a = first.json();
        assertTrue(a.getString("number").startsWith("GD"), a.encode());
        assertTrue(a.getString("pickupCode").matches("[0-9]{6}"), a.encode());
        assertTrue(a.getBoolean("phoneVerified"));

        // A double click or a retry: the same answer, and still one order.
        TestServer.Response again = submitRaw(key, withCode);
        assertEquals(201, again.status(), again.body());
        assertEquals(a, again.json());
        assertEquals(1, server.hotline().database().dsl().fetchCount(WORK_ORDER, WORK_ORDER.CONTENT.eq(content)));
        // The same key for another request is refused, not silently answered with the first.
        TestServer.Response other = submitRaw(key, withCode.copy().put("content", content + "（补充）"));
        assertEquals(422, other.status(), other.body());
        // The code is used up.
        TestServer.Response reuse = submitRaw(UUID.randomUUID().toString(), withCode.copy().put("content", "另一件事"));
        assertEquals(400, reuse.status(), reuse.body());
        assertEquals(List.of("smsCode"), fieldsOf(reuse));

        JsonObject staff = staffView(a.getString("number"));
        assertEquals("web", staff.getString("channel"));
        assertEquals("ACCEPTED", staff.getString("status"));
        assertEquals("submitted-online", staff.getJsonArray("timeline").getJsonObject(1).getString("action"));
    }

    @Test
    @DisplayName("03 the receipt goes out by SMS with the order number and nothing sensitive")
    void receipt() {
        String content = "小区门口下水道井盖缺失，存在安全隐患。" + UUID.randomUUID();
        JsonObject a = submit(noise(content));
        long id = staffView(a.getString("number")).getLong("id");
        var sms = server.hotline().database().dsl().selectFrom(NOTIFICATION).where(NOTIFICATION.ORDER_ID.eq(id))
                .and(NOTIFICATION.KIND.eq(CitizenSms.ACCEPTED)).fetchOne();
        assertNotNull(sms);
        assertTrue(sms.getBody().contains(a.getString("number")), sms.getBody());
        assertFalse(sms.getBody().contains(a.getString("pickupCode")), "no pickup code in an SMS");
        assertFalse(sms.getBody().contains("井盖"), "no content in an SMS");
        assertFalse(sms.getBody().contains("李四"), "no name in an SMS");
        assertNull(sms.getRecipientUnitId());
        assertNotNull(sms.getRecipientPhoneCipher());
        assertFalse(new String(sms.getRecipientPhoneCipher(), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains(PHONE), "the phone is stored sealed");
        server.deliverDueNotifications();
        assertEquals("sent", server.hotline().database().dsl().select(NOTIFICATION.STATUS).from(NOTIFICATION)
                .where(NOTIFICATION.ID.eq(sms.getId())).fetchOne().value1());
    }

    @Test
    @DisplayName("04 lookup: by code the whole request, by the phone's last four digits the progress; wrong is 404")
    void lookups() {
        String content = "公园路灯不亮已经一周。" + UUID.randomUUID();
        JsonObject a = submit(noise(content));
        String number = a.getString("number");
        TestServer.Response byCode = lookup(new JsonObject().put("number", number)
                .put("pickupCode", a.getString("pickupCode")));
        assertEquals(200, byCode.status(), byCode.body());
        JsonObject v = byCode.json();
        assertEquals("open", v.getString("status"));
        assertEquals(content, v.getString("content"));
        assertEquals("您的诉求已受理", v.getJsonArray("steps").getJsonObject(0).getString("text"));
        assertFalse(v.getBoolean("canRate"));

        TestServer.Response byPhone = lookup(new JsonObject().put("number", number).put("phoneLastFour", "5678"));
        assertEquals(200, byPhone.status(), byPhone.body());
        assertNull(byPhone.json().getString("content"), "the content only with the pickup code");
        assertFalse(byPhone.body().contains("李四"));
        assertFalse(byPhone.body().contains(PHONE));

        assertEquals(404, lookup(new JsonObject().put("number", number).put("phoneLastFour", "0000")).status());
        String wrongCode = a.getString("pickupCode").equals("123456") ? "654321" : "123456";
        TestServer.Response wrong = lookup(new JsonObject().put("number", number).put("pickupCode", wrongCode));
        assertEquals(404, wrong.status());
        // An unknown number reads exactly like a wrong code: numbers cannot be probed.
        TestServer.Response unknown = lookup(new JsonObject().put("number", "GD20990101999999")
                .put("pickupCode", wrongCode));
        assertEquals(404, unknown.status());
        assertEquals(wrong.json().getString("title"), unknown.json().getString("title"));
        TestServer.Response both = lookup(new JsonObject().put("number", number).put("pickupCode", "123456")
                .put("phoneLastFour", "5678"));
        assertEquals(400, both.status(), both.body());
    }

    @Test
    @DisplayName("05 guessing a code is slow: after 10 wrong tries for one number, even the right code waits (429)")
    void guessing() {
        JsonObject a = submit(noise("占道经营。" + UUID.randomUUID()));
        String number = a.getString("number");
        int wrongs = 0;
        for (int i = 0; wrongs < 10; i++) {
            String guess = String.format("%04d", i);
            if (guess.equals("5678")) {
                continue;
            }
            assertEquals(404, lookup(new JsonObject().put("number", number).put("phoneLastFour", guess)).status());
            wrongs++;
        }
        TestServer.Response limited = lookup(new JsonObject().put("number", number)
                .put("pickupCode", a.getString("pickupCode")));
        assertEquals(429, limited.status(), limited.body());
        long retry = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry >= 1 && retry <= 3600, "Retry-After " + retry);
        assertEquals("application/problem+json", limited.contentType().split(";")[0]);
    }

    @Test
    @DisplayName("06 staff handle it like any order; the citizen reads the approved reply and no staff name")
    void handledAndReplied() {
        JsonObject a = submit(noise("人行道地砖松动，老人容易绊倒。" + UUID.randomUUID()));
        String number = a.getString("number");
        JsonObject proof = new JsonObject().put("number", number).put("pickupCode", a.getString("pickupCode"));
        JsonObject order = handleToCallback(number, "已安排维修人员更换松动地砖，并设置警示标志。");

        JsonObject v = lookup(proof).json();
        assertEquals("已答复，待评价", v.getString("statusName"));
        assertEquals("已安排维修人员更换松动地砖，并设置警示标志。", v.getJsonObject("reply").getString("text"));
        assertTrue(v.getBoolean("canRate"));
        List<String> steps = v.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("text")).toList();
        assertTrue(steps.contains("已派至江城市城市管理局办理"), steps.toString());
        assertTrue(steps.stream().anyMatch(s -> s.endsWith("已签收，正在办理")), steps.toString());
        // Who did it stays inside the centre.
        for (Object e : order.getJsonArray("timeline")) {
            String actor = ((JsonObject) e).getJsonObject("actor").getString("name");
            if (actor != null && !actor.equals("系统") && !actor.startsWith("市民")) {
                assertFalse(lookup(proof).body().contains(actor), "staff name " + actor + " in the public view");
            }
        }
        var replied = server.hotline().database().dsl().selectFrom(NOTIFICATION)
                .where(NOTIFICATION.ORDER_ID.eq(order.getLong("id"))).and(NOTIFICATION.KIND.eq(CitizenSms.REPLIED))
                .fetchOne();
        assertNotNull(replied, "the citizen is told the reply is there");
        assertTrue(replied.getBody().contains(number));
    }

    /** Dispatch to 城管局, sign, reply, approve: the order then waits for its callback. */
    static JsonObject handleToCallback(String number, String reply) {
        JsonObject order = staffView(number);
        order = orders.act("dispatcher", order, "dispatch", new JsonObject().put("leadUnitId", orders.unit("cgj")));
        order = orders.act("handler-cgj", orders.get("handler-cgj", order.getLong("id")), "sign", null);
        order = orders.act("handler-cgj", order, "reply", new JsonObject().put("text", reply));
        order = orders.act("reviewer", orders.get("reviewer", order.getLong("id")), "approve-reply", null);
        assertEquals("CALLBACK", order.getString("status"));
        return orders.get("reviewer", order.getLong("id"));
    }

    @Test
    @DisplayName("07 resolved and satisfied closes the order as its callback; counted for the unit as a callback is")
    void ratingCloses() {
        JsonObject a = submit(noise("垃圾桶满溢无人清运。" + UUID.randomUUID()));
        String number = a.getString("number");
        handleToCallback(number, "已安排清运并增加清运频次。");
        TestServer.Response r = server.post("/api/v1/public/orders/" + number + "/rating", null, new JsonObject()
                .put("pickupCode", a.getString("pickupCode")).put("resolved", true).put("satisfaction", "satisfied")
                .put("contacted", true).put("comment", "处理及时，谢谢").encode());
        assertEquals(200, r.status(), r.body());
        assertEquals("closed", r.json().getString("ratingOutcome"));
        assertEquals("closed", r.json().getString("status"));
        JsonObject staff = staffView(number);
        assertEquals("CLOSED", staff.getString("status"));
        JsonObject callback = staff.getJsonArray("timeline").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("action").equals("callback")).findFirst().orElseThrow();
        assertEquals("citizen", callback.getJsonObject("details").getString("source"));
        assertEquals(orders.unit("cgj"), callback.getJsonObject("details").getLong("unitId"));
        assertEquals("closed", staff.getJsonObject("citizenRating").getString("outcome"));
        // Once only.
        TestServer.Response second = server.post("/api/v1/public/orders/" + number + "/rating", null, new JsonObject()
                .put("pickupCode", a.getString("pickupCode")).put("resolved", false)
                .put("satisfaction", "dissatisfied").encode());
        assertEquals(409, second.status(), second.body());
    }

    @Test
    @DisplayName("08 unresolved keeps the order in the callback queue with the rating; a complaint opens a linked order")
    void unresolvedAndComplaint() {
        JsonObject a = submit(noise("小区电梯经常故障。" + UUID.randomUUID()));
        String number = a.getString("number");
        handleToCallback(number, "已通知物业联系维保单位检修。");
        TestServer.Response early = server.post("/api/v1/public/orders/" + number + "/rating", null, new JsonObject()
                .put("phoneLastFour", "5678").put("resolved", false).put("satisfaction", "dissatisfied")
                .put("comment", "电梯还是坏的").encode());
        assertEquals(200, early.status(), early.body());
        assertEquals("callback", early.json().getString("ratingOutcome"));
        JsonObject staff = staffView(number);
        assertEquals("CALLBACK", staff.getString("status"), "waits for the centre's call");
        assertEquals("电梯还是坏的", staff.getJsonObject("citizenRating").getString("comment"));

        TestServer.Response c = server.post("/api/v1/public/orders/" + number + "/complaints", null, new JsonObject()
                .put("pickupCode", a.getString("pickupCode")).put("content", "物业只是敷衍，问题没有解决。").encode());
        assertEquals(201, c.status(), c.body());
        String second = c.json().getString("number");
        assertNotEquals(number, second);
        JsonObject complaint = staffView(second);
        assertEquals("complaint", complaint.getString("type"));
        assertTrue(complaint.getString("content").contains(number));
        assertTrue(complaint.getJsonArray("links").stream().anyMatch(l -> ((JsonObject) l).getString("number")
                .equals(number)), complaint.getJsonArray("links").encode());
        // The complaint is the same citizen's: looked up with the same phone.
        assertEquals(200, lookup(new JsonObject().put("number", second).put("phoneLastFour", "5678")).status());
    }

    @Test
    @DisplayName("09 photos are cleaned of their metadata, turned upright and shown to staff; others are refused")
    void photos() throws Exception {
        byte[] jpeg = PhotoCleanerTest.jpegWithExif(PhotoCleanerTest.image(40, 20), 6);
        TestServer.Response up = server.send(server.request("/api/v1/public/photos", null)
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build());
        assertEquals(201, up.status(), up.body());
        assertEquals(20, up.json().getInteger("width"), "turned a quarter: 40×20 stored sideways is 20×40");
        assertEquals(40, up.json().getInteger("height"));
        String token = up.json().getString("token");

        TestServer.Response gif = server.send(server.request("/api/v1/public/photos", null)
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(
                        "GIF89a not really".getBytes())).build());
        assertEquals(400, gif.status(), gif.body());

        JsonObject body = noise("路边违章停车堵塞消防通道。" + UUID.randomUUID()).put("photos", new JsonArray().add(token));
        JsonObject a = submit(body);
        assertEquals(1, a.getInteger("photos"));
        JsonObject staff = staffView(a.getString("number"));
        JsonObject photo = staff.getJsonArray("photos").getJsonObject(0);
        TestServer.Response image = server.send(server.request(photo.getString("url"), orders.token("dispatcher"))
                .GET().build());
        assertEquals(200, image.status());
        byte[] stored = server.hotline().database().dsl().select(WORK_ORDER_PHOTO.DATA).from(WORK_ORDER_PHOTO)
                .where(WORK_ORDER_PHOTO.ID.eq(photo.getLong("id"))).fetchOne().value1();
        assertEquals(-1, PhotoCleanerTest.indexOf(stored, "Exif".getBytes()), "no EXIF kept");
        assertEquals(-1, PhotoCleanerTest.indexOf(stored, PhotoCleanerTest.SECRET), "no trace of the original");
        // A unit that does not handle the order cannot see its photos.
        TestServer.Response foreign = server.send(server.request(photo.getString("url"),
                orders.token("handler-water")).GET().build());
        assertEquals(404, foreign.status());

        // Too big: over 5 MB the photo is refused by name; far over, the body is not even read.
        byte[] big = java.util.Arrays.copyOf(jpeg, PhotoCleaner.MAX_BYTES + 10);
        TestServer.Response tooBig = server.send(server.request("/api/v1/public/photos", null)
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(big)).build());
        assertEquals(400, tooBig.status(), tooBig.body());
        assertTrue(tooBig.body().contains("5 MB"), tooBig.body());
        TestServer.Response huge = server.send(server.request("/api/v1/public/photos", null)
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(
                        new byte[8 * 1024 * 1024])).build());
        assertEquals(413, huge.status(), huge.body());

        // A token is good once: it now belongs to that order.
        TestServer.Response reused = submitRaw(UUID.randomUUID().toString(), noise("再交一次").put("photos",
                new JsonArray().add(token)).put("smsCode", code(PHONE)));
        assertEquals(400, reused.status(), reused.body());
        assertEquals(List.of("photos"), fieldsOf(reused));
    }

    @Test
    @DisplayName("10 bad input: every wrong field named at once, oversized and unknown values refused, HTML kept as text")
    void badInput() {
        JsonObject bad = new JsonObject().put("type", "gossip").put("categoryId", 999_999).put("content", " ")
                .put("anonymous", false).put("phone", "12").put("name", "王五").put("consent", false);
        TestServer.Response r = submitRaw(UUID.randomUUID().toString(), bad);
        assertEquals(400, r.status(), r.body());
        assertEquals("application/problem+json", r.contentType().split(";")[0]);
        assertTrue(fieldsOf(r).containsAll(List.of("type", "categoryId", "content", "phone", "consent")), r.body());

        TestServer.Response tooLong = submitRaw(UUID.randomUUID().toString(), noise("长".repeat(2001)));
        assertEquals(400, tooLong.status(), tooLong.body());
        assertTrue(tooLong.body().contains("content"), tooLong.body());

        TestServer.Response wrongType = submitRaw(UUID.randomUUID().toString(), noise("x").put("categoryId", "abc"));
        assertEquals(400, wrongType.status(), wrongType.body());
        assertTrue(wrongType.body().contains("categoryId"), wrongType.body());

        TestServer.Response hugeJson = submitRaw(UUID.randomUUID().toString(), noise("长".repeat(600_000)));
        assertEquals(413, hugeJson.status(), "a body over --http-max-body-size is refused unread");

        TestServer.Response noKey = submitRaw(null, noise("x"));
        assertEquals(400, noKey.status(), noKey.body());
        assertTrue(noKey.body().contains("Idempotency-Key"), noKey.body());

        TestServer.Response extra = submitRaw(UUID.randomUUID().toString(), noise("x").put("status", "CLOSED"));
        assertEquals(400, extra.status(), extra.body());

        String html = "<script>alert('x')</script><img src=x onerror=alert(1)>井盖丢了";
        JsonObject a = submit(noise(html));
        JsonObject v = lookup(new JsonObject().put("number", a.getString("number"))
                .put("pickupCode", a.getString("pickupCode"))).json();
        assertEquals(html, v.getString("content"), "stored and answered as the text it is; the page shows it inert");

        JsonObject anonymous = new JsonObject().put("type", "suggestion").put("categoryId", orders.category("020101"))
                .put("content", "建议增设夜间巡查。").put("anonymous", true);
        TestServer.Response anon = submitRaw(UUID.randomUUID().toString(), anonymous);
        assertEquals(201, anon.status(), anon.body());
        assertFalse(anon.json().getBoolean("sms"));
    }
}
