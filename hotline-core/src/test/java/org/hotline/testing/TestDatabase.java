package org.hotline.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;

/**
 * The database a storage test runs on, chosen once per run: {@code HOTLINE_TEST_DB_URL} (+ {@code _USERNAME},
 * {@code _PASSWORD}) when set; else Testcontainers MySQL 8.4 when a Docker engine answers; else the embedded H2,
 * saying so. Each test class gets its own fresh, empty database, dropped afterwards.
 * With {@code HOTLINE_REQUIRE_ALL=true} (CI) a silent fall-back to H2 is an error, unless {@code HOTLINE_TEST_DB=h2}
 * asks for H2 explicitly.
 */
public final class TestDatabase implements AutoCloseable {

    private static final Pattern MYSQL_URL = Pattern.compile("(jdbc:(?:mysql|mariadb)://[^/]+/)([^?;]+)(.*)");
    private static volatile Object container;

    private final String kind;
    private final String url;
    private final String username;
    private final String password;
    private final String adminUrl;
    private final String databaseName;

    private TestDatabase(String kind, String url, String username, String password, String adminUrl,
                         String databaseName) {
        this.kind = kind;
        this.url = url;
        this.username = username;
        this.password = password;
        this.adminUrl = adminUrl;
        this.databaseName = databaseName;
    }

    /** A fresh, empty database for one test class. */
    public static TestDatabase create() {
        String explicit = System.getenv("HOTLINE_TEST_DB");
        String url = System.getenv("HOTLINE_TEST_DB_URL");
        if (url != null && !url.isBlank() && !"h2".equalsIgnoreCase(explicit)) {
            return mysql(url, env("HOTLINE_TEST_DB_USERNAME", "root"), env("HOTLINE_TEST_DB_PASSWORD", ""),
                    "HOTLINE_TEST_DB_URL");
        }
        if (!"h2".equalsIgnoreCase(explicit)) {
            TestDatabase fromDocker = fromTestcontainers();
            if (fromDocker != null) {
                return fromDocker;
            }
            if (Boolean.parseBoolean(System.getenv("HOTLINE_REQUIRE_ALL"))) {
                Assertions.fail("HOTLINE_REQUIRE_ALL is set but neither HOTLINE_TEST_DB_URL nor Docker is available: "
                        + "storage tests would silently run on H2 only.");
            }
        }
        Announce.once("storage tests run on the embedded H2 (MySQL mode): set HOTLINE_TEST_DB_URL to test on MySQL");
        return new TestDatabase("h2", null, null, null, null, null);
    }

    private static TestDatabase mysql(String baseUrl, String user, String password, String source) {
        Matcher m = MYSQL_URL.matcher(baseUrl);
        if (!m.matches()) {
            throw new IllegalStateException(source + " must look like jdbc:mysql://host:port/database, got " + baseUrl);
        }
        String name = (m.group(2) + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        String adminUrl = m.group(1) + m.group(3);
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            Announce.once("storage tests run on " + c.getMetaData().getDatabaseProductName() + " "
                    + c.getMetaData().getDatabaseProductVersion() + " (" + source + ")");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database via " + adminUrl + ": " + e.getMessage(), e);
        }
        return new TestDatabase("mysql", m.group(1) + name + m.group(3), user, password, adminUrl, name);
    }

    /** Testcontainers MySQL 8.4, started once per run, when a Docker engine answers. */
    private static synchronized TestDatabase fromTestcontainers() {
        try {
            if (container == null) {
                if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                    return null;
                }
                var mysql = new org.testcontainers.mysql.MySQLContainer("mysql:8.4").withUsername("root")
                        .withPassword("test");
                mysql.start();
                container = mysql;
            }
            var mysql = (org.testcontainers.mysql.MySQLContainer) container;
            return mysql(mysql.getJdbcUrl(), "root", "test", "Testcontainers");
        } catch (Throwable t) {
            return null;
        }
    }

    /** The options that point Hotline at this database. */
    public Map<String, String> options() {
        if (kind.equals("h2")) {
            return Map.of("db", "dev-mem");
        }
        return Map.of("db", "mysql", "db-url", url, "db-username", username, "db-password", password);
    }

    public boolean isMysql() {
        return kind.equals("mysql");
    }

    public String describe() {
        return isMysql() ? "MySQL/MariaDB database " + databaseName : "embedded H2";
    }

    @Override
    public void close() {
        if (databaseName == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(adminUrl, username, password);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + databaseName + "`");
        } catch (SQLException e) {
            System.err.println("[hotline-test] could not drop " + databaseName + ": " + e.getMessage());
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    /** Prints each notice once per JVM, so the test output says where the tests ran. */
    static final class Announce {
        private static final java.util.Set<String> SAID = java.util.concurrent.ConcurrentHashMap.newKeySet();

        static void once(String message) {
            if (SAID.add(message)) {
                System.out.println("[hotline-test] " + message);
            }
        }
    }
}
