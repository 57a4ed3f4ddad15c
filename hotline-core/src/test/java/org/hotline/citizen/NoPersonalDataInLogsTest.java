package org.hotline.citizen;

import static org.hotline.db.generated.Tables.NOTIFICATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Personal data never reaches the application's logs (个人信息保护法: minimum exposure): a whole scenario — an order
 * taken by phone, one filed on the portal with an SMS code, the contact revealed for a callback, the reply, the
 * citizen's lookup and rating, every text message sent through the log sender — and then every log line, at every
 * level, is searched for the citizens' names, phone numbers and what they wrote.
 */
@Tag("storage")
class NoPersonalDataInLogsTest {

    @Test
    @DisplayName("a whole scenario logs no citizen's name, phone number or words, at any level")
    void scenario() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Level was = root.getLevel();
        root.setLevel(Level.DEBUG);
        root.addAppender(lines);
        // The access log too (quiet in tests otherwise): it names paths, which hold order numbers, not people.
        Logger access = (Logger) LoggerFactory.getLogger("hotline.access");
        Level accessWas = access.getLevel();
        access.setLevel(Level.INFO);
        List<String> secrets = List.of("13912340000", "13700009999", "王小明", "赵丽颖", "阳台漏水已经三个月", "私家车位被占");
        try (TestServer server = TestServer.start(Map.of("rate-limits", "portal-sms-phone=100/m"), null)) {
            Orders orders = new Orders(server);
            // By phone, at the desk.
            JsonObject o = orders.create("operator", orders.complaint("楼上阳台漏水已经三个月，物业不管")
                    .put("citizen", new JsonObject().put("name", "王小明").put("phone", "13912340000")));
            assertEquals(200, server.post("/api/v1/work-orders/" + o.getLong("id") + "/contact",
                    orders.token("reviewer"), "{\"reason\":\"callback\"}").status());
            // On the portal, with a code.
            assertEquals(202, server.post("/api/v1/public/sms-codes", null,
                    new JsonObject().put("phone", "13700009999").encode()).status());
            String body = server.hotline().database().dsl().select(NOTIFICATION.BODY).from(NOTIFICATION)
                    .where(NOTIFICATION.KIND.eq(CitizenSms.CODE)).orderBy(NOTIFICATION.ID.desc()).limit(1)
                    .fetchOne().value1();
            Matcher m = Pattern.compile("验证码为([0-9]{6})").matcher(body);
            assertTrue(m.find());
            JsonObject filed = new JsonObject().put("type", "complaint").put("categoryId", orders.category("020101"))
                    .put("content", "我的私家车位被占，请处理").put("anonymous", false).put("name", "赵丽颖")
                    .put("phone", "13700009999").put("consent", true)
                    .put("consentVersion", PortalService.CONSENT_VERSION).put("smsCode", m.group(1));
            TestServer.Response r = server.send(server.request("/api/v1/public/orders", null)
                    .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(filed.encode())).build());
            assertEquals(201, r.status(), r.body());
            String number = r.json().getString("number");
            // Handled, looked up, rated; every text message delivered (the log sender writes them).
            JsonObject web = server.get("/api/v1/work-orders?q=" + number, orders.token("dispatcher")).json()
                    .getJsonArray("items").getJsonObject(0);
            web = orders.get("dispatcher", web.getLong("id"));
            orders.act("dispatcher", web, "dispatch", new JsonObject().put("leadUnitId", orders.unit("cgj")));
            JsonObject signed = orders.act("handler-cgj", orders.get("handler-cgj", web.getLong("id")), "sign", null);
            orders.act("handler-cgj", signed, "reply", new JsonObject().put("text", "已清理占用车位。"));
            orders.act("reviewer", orders.get("reviewer", web.getLong("id")), "approve-reply", null);
            assertEquals(200, server.post("/api/v1/public/lookup", null, new JsonObject().put("number", number)
                    .put("phoneLastFour", "9999").encode()).status());
            assertEquals(200, server.post("/api/v1/public/orders/" + number + "/rating", null, new JsonObject()
                    .put("phoneLastFour", "9999").put("resolved", true).put("satisfaction", "satisfied")
                    .encode()).status());
            server.deliverDueNotifications();
            // A bad request too: its problem is logged, not its body.
            server.post("/api/v1/public/lookup", null, "{\"number\":\"赵丽颖13700009999\",\"pickupCode\":\"x\"}");
        } finally {
            root.detachAppender(lines);
            root.setLevel(was);
            access.setLevel(accessWas);
        }
        List<String> leaks = new ArrayList<>();
        int sms = 0;
        for (ILoggingEvent e : lines.list) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                    : " " + e.getThrowableProxy().getMessage());
            if (line.startsWith("SMS #")) {
                sms++;
            }
            for (String s : secrets) {
                if (line.contains(s)) {
                    leaks.add(e.getLoggerName() + ": " + line);
                }
            }
        }
        assertEquals(List.of(), leaks);
        assertTrue(lines.list.size() > 20, "the scenario logged (" + lines.list.size() + " lines)");
        assertTrue(sms >= 3, "the text messages were written to the log, masked (" + sms + ")");
    }
}
