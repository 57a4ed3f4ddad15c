package org.hotline.console;

import static org.hotline.testing.TestClock.shanghai;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hotline.testing.Orders;
import org.hotline.testing.TestClock;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A leader finds an overdue order on the dashboard, starts a leadership-memo supervision from it (the special report
 * drafted from the order, the instruction, 住建局 assigned), 住建局's handler reports progress and completion, and the
 * leader takes the final report, records the memo's callback and closes it. Screenshots of the dashboard, the new
 * supervision, the unit's view and the closed case go to target/screenshots.
 */
@Tag("browser")
class SupervisionBrowserTest {

    static final TestClock CLOCK = new TestClock(shanghai("2026-11-25T10:00"));
    static TestServer server;
    static Browser browser;
    static Orders orders;
    static long orderId;
    static String number;

    @BeforeAll
    static void start() {
        browser = Browser.start();
        server = TestServer.start(Map.of("timer-scan-interval", "1h", "notify-interval", "1h",
                "session-idle-timeout", "3650d", "session-max-lifetime", "3650d"), new ConsoleRoutes(), CLOCK);
        orders = new Orders(server);
        browser.driver.manage().window().setSize(new Dimension(1366, 768));
        JsonObject o = orders.create("operator", orders.complaint("小区二次供水水箱长期不清洗，自来水发黄有异味，物业推诿。"));
        o = orders.act("dispatcher", o, "dispatch", new JsonObject().put("leadUnitId", orders.unit("zjj")));
        orderId = o.getLong("id");
        number = o.getString("number");
        // Noon passes and 住建局 has not signed: the order is overdue.
        CLOCK.set("2026-11-25T12:00:01");
        server.fireDueTimers();
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

    void ready() {
        waiting().until(x -> "true".equals(x.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    void js(String script, Object... args) {
        ((JavascriptExecutor) d()).executeScript(script, args);
    }

    String status() {
        return waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("sv-status"))).getAttribute("data-status");
    }

    /** Opens a step's form, lets {@code fill} fill it, submits and waits for the supervision to reach {@code then}. */
    void step(String action, Runnable fill, String then) {
        waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#sv-actions button[data-action='"
                + action + "']"))).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#sv-action-form[data-action='"
                + action + "']")));
        fill.run();
        d().findElement(By.id("sv-action-submit")).click();
        waiting().until(x -> x.findElements(By.id("sv-action-form")).isEmpty() || !x.findElements(
                By.id("sv-action-error")).isEmpty());
        assertTrue(d().findElements(By.id("sv-action-error")).isEmpty(), () -> action + ": "
                + d().findElement(By.id("sv-action-error")).getText());
        waiting().until(x -> then.equals(status()));
    }

    @Test
    @DisplayName("leader finds the overdue order on the dashboard → memo supervision → unit reports → leader closes")
    void leaderMemoEndToEnd() {
        browser.login(server.baseUrl(), "leader");
        ready();
        waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                "#leadership-clocks button[data-tab='overdue']"))).click();
        WebElement row = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "#leadership-clocks-table[data-view='overdue'] tr[data-order-id='" + orderId + "']")));
        waiting().until(x -> !"".equals(x.findElement(By.cssSelector("[data-kpi='orders'] .tile-value"))
                .getAttribute("data-value")));
        assertEquals("1", d().findElement(By.cssSelector("[data-kpi='orders'] .tile-value")).getAttribute("data-value"),
                "one order taken today");
        browser.screenshot("supervision-1-dashboard");
        row.findElement(By.cssSelector("a.order-link")).click();

        waiting().until(ExpectedConditions.elementToBeClickable(By.id("order-supervise"))).click();
        WebElement title = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("sv-title")));
        waiting().until(x -> !title.getAttribute("value").isEmpty());
        assertTrue(d().findElement(By.id("sv-report")).getAttribute("value").contains(number), "the report is drafted "
                + "from the order");
        d().findElement(By.id("sv-instruction")).sendKeys("请市住建局三日内督促物业清洗水箱，检测水质并报告。");
        new Select(d().findElement(By.id("sv-targets"))).selectByValue(Long.toString(orders.unit("zjj")));
        js("const e = document.getElementById('sv-deadline'); e.value = '2026-11-28T18:00';");
        browser.screenshot("supervision-2-new-memo");
        d().findElement(By.id("sv-create")).click();
        assertEquals("in_progress", waiting().until(x -> {
            String s = x.findElements(By.id("sv-status")).isEmpty() ? null : status();
            return s;
        }));
        String caseUrl = d().getCurrentUrl();
        assertTrue(d().findElement(By.id("sv-instruction-view")).getText().contains("三日内"));
        browser.screenshot("supervision-3-memo-started");

        d().get(server.baseUrl() + "/#/leadership");
        ready();
        WebElement memo = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "#leadership-supervision li[data-mode='leader_memo'] strong")));
        assertEquals("1", memo.getText().trim());

        browser.login(server.baseUrl(), "handler-zjj");
        ready();
        d().get(server.baseUrl() + "/#/supervision");
        waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#supervision-cases tr a"))).click();
        waiting().until(x -> "in_progress".equals(status()));
        step("progress", () -> d().findElement(By.id("sv-progress-text")).sendKeys("已约谈物业，定于明日清洗水箱。"),
                "in_progress");
        step("progress", () -> {
            d().findElement(By.id("sv-progress-text")).sendKeys("水箱已清洗消毒，水质检测合格，报告附后。");
            d().findElement(By.id("sv-progress-done")).click();
        }, "in_progress");
        waiting().until(x -> "done".equals(x.findElement(By.cssSelector("#sv-items tr[data-item]"))
                .getAttribute("data-status")));
        browser.screenshot("supervision-4-unit-reported");

        browser.login(server.baseUrl(), "leader");
        ready();
        d().get(caseUrl);
        waiting().until(x -> "in_progress".equals(status()));
        step("final-report", () -> d().findElement(By.id("sv-final-report-text"))
                .sendKeys("住建局已督促物业清洗水箱，水质合格，市民反映的问题已解决。"), "reported");
        step("callback", () -> { }, "reported");
        step("close", () -> d().findElement(By.id("sv-close-note")).sendKeys("同意办结。"), "closed");
        List<String> kinds = d().findElements(By.cssSelector("#sv-steps li")).stream()
                .map(e -> e.getAttribute("data-kind")).toList();
        assertTrue(kinds.containsAll(List.of("created", "instruct", "assigned", "progress", "done", "final-report",
                "callback", "close")), kinds.toString());
        browser.screenshot("supervision-5-closed");

        d().get(server.baseUrl() + "/#/wall");
        WebElement taken = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "#wall [data-kpi='taken'] .wall-value")));
        assertEquals("1", taken.getAttribute("data-value"));
        waiting().until(x -> !x.findElements(By.cssSelector("#wall-hours canvas")).isEmpty());
        browser.screenshot("supervision-6-wall");
        assertEquals(List.of(), browser.consoleErrors(), "console errors");
    }
}
