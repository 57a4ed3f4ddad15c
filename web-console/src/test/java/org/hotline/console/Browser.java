package org.hotline.console;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium for browser tests, driven by its chromedriver (never a downloaded browser). Without
 * Chromium the test is skipped with a message, except when {@code HOTLINE_REQUIRE_ALL=true} (CI), where it fails.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriverService service;
    final ChromeDriver driver;

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    static Browser start() {
        String chromium = env("HOTLINE_CHROMIUM", "/usr/bin/chromium");
        String chromedriver = env("HOTLINE_CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!new File(chromium).canExecute() || !new File(chromedriver).canExecute()) {
            String why = "browser test skipped: no " + (new File(chromium).canExecute() ? chromedriver : chromium)
                    + " (install Debian's chromium and chromium-driver, or set HOTLINE_CHROMIUM/HOTLINE_CHROMEDRIVER)";
            if (Boolean.parseBoolean(System.getenv("HOTLINE_REQUIRE_ALL"))) {
                Assertions.fail(why + " — HOTLINE_REQUIRE_ALL is set");
            }
            System.out.println("[hotline-test] " + why);
            Assumptions.abort(why);
        }
        try {
            Files.createDirectories(SCREENSHOTS);
            Path profile = Files.createTempDirectory("hotline-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-quic", "--no-first-run", "--window-size=1440,900", "--lang=zh-CN",
                    "--user-data-dir=" + profile);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            // The console shows times in the browser's zone; the centre and its units work in China's.
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(chromedriver))
                    .usingAnyFreePort()
                    .withEnvironment(java.util.Map.of("TZ", "Asia/Shanghai"))
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().implicitlyWait(Duration.ZERO);
            System.out.println("[hotline-test] browser tests run in " + driver.getCapabilities().getBrowserName() + " "
                    + driver.getCapabilities().getBrowserVersion());
            return new Browser(service, driver);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts from a fresh, logged-out console on the login page; what the previous session logged is dropped. */
    void openLogin(String baseUrl) {
        driver.get(baseUrl + "/");
        driver.manage().deleteAllCookies();
        // A new document, not a hash change: the previous user's page must not be taken for one asked for before
        // logging in (which the console restores after login).
        driver.get("about:blank");
        driver.get(baseUrl + "/#/login");
        waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        consoleErrors();
    }

    /** Logs a demo account in (password demo) and waits until its first page has rendered. */
    void login(String baseUrl, String username) {
        openLogin(baseUrl);
        WebElement user = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        user.clear();
        user.sendKeys(username);
        WebElement password = driver.findElement(By.id("password"));
        password.clear();
        password.sendKeys("demo");
        driver.findElement(By.id("login-submit")).click();
        waiting().until(x -> {
            var pages = x.findElements(By.cssSelector("#page[data-page]"));
            return !pages.isEmpty() && !"login".equals(pages.getFirst().getAttribute("data-page"))
                    && "true".equals(x.findElement(By.tagName("body")).getAttribute("data-ready"));
        });
    }

    /** Waits up to 20 s; an element the page re-rendered meanwhile (stale) is simply looked up again. */
    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Console messages of level SEVERE (errors, uncaught exceptions, failed loads) since the last call. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** Saves a screenshot under target/screenshots and returns its path. */
    Path screenshot(String name) {
        try {
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
