package org.hotline.console;

import static org.hotline.db.generated.Tables.NOTIFICATION;
import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A citizen on a phone-sized screen files a complaint on the portal — category found by searching, a photo, the SMS
 * code, consent — gets the number and pickup code, follows the bookmark link, and (once staff handled it through the
 * API) reads the reply and rates it, which closes the order. What they typed as markup stays text. Screenshots of
 * each step go to target/screenshots (portal-*.png).
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalBrowserTest {

    static final String PHONE = "13987654321";
    /** Markup a citizen might type: it must show as these characters and never run. */
    static final String MARKUP = "<img src=x onerror=\"window.__pwned=1\"><b>粗体</b>";
    static TestServer server;
    static Browser browser;
    static Orders orders;
    static String number;
    static String pickupCode;

    @BeforeAll
    static void start() {
        browser = Browser.start();
        server = TestServer.start(Map.of("rate-limits", "portal-sms-phone=100/m"), new ConsoleRoutes());
        orders = new Orders(server);
        // A phone held upright: 390 × 844 CSS pixels.
        browser.driver.manage().window().setSize(new Dimension(390, 844));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    WebDriver d() {
        return browser.driver;
    }

    WebDriverWait waiting() {
        return browser.waiting();
    }

    WebElement visible(By by) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) d()).executeScript(script, args);
    }

    /** Every form control on the page has a label a screen reader reads out; answers those that do not. */
    @SuppressWarnings("unchecked")
    List<String> unlabelled() {
        return (List<String>) js("""
                return [...document.querySelectorAll('input, select, textarea, button')]
                  .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
                  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                    && !(e.tagName === 'BUTTON' && e.textContent.trim()))
                  .map(e => e.outerHTML.slice(0, 80));""");
    }

    /**
     * Text on the page whose contrast against its background is below WCAG AA (4.5:1, or 3:1 for large text):
     * colours as the browser computed them, the background from the nearest ancestor that paints one.
     */
    @SuppressWarnings("unchecked")
    List<String> lowContrast() {
        return (List<String>) js("""
                const rgb = (c) => (c.match(/[0-9.]+/g) || []).map(Number);
                const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92
                  : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
                const background = (e) => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e)
                  .backgroundColor); if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3); }
                  return [255, 255, 255]; };
                const out = [];
                for (const e of document.querySelectorAll('body *')) {
                  if (e.offsetParent === null || e.closest('[disabled]')) continue;
                  const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
                  if (!own) continue;
                  const s = getComputedStyle(e);
                  const a = lum(rgb(s.color).slice(0, 3)), b = lum(background(e));
                  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                  const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && s.fontWeight >= 700);
                  if (ratio < (large ? 3 : 4.5)) out.push(e.tagName + ' ' + ratio.toFixed(2) + ' ' + e.textContent.trim().slice(0, 30));
                }
                return out;""");
    }

    static String latestCode() {
        String body = server.hotline().database().dsl().select(NOTIFICATION.BODY).from(NOTIFICATION)
                .where(NOTIFICATION.KIND.eq("sms-code")).orderBy(NOTIFICATION.ID.desc()).limit(1).fetchOne().value1();
        Matcher m = Pattern.compile("验证码为([0-9]{6})").matcher(body);
        assertTrue(m.find(), body);
        return m.group(1);
    }

    @Test
    @Order(1)
    @DisplayName("a citizen files a complaint with a photo and an SMS-proven phone, and gets the number and code")
    void submit() throws Exception {
        d().get(server.baseUrl() + "/portal/");
        waiting().until(x -> "true".equals(x.findElement(By.tagName("body")).getAttribute("data-ready")));
        visible(By.cssSelector("a[href='#/submit']"));
        browser.screenshot("portal-1-home");
        d().findElement(By.cssSelector("a[href='#/submit']")).click();

        WebElement search = visible(By.id("category-q"));
        d().findElement(By.xpath("//label[contains(@class,'choice')][normalize-space()='投诉']//input")).click();
        search.sendKeys("噪声");
        Select category = new Select(d().findElement(By.id("category")));
        waiting().until(x -> !category.getOptions().isEmpty() && category.getOptions().size() < 20);
        WebElement noise = category.getOptions().stream().filter(o -> o.getText().contains("噪声"))
                .findFirst().orElseThrow();
        category.selectByValue(noise.getAttribute("value"));
        new Select(d().findElement(By.id("district"))).selectByVisibleText("江北区");
        new Select(visible(By.id("street"))).selectByVisibleText("滨江街道");
        d().findElement(By.id("address")).sendKeys("滨江花园3栋<script>window.__pwned=2</script>");
        d().findElement(By.id("content")).sendKeys("楼下烧烤店每晚营业到凌晨两点，噪音和油烟很大。" + MARKUP);

        Path photo = Files.createTempFile("portal", ".jpg");
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 320; x++) {
            for (int y = 0; y < 240; y++) {
                img.setRGB(x, y, (x * 255 / 320) << 16 | (y * 255 / 240) << 8 | 0x80);
            }
        }
        ImageIO.write(img, "jpg", photo.toFile());
        d().findElement(By.id("photo-input")).sendKeys(photo.toString());
        visible(By.cssSelector(".photos img"));

        d().findElement(By.id("name")).sendKeys("李四");
        d().findElement(By.id("phone")).sendKeys(PHONE);
        d().findElement(By.id("send-code")).click();
        waiting().until(x -> x.findElement(By.id("send-code")).getText().contains("秒"));
        d().findElement(By.id("sms-code")).sendKeys(latestCode());
        d().findElement(By.id("consent")).click();
        assertEquals(List.of(), unlabelled(), "every control is labelled");
        assertEquals(List.of(), lowContrast(), "every text readable (WCAG AA contrast)");
        browser.screenshot("portal-2-form");

        // Submitting twice as fast as a thumb can: one order.
        WebElement submit = d().findElement(By.cssSelector("form button[type='submit']"));
        js("arguments[0].click(); arguments[0].click();", submit);
        number = visible(By.id("receipt-number")).getText();
        pickupCode = d().findElement(By.id("receipt-code")).getText();
        assertTrue(number.startsWith("GD"), number);
        assertTrue(pickupCode.matches("[0-9]{6}"), pickupCode);
        assertEquals(1, server.hotline().database().dsl().fetchCount(WORK_ORDER, WORK_ORDER.CONTENT
                .contains("凌晨两点")), "one order for a double click");
        browser.screenshot("portal-3-done");
        assertEquals(List.of(), browser.consoleErrors());
    }

    @Test
    @Order(2)
    @DisplayName("the bookmark link shows the request as received, the typed markup as plain text")
    void lookUpByBookmark() {
        d().findElement(By.id("bookmark")).click();
        WebElement status = visible(By.id("order-status"));
        assertEquals("已受理，等待分派", status.getText());
        String shown = d().findElement(By.id("order-content")).getText();
        assertTrue(shown.contains(MARKUP), "the markup is shown as the characters typed: " + shown);
        assertTrue(d().findElements(By.cssSelector("#order-content img, #order-content b")).isEmpty());
        assertNull(js("return window.__pwned || null;"), "nothing the citizen typed ran");
        assertTrue(d().getCurrentUrl().contains("code=" + pickupCode), "the page can be bookmarked");
        browser.screenshot("portal-4-received");
    }

    @Test
    @Order(3)
    @DisplayName("staff see the citizen's markup as text too, and the photo, on the order page of the console")
    void staffSeeItInert() {
        long id = server.hotline().database().dsl().select(WORK_ORDER.ID).from(WORK_ORDER)
                .where(WORK_ORDER.NUMBER.eq(number)).fetchOne().value1();
        browser.driver.manage().window().setSize(new Dimension(1366, 900));
        browser.login(server.baseUrl(), "dispatcher");
        d().get(server.baseUrl() + "/#/orders/" + id);
        WebElement content = visible(By.id("order-content"));
        assertTrue(content.getText().contains(MARKUP), content.getText());
        assertTrue(d().findElement(By.id("order-address")).getText().contains("<script>"));
        assertTrue(d().findElements(By.cssSelector("#order-content img, #order-content b")).isEmpty());
        WebElement img = visible(By.cssSelector("#order-photos img"));
        waiting().until(x -> Boolean.TRUE.equals(js("return arguments[0].complete && arguments[0].naturalWidth > 0;",
                img)));
        assertEquals(320L, js("return arguments[0].naturalWidth;", img), "the cleaned photo, full width");
        assertNull(js("return window.__pwned || null;"));
        browser.screenshot("portal-staff-order");
        assertEquals(List.of(), browser.consoleErrors());
        d().manage().deleteAllCookies();
        browser.driver.manage().window().setSize(new Dimension(390, 844));
    }

    @Test
    @Order(4)
    @DisplayName("after staff handled it, the citizen looks it up with the phone's last digits, reads the reply, rates it")
    void replyAndRate() {
        long id = server.hotline().database().dsl().select(WORK_ORDER.ID).from(WORK_ORDER)
                .where(WORK_ORDER.NUMBER.eq(number)).fetchOne().value1();
        JsonObject o = orders.get("dispatcher", id);
        o = orders.act("dispatcher", o, "dispatch", new JsonObject().put("leadUnitId", orders.unit("cgj")));
        o = orders.act("handler-cgj", orders.get("handler-cgj", id), "sign", null);
        o = orders.act("handler-cgj", o, "reply", new JsonObject().put("text",
                "经现场核实，已责令该烧烤店整改，晚上十点后停止室外经营，并安装油烟净化设备。"));
        orders.act("reviewer", orders.get("reviewer", id), "approve-reply", null);

        // A new visit: the lookup form, the number and the phone's last four digits.
        d().get("about:blank");
        d().get(server.baseUrl() + "/portal/#/track");
        visible(By.id("number")).sendKeys(number);
        d().findElement(By.xpath("//label[contains(@class,'choice')][contains(.,'手机号后四位')]//input")).click();
        visible(By.id("secret")).sendKeys(PHONE.substring(7));
        d().findElement(By.id("secret")).sendKeys(Keys.ENTER);
        WebElement reply = visible(By.id("reply-text"));
        assertTrue(reply.getText().contains("安装油烟净化设备"), reply.getText());
        assertEquals("已答复，待评价", d().findElement(By.id("order-status")).getText());
        assertTrue(d().findElements(By.id("order-content")).isEmpty(), "the content needs the pickup code");
        String page = d().findElement(By.tagName("main")).getText();
        assertTrue(page.contains("江城市城市管理局"), "the unit is named");
        for (String staff : List.of("派单员", "经办人", "审核员")) {
            assertFalse(page.contains(staff), staff + " on the citizen's page");
        }
        browser.screenshot("portal-5-replied");

        d().findElement(By.xpath("//fieldset[legend[contains(.,'是否解决')]]//label[contains(.,'已解决')]//input")).click();
        d().findElement(By.xpath("//fieldset[legend[contains(.,'是否满意')]]//label[normalize-space()='满意']//input"))
                .click();
        d().findElement(By.id("rating-comment")).sendKeys("处理很及时，谢谢！");
        assertEquals(List.of(), unlabelled());
        assertEquals(List.of(), lowContrast());
        d().findElement(By.xpath("//button[normalize-space()='提交评价']")).click();
        assertEquals("感谢您的评价，工单已办结。", visible(By.id("rating-done")).getText());
        assertEquals("已办结", d().findElement(By.id("order-status")).getText());
        assertEquals("CLOSED", orders.get("reviewer", id).getString("status"));
        browser.screenshot("portal-6-rated");
        assertEquals(List.of(), browser.consoleErrors());
    }

    @Test
    @Order(5)
    @DisplayName("English on request; keyboard alone reaches the form; a missing field is named at the top")
    void englishAndErrors() {
        d().get(server.baseUrl() + "/portal/#/submit");
        WebElement switcher = visible(By.cssSelector(".lang-switch"));
        switcher.click();
        waiting().until(x -> x.findElement(By.tagName("h1")).getText().equals("Report a problem"));
        assertEquals("en", js("return document.documentElement.lang;"));
        // Straight to submit, nothing filled in: the summary names what is missing, and takes the focus.
        d().findElement(By.cssSelector("form button[type='submit']")).sendKeys(Keys.ENTER);
        WebElement summary = visible(By.id("error-summary"));
        assertTrue(summary.getText().contains("Category") || summary.getText().contains("categoryId"),
                summary.getText());
        assertEquals("error-summary", js("return document.activeElement.id;"));
        browser.screenshot("portal-7-english-errors");
        switcher = d().findElement(By.cssSelector(".lang-switch"));
        switcher.click();
    }
}
