package org.hotline.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One order's whole life through the console, in headless Chromium, across four roles: the operator takes the
 * call at the desk and dispatches it to 住建局; the bureau's handler finds it in the unit inbox, signs and replies;
 * the reviewer approves the reply and calls the citizen back; the order is closed and its timeline tells the story.
 * No role sees a console error.
 */
@Tag("browser")
class OrderLifecycleBrowserTest {

    static final String LEAD_UNIT = "江城市住房和城乡建设局";
    static final String CONTENT = "楼上邻居装修导致我家卫生间天花板开裂渗水，已持续两周，物业协调无果，请求相关部门上门核查。";
    static final String REPLY = "已派员现场核查，渗水系楼上防水层破损，已责成施工方三日内修复并赔偿损失，市民表示认可。";

    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        browser = Browser.start();
        server = TestServer.start(Map.of(), new ConsoleRoutes());
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

    WebDriverWait waiting() {
        return browser.waiting();
    }

    WebDriver d() {
        return browser.driver;
    }

    void openLogin() {
        browser.openLogin(server.baseUrl());
    }

    void login(String username) {
        browser.login(server.baseUrl(), username);
    }

    void waitReady() {
        waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    }

    String pageId() {
        return d().findElement(By.id("page")).getAttribute("data-page");
    }

    /** Types into a searchable picker (category, area, unit) and takes the first match with Enter. */
    void choose(String inputId, String text, String expected) {
        WebElement input = waiting().until(ExpectedConditions.elementToBeClickable(By.id(inputId)));
        input.click();
        input.sendKeys(text);
        By first = By.cssSelector("#" + inputId + "-list [role='option']");
        waiting().until(x -> {
            List<WebElement> options = x.findElements(first);
            return !options.isEmpty() && options.getFirst().getText().contains(text);
        });
        d().findElement(By.id(inputId)).sendKeys(Keys.ENTER);
        waiting().until(x -> {
            String value = x.findElement(By.id(inputId)).getAttribute("value");
            return value != null && value.contains(expected);
        });
    }

