package org.hotline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    static final Option FILE = Option.path("config-file", "conf/hotline.conf", "file");
    static final Option PORT = Option.integer("http-port", 8080, "port");
    static final Option URL = Option.string("db-url", null, "url");
    static final Option DB = Option.string("db", null, "kind", "dev-file", "dev-mem", "mysql");
    static final Option IDLE = Option.duration("session-idle-timeout", "30m", "idle");
    static final Option SECRET = Option.secret("db-password", "pw");

    ConfigLoader loader = new ConfigLoader(List.of(FILE, PORT, URL, DB, IDLE, SECRET), FILE);

    @Test
    @DisplayName("one option, four spellings: command line beats environment beats file beats default")
    void precedence(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hotline.conf");
        Files.writeString(file, "# comment\nhttp-port=7001\ndb-url=jdbc:mysql://file/db\ndb=mysql\n");

        Config fileOnly = loader.load(Map.of("config-file", file.toString()), Map.of());
        assertEquals(7001, fileOnly.integer(PORT));
        assertEquals(OptionSource.FILE, fileOnly.source(PORT));

        Config envWins = loader.load(Map.of("config-file", file.toString()),
                Map.of("HOTLINE_HTTP_PORT", "7002", "HOTLINE_DB_URL", "jdbc:mysql://env/db"));
        assertEquals(7002, envWins.integer(PORT));
        assertEquals("jdbc:mysql://env/db", envWins.string(URL));
        assertEquals(OptionSource.ENVIRONMENT, envWins.source(URL));
        assertEquals("mysql", envWins.string(DB), "what only the file sets still comes from the file");

        var cl = loader.parseCommandLine(List.of("--config-file=" + file, "--http-port", "7003"));
        Config cliWins = loader.load(cl.values(), Map.of("HOTLINE_HTTP_PORT", "7002"));
        assertEquals(7003, cliWins.integer(PORT));
        assertEquals(OptionSource.COMMAND_LINE, cliWins.source(PORT));

        Config defaults = loader.load(Map.of("config-file", ""), Map.of());
        assertEquals(8080, defaults.integer(PORT));
        assertEquals(OptionSource.DEFAULT, defaults.source(PORT));
        assertEquals(Duration.ofMinutes(30), defaults.duration(IDLE));
    }

    @Test
    @DisplayName("the config file can itself be named by the environment")
    void fileFromEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("other.conf");
        Files.writeString(file, "http-port=7100\n");
        Config c = loader.load(Map.of(), Map.of("HOTLINE_CONFIG_FILE", file.toString()));
        assertEquals(7100, c.integer(PORT));
    }

    @Test
    @DisplayName("typos and bad values are refused with a message naming the option")
    void errors(@TempDir Path dir) throws Exception {
        var unknown = assertThrows(ConfigException.class, () -> loader.parseCommandLine(List.of("--htp-port=1")));
        assertTrue(unknown.getMessage().contains("--htp-port"));

        var notInt = assertThrows(ConfigException.class,
                () -> loader.load(Map.of(), Map.of("HOTLINE_HTTP_PORT", "eighty")));
        assertTrue(notInt.getMessage().contains("HOTLINE_HTTP_PORT"), notInt.getMessage());

        var notAllowed = assertThrows(ConfigException.class, () -> loader.parseCommandLine(List.of("--db=oracle")));
        assertTrue(notAllowed.getMessage().contains("dev-file, dev-mem, mysql"), notAllowed.getMessage());

        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "db-urll=x\n");
        var inFile = assertThrows(ConfigException.class, () -> loader.load(Map.of("config-file", file.toString()),
                Map.of()));
        assertTrue(inFile.getMessage().contains("db-urll"), inFile.getMessage());

        var missing = assertThrows(ConfigException.class,
                () -> loader.load(Map.of("config-file", dir.resolve("nope.conf").toString()), Map.of()));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());

        var badDuration = assertThrows(ConfigException.class,
                () -> loader.parseCommandLine(List.of("--session-idle-timeout=soon")));
        assertTrue(badDuration.getMessage().contains("duration"), badDuration.getMessage());
    }

    @Test
    @DisplayName("durations read as 30s, 15m, 12h, 7d or ISO-8601; secrets are masked when described")
    void durationsAndSecrets() {
        assertEquals(Duration.ofSeconds(30), ConfigLoader.parseDuration("30s"));
        assertEquals(Duration.ofHours(12), ConfigLoader.parseDuration("12h"));
        assertEquals(Duration.ofDays(7), ConfigLoader.parseDuration("7d"));
        assertEquals(Duration.ofMinutes(45), ConfigLoader.parseDuration("PT45M"));
        Config c = loader.load(Map.of("db-password", "hunter2", "config-file", ""), Map.of());
        assertEquals("hunter2", c.string(SECRET));
        assertTrue(c.describe().get("db-password").startsWith("******"));
        assertTrue(c.describe().values().stream().noneMatch(v -> v.contains("hunter2")));
    }

    @Test
    @DisplayName("environment names follow the option names: db-url is HOTLINE_DB_URL")
    void environmentNames() {
        assertEquals("HOTLINE_DB_URL", URL.environmentName());
        assertEquals("--session-idle-timeout", IDLE.commandLineName());
    }
}
