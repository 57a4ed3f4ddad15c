package org.hotline.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator's desk with its assistants, in headless Chromium: typing what the caller says brings up the matching
 * knowledge-base answer and the earlier order about the same problem within a second, and the dispatch suggestion
 * fills category and lead unit in two clicks and dispatches.
 */
@Tag("browser")
class DeskAssistBrowserTest {

    static final String EARLIER = "市民来电反映：楼上邻居每天深夜拖动家具、大声喧哗，噪音扰民严重，多次沟通无果。";
    static final String TYPED = "楼上邻居深夜噪音扰民，拖家具声音很大";

    static TestServer server;
    static Browser browser;
    static long earlierId;

    @BeforeAll
    static void start() {
        browser = Browser.start();
        // Some history to learn dispatching from (the demo's first 600 historical orders).
        server = TestServer.start(Map.of("demo-history", "600"), new ConsoleRoutes());
        Orders orders = new Orders(server);
        earlierId = orders.create("operator", orders.complaint(EARLIER).put("address", "江北区滨江花园3栋")).getLong("id");
        server.hotline().orderSearch().catchUp();
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

    WebDriverWait within(Duration d) {
        return new WebDriverWait(browser.driver, d, Duration.ofMillis(20));
    }

    @Test
    @DisplayName("typing shows a matching article and a similar order within a second; dispatching from the suggestion "
            + "works")
    void assistantsWhileTyping() {
        browser.login(server.baseUrl(), "operator");
        WebElement content = within(Duration.ofSeconds(20)).until(
                ExpectedConditions.elementToBeClickable(By.id("intake-content")));
        d().findElement(By.id("intake-phone")).sendKeys("13800002468");
        content.sendKeys(TYPED);
        long typed = System.nanoTime();

        WebElement article = within(Duration.ofSeconds(1)).until(x -> x.findElements(
                By.cssSelector("#kb-suggestions li")).stream()
                .filter(li -> li.getText().contains("噪声")).findFirst().orElse(null));
        long kbMillis = (System.nanoTime() - typed) / 1_000_000;
        assertTrue(article.findElements(By.tagName("mark")).size() > 0, "the matched words are marked");
        WebElement similar = within(Duration.ofSeconds(1)).until(x -> x.findElements(
                By.cssSelector("#similar-orders li[data-order-id='" + earlierId + "']")).stream().findFirst()
                .orElse(null));
        long similarMillis = (System.nanoTime() - typed) / 1_000_000;
        assertTrue(similar.getText().contains("内容相似"), similar.getText());
        System.out.printf("[hotline-test] desk: article after %d ms, similar order after %d ms%n", kbMillis,
                similarMillis);

        // The suggestion: the first category and the first unit, then dispatch.
        WebElement category = within(Duration.ofSeconds(2)).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#dispatch-suggestions li[data-category-id] button")));
        String categoryName = category.findElement(By.className("assist-title")).getText();
        category.click();
        within(Duration.ofSeconds(5)).until(x -> x.findElement(By.id("intake-category")).getAttribute("value")
                .contains(categoryName));
        WebElement unit = d().findElement(By.cssSelector("#dispatch-suggestions li[data-unit-id] button"));
        String unitName = unit.findElement(By.className("assist-title")).getText();
        unit.click();
        within(Duration.ofSeconds(5)).until(x -> unitName.equals(x.findElement(By.id("intake-lead-unit"))
                .getAttribute("value")));
        browser.screenshot("desk-assist-1-suggestions");
        d().findElement(By.id("intake-dispatch")).click();
        WebElement result = within(Duration.ofSeconds(20)).until(
                ExpectedConditions.visibilityOfElementLocated(By.id("intake-result")));
        assertTrue(result.getText().contains(unitName), result.getText());
        browser.screenshot("desk-assist-2-dispatched");
        assertEquals(List.of(), browser.consoleErrors());

        long id = Long.parseLong(result.getAttribute("data-order-id"));
        JsonObject order = new Orders(server).get("operator", id);
        assertEquals("DISPATCHED", order.getString("status"));
        assertEquals(unitName, order.getJsonObject("leadUnit").getString("name"));
    }

    @Test
    @DisplayName("using an article answers on the spot: the answer is filled in, the order closes, the article's use "
            + "is on the order's timeline")
    void answerFromKnowledgeBase() {
        browser.login(server.baseUrl(), "operator");
        WebElement content = within(Duration.ofSeconds(20)).until(
                ExpectedConditions.elementToBeClickable(By.id("intake-content")));
        d().findElement(By.id("intake-phone")).sendKeys("13800001357");
        content.sendKeys("租房子住能不能取公积金交房租");
        WebElement use = within(Duration.ofSeconds(2)).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#kb-suggestions li:first-child button[id^='kb-use-']")));
        use.click();
        within(Duration.ofSeconds(5)).until(x -> !x.findElement(By.id("intake-answer-text")).getAttribute("value")
                .isBlank());
        assertTrue(d().findElement(By.id("intake-answer-text")).getAttribute("value").contains("公积金"));
        browser.screenshot("desk-assist-3-answer");
        // A category is still the operator's choice: take the suggestion's first.
        within(Duration.ofSeconds(5)).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#dispatch-suggestions li[data-category-id] button"))).click();
        d().findElement(By.id("intake-answer")).click();
        WebElement result = within(Duration.ofSeconds(20)).until(
                ExpectedConditions.visibilityOfElementLocated(By.id("intake-result")));
        long id = Long.parseLong(result.getAttribute("data-order-id"));
        JsonObject order = new Orders(server).get("operator", id);
        assertEquals("CLOSED", order.getString("status"));
        assertTrue(order.getJsonArray("timeline").stream().anyMatch(e -> "kb-used".equals(((JsonObject) e)
                .getString("action"))), order.getJsonArray("timeline").encodePrettily());
        assertEquals(List.of(), browser.consoleErrors());
    }

    @Test
    @DisplayName("the knowledge-base console: a unit drafts and submits, the KB admin sees the changed sentence and "
            + "publishes, the operator's desk suggests it at once")
    void reviewAndPublish() {
        browser.login(server.baseUrl(), "handler-water");
        d().get(server.baseUrl() + "/#/kb/new");
        WebElement title = within(Duration.ofSeconds(20)).until(ExpectedConditions.elementToBeClickable(By.id("kb-title")));
        title.sendKeys("二次供水水箱清洗周期说明");
        d().findElement(By.id("kb-answer-input")).sendKeys("<p>二次供水水箱每半年清洗消毒一次。</p><p>清洗前三天在小区公告栏张贴通知。</p>");
        d().findElement(By.id("kb-keywords")).sendKeys("水箱清洗，二次供水");
        d().findElement(By.id("kb-save-submit")).click();
        WebElement status = within(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".page-header [data-status]")));
        assertEquals("review", status.getAttribute("data-status"));
        String articleUrl = d().getCurrentUrl();
        assertEquals(List.of(), browser.consoleErrors());