    /** Waits until the order page of this order has rendered with its data. */
    void waitOrderPage(String number) {
        waiting().until(x -> {
            try {
                var pages = x.findElements(By.cssSelector("#page[data-page='order']"));
                var numbers = x.findElements(By.id("order-number"));
                return !pages.isEmpty() && !numbers.isEmpty() && number.equals(numbers.getFirst().getText().trim())
                        && "true".equals(x.findElement(By.tagName("body")).getAttribute("data-ready"));
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
    }

    String status() {
        return d().findElement(By.id("order-status")).getAttribute("data-status");
    }

    void waitStatus(String expected) {
        waiting().until(x -> {
            try {
                return expected.equals(x.findElement(By.id("order-status")).getAttribute("data-status"));
            } catch (StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
                return false;
            }
        });
    }

    /** Opens the form of an allowed action, lets {@code fill} complete it, submits, and waits for the new status. */
    void act(String action, Consumer<WebElement> fill, String expectedStatus) {
        WebElement button = waiting().until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#action-bar button[data-action='" + action + "']")));
        button.click();
        WebElement form = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("form#action-form[data-action='" + action + "']")));
        fill.accept(form);
        waiting().until(ExpectedConditions.elementToBeClickable(By.id("action-submit"))).click();
        waitStatus(expectedStatus);
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("action-form")));
    }

    /** Opens an order from a queue tab by clicking its row. */
    void openFromQueue(String tab, String orderId, String number, String screenshot) {
        waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-tab='" + tab + "']")))
                .click();
        By row = By.cssSelector("#queue[data-box='" + tab + "'] tr[data-order-id='" + orderId + "']");
        WebElement found = waiting().until(ExpectedConditions.visibilityOfElementLocated(row));
        assertTrue(found.getText().contains(number), found.getText());
        browser.screenshot(screenshot);
        d().findElement(row).findElement(By.cssSelector("td.col-excerpt")).click();
        waitOrderPage(number);
    }

    List<String> timeline() {
        return d().findElements(By.cssSelector("ol#timeline > li[data-action]")).stream()
                .map(li -> li.getAttribute("data-action")).toList();
    }

    @Test
    @DisplayName("desk → unit inbox → sign, reply → approve, callback: the order closes and its timeline tells the story")
    void lifecycle() {
        // 1. The operator takes the call and dispatches it to 住建局 in one step.
        login("operator");
        assertEquals("desk", pageId());
        WebElement phone = waiting().until(ExpectedConditions.elementToBeClickable(By.id("intake-phone")));
        phone.sendKeys("13912340000");
        d().findElement(By.id("intake-name")).sendKeys("陈女士");
        d().findElement(By.id("intake-content")).sendKeys(CONTENT);
        choose("intake-category", "房屋建筑质量", "房屋建筑质量");
        choose("intake-area", "滨江街道", "滨江街道");
        d().findElement(By.id("intake-address")).sendKeys("江北区滨江花园3栋2单元502室");
        choose("intake-lead-unit", "住房和城乡建设局", LEAD_UNIT);
        browser.screenshot("lifecycle-1-desk");
        d().findElement(By.id("intake-dispatch")).click();
        WebElement result = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("intake-result")));
        String number = result.getAttribute("data-number");
        String orderId = result.getAttribute("data-order-id");
        assertNotNull(number);
        assertTrue(number.matches("GD\\d{8}\\d{6,}"), number);
        assertTrue(result.getText().contains(number), result.getText());
        assertTrue(result.getText().contains(LEAD_UNIT), result.getText());
        assertTrue(d().findElement(By.id("intake-content")).getAttribute("value").isEmpty(), "the form is reset");
        browser.screenshot("lifecycle-1-desk-result");
        assertEquals(List.of(), browser.consoleErrors(), "console errors for the operator");

        // 2. 住建局's handler finds it among the orders to sign, signs and replies.
        login("handler-zjj");
        assertEquals("unit-inbox", pageId());
        openFromQueue("to-sign", orderId, number, "lifecycle-2-unit-inbox");
        assertEquals("DISPATCHED", status());
        assertTrue(d().findElement(By.id("order-content")).getText().contains(CONTENT));
        act("sign", form -> { }, "SIGNED");
        act("reply", form -> {
            form.findElement(By.id("af-text")).sendKeys(REPLY);
            form.findElement(By.id("af-policy")).sendKeys("《江城市住宅室内装饰装修管理办法》第十五条");
        }, "REPLIED");
        browser.screenshot("lifecycle-2-replied");
        assertEquals(List.of(), browser.consoleErrors(), "console errors for handler-zjj");

        // 3. The reviewer approves the reply and calls the citizen back: resolved, satisfied.
        login("reviewer");
        assertEquals("review", pageId());
        openFromQueue("to-review", orderId, number, "lifecycle-3-review-queue");
        act("approve-reply", form -> {
            assertTrue(form.getText().contains(REPLY), "the reply under review is shown: " + form.getText());
        }, "CALLBACK");
        act("callback", form -> {
            form.findElement(By.cssSelector("button[data-callback='resolved'][data-value='true']")).click();
            form.findElement(By.cssSelector("button[data-callback='satisfaction'][data-value='satisfied']")).click();
            waiting().until(ExpectedConditions.attributeToBe(
                    By.cssSelector("form#action-form button[data-callback='satisfaction'][data-value='satisfied']"),
                    "aria-pressed", "true"));
        }, "CLOSED");

        // 4. Closed, and the story is complete.
        assertEquals("CLOSED", status());
        List<String> steps = timeline();
        assertEquals(List.of("create", "dispatch", "sign", "reply", "approve-reply", "callback"),
                steps.stream().filter(a -> !a.startsWith("clock-")).toList(), "people's steps");
        // Between them the system's: the sign, handle and callback clocks started and each met in time.
        assertEquals(3, steps.stream().filter("clock-started"::equals).count(), steps.toString());
        assertEquals(3, steps.stream().filter("clock-met"::equals).count(), steps.toString());
        List<WebElement> ended = d().findElements(By.cssSelector("#clocks-done .clock-done"));
        assertEquals(List.of("met", "met", "met"), ended.stream().map(e -> e.getAttribute("data-outcome")).toList());
        assertTrue(d().findElement(By.id("clocks-done")).getText().contains("按时完成"));
        String story = d().findElement(By.id("timeline")).getText();
        assertTrue(story.contains(LEAD_UNIT), story);
        assertTrue(story.contains(REPLY), story);
        assertFalse(d().findElements(By.cssSelector("#action-bar button[data-action='reopen']")).isEmpty(),
                "a closed order can be reopened by the centre");
        browser.screenshot("lifecycle-4-closed");
        assertEquals(List.of(), browser.consoleErrors(), "console errors for the reviewer");
    }
}
