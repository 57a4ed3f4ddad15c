package org.hotline.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Each demo role logs in to the console in headless Chromium and sees its own page, without console errors. */
@Tag("browser")
class ConsoleBrowserTest {

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

    void openLogin() {
        browser.openLogin(server.baseUrl());
    }

    void login(String username) {
        browser.login(server.baseUrl(), username);
    }

    List<String> navigation() {
        return browser.driver.findElements(By.cssSelector("nav a[data-nav]")).stream()
                .map(a -> a.getAttribute("data-nav")).toList();
    }

    @ParameterizedTest(name = "{0} lands on {1}")
    @CsvSource({
        "operator, desk",
        "dispatcher, dispatch",
        "reviewer, review",
        "supervisor, supervision",
        "leader, leadership",
        "admin, admin-users",
        "handler-zjj, unit-inbox",
        "unitadmin-jiangbei, unit-inbox",
    })
    @DisplayName("a demo role logs in and its page renders without console errors")
    void rolePage(String username, String page) {
        browser.consoleErrors();
        login(username);
        WebElement root = waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("page")));
        assertEquals(page, root.getAttribute("data-page"));
        assertFalse(root.getText().isBlank(), "the page shows something");
        List<String> nav = navigation();
        assertTrue(nav.contains(page), nav.toString());
        if (!username.equals("admin")) {
            assertFalse(nav.contains("admin-users"), username + " must not see account administration: " + nav);
        }
        if (username.startsWith("unitadmin")) {
            assertTrue(nav.contains("unit-admin"), nav.toString());
        }
        browser.screenshot("role-" + username);
        assertEquals(List.of(), browser.consoleErrors(), "console errors for " + username);
    }

    @Test
    @DisplayName("a wrong password shows the error on the login page")
    void wrongPassword() {
        var d = browser.driver;
        openLogin();
        WebElement user = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        user.sendKeys("operator");
        d.findElement(By.id("password")).sendKeys("wrong");
        d.findElement(By.id("login-submit")).click();
        WebElement error = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertFalse(error.getText().isBlank());
        browser.screenshot("login-error");
    }

    @Test
    @DisplayName("the admin's account page lists the demo accounts; the language switch turns the console English")
    void adminAndLanguage() {
        login("admin");
        waiting().until(d -> d.findElement(By.id("page")).getText().contains("handler-zjj"));
        assertTrue(browser.driver.findElement(By.cssSelector("tr[data-username='handler-zjj']")).getText()
                .contains("江城市住房和城乡建设局"), "each account shows its unit");
        browser.screenshot("admin-users-zh");
        // Admins are warned while next year's holidays are missing from the working-day calendar.
        int next = java.time.Year.now().getValue() + 1;
        boolean entered = server.get("/api/v1/calendar/days?year=" + next, server.login("admin", "demo")).json()
                .getBoolean("entered");
        boolean warned = !browser.driver.findElements(By.id("calendar-warning")).isEmpty();
        assertEquals(!entered, warned, "calendar warning for " + next);
        String before = browser.driver.findElement(By.cssSelector("nav")).getText();
        browser.driver.findElement(By.id("lang-switch")).click();
        waiting().until(d -> !d.findElement(By.cssSelector("nav")).getText().equals(before));
        assertTrue(browser.driver.findElement(By.cssSelector("nav")).getText().contains("Accounts"),
                browser.driver.findElement(By.cssSelector("nav")).getText());
        browser.screenshot("admin-users-en");
        browser.driver.findElement(By.id("lang-switch")).click();
        assertEquals(List.of(), browser.consoleErrors());
    }
}
