package org.hotline.console;

import static org.hotline.testing.TestClock.shanghai;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hotline.testing.Orders;
import org.hotline.testing.TestClock;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Time limits through the console, on a server whose clock the test moves. A complaint is dispatched to 住建局 on
 * Wednesday 25 November 2026 at 10:00 and nobody signs it: at noon its 2-working-hour sign clock runs out and is urged
 * (催办). The order page shows the red clock and its story; the leadership sees it among the escalated and overdue
 * clocks and in the unit table; 住建局's handler finds it in the unit's time-limit view, 城管局's does not; when the
 * office opens after lunch the handler's bell rings. An admin edits a time-limit policy (a bad value is refused next
 * to its field) and enters next year's first holiday, which ends the missing-calendar warning. All at 1366×768,
 * without console errors.
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TimeLimitsBrowserTest {

    static final TestClock CLOCK = new TestClock(shanghai("2026-11-25T10:00"));
    static final String LEAD_UNIT = "江城市住房和城乡建设局";
    static final String CONTENT = "小区地下车库顶板渗水严重，雨天积水没过脚踝，物业多次维修无效，请住建部门督促处理。";

    static TestServer server;
    static Browser browser;
    static Orders orders;
    static long orderId;
    static String number;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
        // No periodic sweeps: the test fires what is due itself, after moving the clock. Sessions outlive the jumps.
        server = TestServer.start(Map.of("timer-scan-interval", "1h", "notify-interval", "1h",
                "session-idle-timeout", "3650d", "session-max-lifetime", "3650d"), new ConsoleRoutes(), CLOCK);
        orders = new Orders(server);
        browser.driver.manage().window().setSize(new Dimension(1366, 768));

        JsonObject o = orders.create("operator", orders.complaint(CONTENT));
        o = orders.act("dispatcher", o, "dispatch", new JsonObject().put("leadUnitId", orders.unit("zjj")));
        orderId = o.getLong("id");
        number = o.getString("number");
        // 11:30, three quarters of the sign time spent: a warning. Noon passes and 住建局 has not signed: the sign
        // clock is breached and urged (level 1).
        CLOCK.set("2026-11-25T11:30:01");
        fireDue();
        CLOCK.set("2026-11-25T12:00:01");
        fireDue();
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

    // ------------------------------------------------------------------ helpers

    static void fireDue() {
        server.fireDueTimers();
    }

    static void deliverDue() {
        server.deliverDueNotifications();
    }

    WebDriverWait waiting() {
        return browser.waiting();
    }

    WebDriver d() {
        return browser.driver;
    }

    void login(String username) {
        browser.login(server.baseUrl(), username);
    }

    void waitReady() {
        waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    }

    /** Opens a page from the navigation and waits until it has rendered. */
    void openNav(String page) {
        waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("nav a[data-nav='" + page + "']")))
                .click();
        waiting().until(x -> page.equals(x.findElement(By.id("page")).getAttribute("data-page"))
                && "true".equals(x.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    void openOrder(long id) {
        d().get(server.baseUrl() + "/#/orders/" + id);
        waiting().until(x -> {
            try {
                var n = x.findElements(By.id("order-number"));
                return !n.isEmpty() && number.equals(n.getFirst().getText().trim())
                        && "true".equals(x.findElement(By.tagName("body")).getAttribute("data-ready"));
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
    }

    String text(By by) {
        return d().findElement(by).getText();
    }

    void scrollTo(String id) {
        ((JavascriptExecutor) d()).executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
    }

    int unread() {
        return Integer.parseInt(d().findElement(By.id("notify-bell")).getAttribute("data-unread"));
    }

    /** At 1366×768 the page itself never scrolls sideways, and neither does any table on it. */
    void assertLayoutHolds(String what) {
        @SuppressWarnings("unchecked")
        List<String> wide = (List<String>) ((JavascriptExecutor) d()).executeScript("""
                const out = [];
                const main = document.querySelector('.main');
                if (main && main.scrollWidth > main.clientWidth + 1) out.push('main ' + main.scrollWidth + '>' + main.clientWidth);
                if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push('document');
                document.querySelectorAll('.table-wrap').forEach((w) => {
                  if (w.scrollWidth > w.clientWidth + 1) {
                    const t = w.querySelector('table');
                    out.push((t && t.id ? '#' + t.id : 'table') + ' ' + w.scrollWidth + '>' + w.clientWidth);
                  }
                });
                return out;""");
        assertEquals(List.of(), wide, what + ": wider than the window");
    }

    void assertNoConsoleErrors(String who) {
        assertEquals(List.of(), browser.consoleErrors(), "console errors for " + who);
    }

    // ------------------------------------------------------------------ (a) the order page

    @Test
    @Order(1)
    @DisplayName("an order whose sign clock ran out shows it red and urged (level 1), and the clock's story on its "
            + "timeline, quieter than people's steps")
    void overdueOrderPage() {
        login("handler-zjj");
        openOrder(orderId);
        WebElement sign = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#clocks-open .clock-row[data-kind='sign']")));
        assertEquals("red", sign.getAttribute("data-state"));
        assertEquals("1", sign.getAttribute("data-level"));
        assertTrue(sign.getText().contains("催办"), sign.getText());
        assertTrue(sign.getText().contains(LEAD_UNIT), sign.getText());
        assertTrue(sign.getText().contains("已到期") || sign.getText().contains("已超期"), sign.getText());
        // The handling clock runs on, green: 15 working days of 7 office hours, less the 2 hours since 10:00.
        WebElement handle = d().findElement(By.cssSelector("#clocks-open .clock-row[data-kind='handle']"));
        assertEquals("green", handle.getAttribute("data-state"));
        assertTrue(handle.getText().contains("剩余 14 个工作日 5 小时"), handle.getText());
        assertEquals("sign", d().findElement(By.cssSelector("#clocks-open .clock-row")).getAttribute("data-kind"),
                "the overdue clock comes first");
        // The header's sign box is driven by the same clock.
        WebElement box = d().findElement(By.cssSelector(".dl-box[data-deadline='sign']"));
        assertEquals("over", box.getAttribute("data-tone"));
        assertTrue(box.getText().contains("催办"), box.getText());
        assertTrue(text(By.id("order-policy")).contains("第 1 版"), text(By.id("order-policy")));

        List<String> steps = d().findElements(By.cssSelector("ol#timeline > li[data-action]")).stream()
                .map(li -> li.getAttribute("data-action")).toList();
        for (String step : List.of("clock-started", "clock-warning", "clock-breached", "clock-escalated")) {
            assertTrue(steps.contains(step), step + " in " + steps);
        }
        String story = text(By.id("timeline"));
        assertTrue(story.contains("签收开始计时"), story);
        assertTrue(story.contains("签收即将到期"), story);
        assertTrue(story.contains("签收已超期"), story);
        assertTrue(story.contains("签收超时 · 催办"), story);
        assertFalse(story.contains("clock-"), "every step has a readable label: " + story);
        WebElement urged = d().findElement(By.cssSelector("ol#timeline > li[data-action='clock-escalated']"));
        assertTrue(urged.getAttribute("class").contains("tl-system"), "the system's steps are quieter");
        assertFalse(d().findElement(By.cssSelector("ol#timeline > li[data-action='dispatch']")).getAttribute("class")
                .contains("tl-system"), "people's steps are not");
        assertEquals(0, unread(), "nothing is delivered during the lunch break");
        browser.screenshot("time-limits-a-order");
        scrollTo("order-story");
        browser.screenshot("time-limits-a-timeline");
        assertLayoutHolds("order page");
        // The same story in English.
        d().findElement(By.id("lang-switch")).click();
        waiting().until(x -> x.findElement(By.id("timeline")).getText().contains("Sign overdue · Urge"));
        assertTrue(text(By.id("order-clocks")).contains("L1 · Urge"), text(By.id("order-clocks")));
        browser.screenshot("time-limits-a-order-en");
        assertLayoutHolds("order page in English");
        d().findElement(By.id("lang-switch")).click();
        waiting().until(x -> x.findElement(By.id("timeline")).getText().contains("签收超时 · 催办"));
        assertNoConsoleErrors("handler-zjj");
    }

    // ------------------------------------------------------------------ (b) leadership and unit views

    @Test
    @Order(2)
    @DisplayName("the leadership lists the order under escalated and overdue with its level and counts it for 住建局, "
            + "supervision lists it as overdue; 住建局's handler sees it in the unit view, 城管局's handler does not")
    void overdueViews() {
        login("leader");
        By escalatedRow = By.cssSelector("#leadership-clocks-table tr[data-order-id='" + orderId + "']");
        waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#leadership-clocks button[data-tab='escalated']")))
                .click();
        WebElement row = waiting().until(ExpectedConditions.visibilityOfElementLocated(escalatedRow));
        assertEquals("1", row.getAttribute("data-level"));
        assertTrue(row.getText().contains(number) && row.getText().contains("催办"), row.getText());
        WebElement units = d().findElement(By.cssSelector(
                "#leadership-units-table tr[data-unit-name='" + LEAD_UNIT + "']"));
        assertEquals("1", units.findElement(By.cssSelector("[data-col='overdue']")).getText().trim());
        assertEquals("2", units.findElement(By.cssSelector("[data-col='open']")).getText().trim(), "sign and handle");
        assertTrue(units.findElement(By.cssSelector("[data-col='maxLevel']")).getText().contains("催办"));
        assertEquals("1", d().findElement(By.cssSelector("#leadership-levels li[data-level='1'] .level-value"))
                .getAttribute("data-value"));
        assertEquals("1", d().findElement(By.cssSelector("[data-kpi='overdue'] .tile-value")).getAttribute("data-value"));
        browser.screenshot("time-limits-b-leadership");
        assertLayoutHolds("leadership");
        scrollTo("leadership-by-unit");
        browser.screenshot("time-limits-b-leadership-units");

        d().findElement(By.cssSelector("#leadership-clocks button[data-tab='overdue']")).click();
        row = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#leadership-clocks-table[data-view='overdue'] tr[data-order-id='" + orderId + "']")));
        assertEquals("sign", row.getAttribute("data-kind"));
        browser.screenshot("time-limits-b-leadership-overdue");
        row.findElement(By.cssSelector("a.order-link")).click();
        openOrderWaitOnly();
        assertNoConsoleErrors("leader");

        login("supervisor");
        waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#supervision-queue button[data-tab='overdue']")))
                .click();
        row = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#supervision-clocks[data-view='overdue'] tr[data-order-id='" + orderId + "']")));
        assertTrue(row.getText().contains(number) && row.getText().contains(LEAD_UNIT), row.getText());
        browser.screenshot("time-limits-b-supervision");
        assertLayoutHolds("supervision");
        assertNoConsoleErrors("supervisor");

        login("handler-zjj");
        // The unit inbox says how the unit's time limits stand and leads to them.
        WebElement summary = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("inbox-clocks")));
        assertTrue(summary.getText().contains("时限已超期 1"), summary.getText());
        // Its row counts in the server's working time, as the order page does, with the urge.
        WebElement deadline = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#queue-table tr[data-order-id='" + orderId + "'] .deadline[data-clock]")));
        assertEquals("over", deadline.getAttribute("data-tone"));
        String cell = deadline.findElement(By.xpath("./..")).getText();
        assertTrue(cell.contains("已到期") && cell.contains("催办"), cell);
        browser.screenshot("time-limits-b-unit-inbox");
        assertLayoutHolds("unit inbox");
        summary.click();
        waiting().until(x -> "clocks".equals(x.findElement(By.id("page")).getAttribute("data-page"))
                && "true".equals(x.findElement(By.tagName("body")).getAttribute("data-ready")));
        waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#clock-board button[data-tab='escalated']")))
                .click();
        row = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#clock-board-table tr[data-order-id='" + orderId + "']")));
        assertTrue(row.getText().contains(number), row.getText());
        assertEquals("1", d().findElement(By.cssSelector("#clock-kpis [data-kpi='overdue'] .tile-value"))
                .getAttribute("data-value"));
        browser.screenshot("time-limits-b-unit-view");
        assertLayoutHolds("unit time limits");
        assertNoConsoleErrors("handler-zjj");

        login("handler-cgj");
        openNav("clocks");
        for (String tab : List.of("escalated", "overdue", "at-risk")) {
            d().findElement(By.cssSelector("#clock-board button[data-tab='" + tab + "']")).click();
            waiting().until(ExpectedConditions.attributeToBe(By.id("clock-board"), "data-view", tab));
            assertTrue(d().findElements(By.cssSelector("#clock-board-table tr[data-order-id='" + orderId + "']"))
                    .isEmpty(), "城管局 does not see 住建局's clock under " + tab);
        }
        assertFalse(text(By.id("clock-units-card")).contains(LEAD_UNIT), "nor 住建局 in its unit table");
        browser.screenshot("time-limits-b-other-unit");
        assertNoConsoleErrors("handler-cgj");
    }

    void openOrderWaitOnly() {
        waiting().until(x -> {
            var n = x.findElements(By.id("order-number"));
            return !n.isEmpty() && number.equals(n.getFirst().getText().trim());
        });
    }

    // ------------------------------------------------------------------ (c) the bell

    @Test
    @Order(3)
    @DisplayName("once the office opens after lunch the handler's bell shows the urge (the 11:30 warning went stale "
            + "at the breach and is withdrawn); opening it shows the order and the count goes down")
    void bell() throws Exception {
        login("handler-zjj");
        assertEquals(0, unread(), "nothing delivered yet");
        CLOCK.set("2026-11-25T14:10");
        fireDue();
        deliverDue();
        // The bell asks again on every page change (and every minute).
        openNav("clocks");
        waiting().until(x -> unread() == 1);
        assertEquals("1", text(By.id("notify-count")));
        browser.screenshot("time-limits-c-bell");
        d().findElement(By.id("notify-bell")).click();
        WebElement panel = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("notify-list")));
        List<WebElement> items = panel.findElements(By.cssSelector(".notify-item"));
        assertEquals(1, items.size(), panel.getText());
        assertTrue(items.stream().allMatch(i -> "false".equals(i.getAttribute("data-read"))));
        WebElement urge = panel.findElement(By.cssSelector(".notify-item[data-kind='clock-escalated']"));
        assertTrue(urge.getText().contains("催办") && urge.getText().contains(number), urge.getText());
        browser.screenshot("time-limits-c-panel");
        assertLayoutHolds("notifications panel");
        urge.click();
        openOrderWaitOnly();
        waiting().until(x -> unread() == 0);
        assertTrue(d().findElements(By.id("notify-panel")).isEmpty(), "the panel closes");
        // After lunch the overdue time counts again: 40 minutes of office time since 12:00.
        WebElement sign = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#clocks-open .clock-row[data-kind='sign']")));
        assertTrue(sign.getText().contains("已超期 40 分钟"), sign.getText());
        browser.screenshot("time-limits-c-opened");
        d().findElement(By.id("notify-bell")).click();
        WebElement read = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#notify-list .notify-item[data-kind='clock-escalated']")));
        assertEquals("true", read.getAttribute("data-read"));
        d().findElement(By.id("notify-bell")).click();
        assertNoConsoleErrors("handler-zjj");
    }

    // ------------------------------------------------------------------ (d) policies

    @Test
    @Order(4)
    @DisplayName("an admin edits complaint/normal: a handling limit of 0 and a level that notifies nobody are refused "
            + "next to their fields, 10 working days is saved as version 2 and shows in the history")
    void editPolicy() {
        login("admin");
        openNav("admin-policies");
        By row = By.cssSelector("#policy-table tr[data-policy-type='complaint'][data-policy-urgency='normal']");
        WebElement complaint = waiting().until(ExpectedConditions.visibilityOfElementLocated(row));
        assertEquals("1", complaint.getAttribute("data-version"));
        assertTrue(complaint.findElement(By.cssSelector("[data-limit='handle']")).getText().contains("15 个工作日"));
        assertTrue(complaint.getText().contains("催办"), complaint.getText());
        browser.screenshot("time-limits-d-policies");
        assertLayoutHolds("policies");

        complaint.findElement(By.cssSelector("[data-action='edit']")).click();
        WebElement amount = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("pe-handle-amount")));
        assertEquals("15", amount.getAttribute("value"));
        amount.clear();
        amount.sendKeys("0");
        WebElement notifyParent = d().findElement(By.id("pe-esc-1-notify-parent_unit"));
        WebElement notifySupervisor = d().findElement(By.id("pe-esc-1-notify-supervisor"));
        assertTrue(notifyParent.isSelected() && notifySupervisor.isSelected(), "level 2 tells the unit above and supervisors");
        d().findElement(By.cssSelector("label[for='pe-esc-1-notify-parent_unit']")).click();
        d().findElement(By.cssSelector("label[for='pe-esc-1-notify-supervisor']")).click();
        d().findElement(By.id("policy-save")).click();
        WebElement handleError = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("pe-handle-error")));
        assertTrue(handleError.getText().contains("不小于 1"), handleError.getText());
        assertEquals("true", d().findElement(By.id("pe-handle-amount")).getAttribute("aria-invalid"));
        WebElement notifyError = d().findElement(By.id("pe-esc-1-notify-error"));
        assertTrue(notifyError.getText().contains("通知对象"), notifyError.getText());
        assertTrue(notifyError.getAttribute("data-field").contains("escalation[1].notify"), notifyError.getAttribute("data-field"));
        browser.screenshot("time-limits-d-field-errors");
        scrollTo("pe-levels");
        browser.screenshot("time-limits-d-field-errors-levels");
        assertEquals(1, history().size(), "nothing saved");
        // The refused save is the one failed request the browser logs.
        List<String> logged = browser.consoleErrors();
        assertTrue(logged.size() == 1 && logged.getFirst().contains("/api/v1/sla/policies")
                && logged.getFirst().contains("400"), logged.toString());

        amount = d().findElement(By.id("pe-handle-amount"));
        amount.clear();
        amount.sendKeys("10");
        new Select(d().findElement(By.id("pe-handle-unit"))).selectByValue("working_days");
        d().findElement(By.cssSelector("label[for='pe-esc-1-notify-parent_unit']")).click();
        d().findElement(By.cssSelector("label[for='pe-esc-1-notify-supervisor']")).click();
        d().findElement(By.id("pe-note")).sendKeys("依据市政府办公厅通知，投诉类办理时限缩短为 10 个工作日");
        d().findElement(By.id("policy-save")).click();
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("policy-editor")));
        waiting().until(ExpectedConditions.attributeToBe(row, "data-version", "2"));
        complaint = d().findElement(row);
        assertTrue(complaint.findElement(By.cssSelector("[data-limit='handle']")).getText().contains("10 个工作日"),
                complaint.getText());
        assertTrue(complaint.getText().contains("第 2 版"), complaint.getText());
        assertEquals(2, history().size());

        complaint.findElement(By.cssSelector("[data-action='history']")).click();
        WebElement table = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("history-table")));
        assertEquals(2, table.findElements(By.cssSelector("tbody tr")).size());
        WebElement v2 = table.findElement(By.cssSelector("tr[data-version='2']"));
        assertTrue(v2.getText().contains("现行") && v2.getText().contains("缩短为 10 个工作日"), v2.getText());
        assertTrue(v2.findElement(By.cssSelector("[data-limit='handle']")).getAttribute("class").contains("cell-changed"));
        browser.screenshot("time-limits-d-history");
        assertLayoutHolds("policy history");
        assertNoConsoleErrors("admin");
    }

    @Test
    @Order(5)
    @DisplayName("an admin gives 施工噪声 complaints their own handling limit, then retires it")
    void categoryOverride() {
        long category = orders.category("020101");
        login("admin");
        openNav("admin-policies");
        waiting().until(ExpectedConditions.elementToBeClickable(By.id("policy-new-override"))).click();
        waiting().until(ExpectedConditions.attributeToBe(By.id("policy-editor"), "data-mode", "override"));
        new Select(d().findElement(By.id("pe-category"))).selectByValue(String.valueOf(category));
        new Select(d().findElement(By.id("pe-type"))).selectByValue("complaint");
        new Select(d().findElement(By.id("pe-urgency"))).selectByValue("normal");
        WebElement amount = d().findElement(By.id("pe-handle-amount"));
        String handle = server.get("/api/v1/sla/policies", orders.token("admin")).json().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(p -> "complaint".equals(p.getString("type")) && "normal".equals(p.getString("urgency"))
                        && p.getLong("categoryId") == null)
                .findFirst().orElseThrow().getJsonObject("rules").getJsonObject("handle").getInteger("amount")
                .toString();
        assertEquals(handle, amount.getAttribute("value"), "starts from the complaint/normal default");
        amount.clear();
        amount.sendKeys("5");
        browser.screenshot("time-limits-d-override-form");
        d().findElement(By.id("policy-save")).click();
        By row = By.cssSelector("#override-table tr[data-category-id='" + category + "']");
        WebElement override = waiting().until(ExpectedConditions.visibilityOfElementLocated(row));
        assertTrue(override.getText().contains("施工噪声") && override.getText().contains("第 1 版"), override.getText());
        assertTrue(override.findElement(By.cssSelector("[data-limit='handle']")).getText().contains("5 个工作日"));
        browser.screenshot("time-limits-d-override");
        assertLayoutHolds("category limits");

        override.findElement(By.cssSelector("[data-action='retire']")).click();
        waiting().until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#override-table [data-action='confirm-retire']"))).click();
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(row));
        assertTrue(text(By.id("policy-overrides")).contains("尚未设定分类特别时限"));
        assertTrue(server.get("/api/v1/sla/policies", orders.token("admin")).json().getJsonArray("items").stream()
                .map(JsonObject.class::cast).noneMatch(p -> p.getLong("categoryId") != null), "no override in force");
        assertNoConsoleErrors("admin");
    }

    List<Object> history() {
        return server.get("/api/v1/sla/policies/history?type=complaint&urgency=normal", orders.token("admin")).json()
                .getJsonArray("items").getList();
    }

    // ------------------------------------------------------------------ (e) the calendar

    @Test
    @Order(6)
    @DisplayName("an admin follows the missing-calendar warning to next year, adds New Year's Day, and the warning is "
            + "gone")
    void calendar() {
        int next = java.time.Year.now().getValue() + 1;
        boolean entered = server.get("/api/v1/calendar/days?year=" + next, orders.token("admin")).json()
                .getBoolean("entered");
        Assumptions.assumeFalse(entered, next + " is already in the calendar");
        login("admin");
        WebElement link = waiting().until(ExpectedConditions.elementToBeClickable(By.id("calendar-warning-link")));
        link.click();
        waiting().until(ExpectedConditions.attributeToBe(By.id("calendar-days"), "data-year", String.valueOf(next)));
        assertEquals("admin-calendar", d().findElement(By.id("page")).getAttribute("data-page"));
        assertFalse(d().findElements(By.id("calendar-year-missing")).isEmpty(), "the year is marked as missing");
        browser.screenshot("time-limits-e-calendar-empty");

        WebElement date = d().findElement(By.id("day-date"));
        ((JavascriptExecutor) d()).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                date, next + "-01-01");
        d().findElement(By.cssSelector("label.seg:has(#day-kind-holiday)")).click();
        d().findElement(By.id("day-name")).sendKeys("元旦");
        d().findElement(By.id("day-submit")).click();
        WebElement row = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#calendar-table tr[data-date='" + next + "-01-01']")));
        assertEquals("HOLIDAY", row.getAttribute("data-kind"));
        assertTrue(row.getText().contains("元旦") && row.getText().contains("法定节假日"), row.getText());
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("calendar-year-missing")));
        browser.screenshot("time-limits-e-calendar-added");
        assertLayoutHolds("calendar");

        openNav("admin-users");
        assertTrue(d().findElements(By.id("calendar-warning")).isEmpty(), "the warning is gone");
        assertTrue(server.get("/api/v1/calendar/days?year=" + next, orders.token("admin")).json()
                .getBoolean("entered"));
        assertNoConsoleErrors("admin");
    }
}