        browser.login(server.baseUrl(), "kbadmin");
        assertEquals("kb", d().findElement(By.id("page")).getAttribute("data-page"));
        WebElement row = within(Duration.ofSeconds(20)).until(ExpectedConditions.elementToBeClickable(
                By.xpath("//table[@id='kb-list']//tr[contains(., '二次供水水箱清洗周期说明')]")));
        browser.screenshot("kb-1-review-list");
        row.click();
        within(Duration.ofSeconds(20)).until(ExpectedConditions.elementToBeClickable(By.id("kb-approve"))).click();
        within(Duration.ofSeconds(20)).until(x -> "published".equals(x.findElement(
                By.cssSelector(".page-header [data-status]")).getAttribute("data-status")));
        browser.screenshot("kb-2-published");
        assertTrue(d().getCurrentUrl().startsWith(articleUrl.replace("/edit", "")));
        assertEquals(List.of(), browser.consoleErrors());

        browser.login(server.baseUrl(), "operator");
        within(Duration.ofSeconds(20)).until(ExpectedConditions.elementToBeClickable(By.id("intake-content")))
                .sendKeys("小区水箱多久清洗一次");
        within(Duration.ofSeconds(2)).until(x -> x.findElements(By.cssSelector("#kb-suggestions li")).stream()
                .anyMatch(li -> li.getText().contains("二次供水水箱清洗周期说明")));
        assertEquals(List.of(), browser.consoleErrors());
    }
}
