package org.hotline.console;

import static org.hotline.testing.TestClock.shanghai;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A leader sees a place asked about repeatedly on the dashboard, then reads the month's assessment report: 住建局's numbers, the orders behind its received count and behind its
 * resolution rate, the indicator definitions, the weekly report, the file downloads, and a change of the score's
 * weights (refused when they do not add up to 100). Screenshots go to target/screenshots.
 */
@Tag("browser")
class AssessmentBrowserTest {

    static final TestClock CLOCK = new TestClock(shanghai("2026-11-23T09:00"));
    static TestServer server;
    static Browser browser;
    static Orders orders;
    static final List<Long> RECEIVED = new ArrayList<>();
    static long unresolved;

    @BeforeAll
    static void start() {
        browser = Browser.start();
        server = TestServer.start(Map.of("timer-scan-interval", "1h", "notify-interval", "1h",
                "session-idle-timeout", "3650d", "session-max-lifetime", "3650d"), new ConsoleRoutes(), CLOCK);
        orders = new Orders(server);
        browser.driver.manage().window().setSize(new Dimension(1440, 900));
        String handler = "handler-zjj";
        for (int n = 0; n < 3; n++) {
            JsonObject o = orders.create("operator", orders.complaint("第" + n + "件：小区二次供水水箱不清洗，水发黄。"));
            o = orders.act("dispatcher", o, "dispatch", new JsonObject().put("leadUnitId", orders.unit("zjj")));
            RECEIVED.add(o.getLong("id"));
            o = orders.act(handler, orders.get(handler, o.getLong("id")), "sign", null);
            CLOCK.advance(Duration.ofHours(3));
            o = orders.act(handler, o, "reply", new JsonObject().put("text", "已督促物业清洗水箱并检测水质。"));
            o = orders.act("reviewer", orders.get("reviewer", o.getLong("id")), "approve-reply", null);
            boolean resolved = n != 1;
            if (!resolved) {
                unresolved = o.getLong("id");
            }
            orders.act("reviewer", o, "callback", new JsonObject().put("resolved", resolved)
                    .put("satisfaction", resolved ? "satisfied" : "dissatisfied").put("contacted", true)
                    .put("note", "回访记录"));
        }
        JsonObject direct = orders.create("operator", orders.complaint("咨询：公积金提取需要哪些材料？"));
        orders.act("operator", direct, "answer-directly", new JsonObject().put("text", "已当场答复。"));
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

    void ready() {
        waiting().until(x -> "true".equals(x.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    WebElement zjjRow() {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "#assessment-table tr[data-unit='" + orders.unit("zjj") + "']")));
    }

    List<Long> drilled() {
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("assessment-drill-table")));
        return browser.driver.findElements(By.cssSelector("#assessment-drill-table tr[data-order]")).stream()
                .map(e -> Long.parseLong(e.getAttribute("data-order"))).toList();
    }

    @Test
    @DisplayName("leader reads the monthly report, drills into a count and a rate, switches to weekly, changes weights")
    void monthlyReportDrillDownAndWeights() {
        browser.login(server.baseUrl(), "leader");
        ready();
        // The dashboard first: four requests this week about 滨江花园 are a repeated place, with links to the orders.
        WebElement places = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("leadership-places")));
        assertTrue(places.getText().contains("滨江花园"), places.getText());
        assertEquals(4, places.findElements(By.cssSelector("a[href^='#/orders/']")).size());
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("arguments[0].scrollIntoView()", places);
        browser.screenshot("assessment-0-hotspots");
        browser.driver.get(server.baseUrl() + "/#/assessment");
        ready();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("assessment-range"), "2026-11"));
        waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                "#assessment-ranking button[data-tab='city_bureau']"))).click();
        WebElement row = zjjRow();
        assertTrue(row.getText().contains("66.7%"), "resolution 2 of 3: " + row.getText());
        browser.screenshot("assessment-1-monthly");

        row.findElement(By.cssSelector("button[data-measure='received']")).click();
        waiting().until(x -> drilled().size() == 3);
        assertEquals(RECEIVED, drilled(), "the three orders behind 住建局's received count");
        zjjRow().findElement(By.cssSelector("button[data-measure='unresolved']")).click();
        waiting().until(x -> drilled().size() == 1);
        assertEquals(List.of(unresolved), drilled(), "the one order behind the resolution rate's shortfall");
        browser.screenshot("assessment-2-drill-down");

        browser.driver.findElement(By.cssSelector("#assessment-help summary")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("assessment-help"), "有评价的回访次数"));

        String csv = browser.driver.findElement(By.id("assessment-csv")).getAttribute("href");
        assertTrue(csv.endsWith("/api/v1/assessment/report?period=2026-11&format=csv"), csv);
        browser.driver.findElement(By.cssSelector("#assessment-controls button[data-kind='week']")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("assessment-range"), "2026-W48"));
        assertTrue(browser.driver.findElement(By.id("assessment-pdf")).getAttribute("href")
                .endsWith("period=2026-W48&format=pdf"));
        assertTrue(zjjRow().getText().contains("66.7%"), "the week holds the same orders");

        // Weights: a sum other than 100 is refused with the reason; 20/40/40 is taken and scores the month.
        browser.driver.findElement(By.id("assessment-weights-edit")).click();
        WebElement form = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("assessment-weights-form")));
        form.findElement(By.name("response")).clear();
        form.findElement(By.name("response")).sendKeys("50");
        form.findElement(By.name("reason")).sendKeys("考核办法修订");
        browser.driver.findElement(By.id("assessment-weights-save")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("assessment-weights-error")));
        form.findElement(By.name("response")).clear();
        form.findElement(By.name("response")).sendKeys("20");
        form.findElement(By.name("resolution")).clear();
        form.findElement(By.name("resolution")).sendKeys("40");
        form.findElement(By.name("satisfaction")).clear();
        form.findElement(By.name("satisfaction")).sendKeys("40");
        browser.driver.findElement(By.id("assessment-weights-save")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("assessment-weights"), "20%"));
        // Response 1.0, resolution and satisfaction 2/3: 20 + 40 × 2/3 + 40 × 2/3 = 73.33.
        waiting().until(x -> zjjRow().getText().contains("73.33"));
        browser.screenshot("assessment-3-weights");
    }
}
