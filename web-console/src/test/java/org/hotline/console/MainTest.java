package org.hotline.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hotline.config.Option;
import org.hotline.server.Hotline;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MainTest {

    record Run(int exit, String out, String err) {
    }

    static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Main.run(List.of(args));
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    @DisplayName("--help lists every option with its environment variable")
    void helpListsEveryOption() {
        Run r = run("--help");
        assertEquals(0, r.exit());
        List<Option> all = new java.util.ArrayList<>(Hotline.options());
        all.addAll(ConsoleOptions.all());
        for (Option o : all) {
            assertTrue(r.out().contains(o.commandLineName() + "="), o.name());
            assertTrue(r.out().contains(o.environmentName()), o.environmentName());
        }
    }

    @Test
    @DisplayName("the README's configuration table lists every option")
    void readmeListsEveryOption() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<Option> all = new java.util.ArrayList<>(Hotline.options());
        all.addAll(ConsoleOptions.all());
        for (Option o : all) {
            assertTrue(readme.contains("`" + o.commandLineName() + "`"), "README lacks " + o.commandLineName());
        }
    }

    @Test
    @DisplayName("an unknown command or option is refused with a message, not a stack trace")
    void refusals() {
        Run unknown = run("strat");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("Unknown command"), unknown.err());

        Run typo = run("start-dev", "--htp-port=1");
        assertEquals(1, typo.exit());
        assertTrue(typo.err().contains("--htp-port"), typo.err());
        assertTrue(!typo.err().contains("Exception"), typo.err());
    }

    @Test
    @DisplayName("start refuses the embedded development database")
    void startRefusesDevDatabase() {
        Run r = run("start", "--db=dev-file", "--config-file=");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("not for production"), r.err());
    }

    @Test
    @DisplayName("a migration that cannot run stops the start with the reason and a non-zero exit")
    void failedMigration(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // A database that already holds tables Flyway did not create: it must refuse, not guess.
        String url = "jdbc:h2:file:" + dir.resolve("db").resolve("hotline").toAbsolutePath() 
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        try (var c = java.sql.DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("CREATE TABLE unit (id INT)");
        }
        Run r = run("start-dev", "--data-dir=" + dir, "--http-port=0", "--config-file=");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("migration failed"), r.err());
    }

    @Test
    @DisplayName("start against an unreachable MySQL fails with a clear message and a non-zero exit")
    void unreachableDatabase() {
        Run r = run("start", "--db=mysql", "--db-url=jdbc:mysql://127.0.0.1:1/hotline", "--db-username=x",
                "--pii-key=" + org.hotline.citizen.PiiCipher.newKey(),
                "--db-connect-timeout=1s", "--config-file=");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("Cannot connect to the database"), r.err());
    }

    @Test
    @DisplayName("audit verify, with start-dev's options, passes an intact log and names the row changed behind its back")
    void auditVerify(@org.junit.jupiter.api.io.TempDir Path dataDir) {
        var config = org.hotline.config.Config.of(Hotline.options(), java.util.Map.of("db", "dev-file",
                "data-dir", dataDir.toString(), "config-file", ""));
        var cipher = org.hotline.citizen.CitizenOptions.cipher(null, false, dataDir);
        var seals = new org.hotline.audit.AuditSeals(org.hotline.audit.AuditOptions.chain(null, cipher));
        var events = org.hotline.db.generated.Tables.AUDIT_EVENT;
        try (var db = Hotline.openDatabase(config, org.hotline.db.DatabaseKind.DEV_FILE, null)) {
            db.migrate();
            for (int i = 0; i < 3; i++) {
                String detail = "export #" + i;
                db.transaction(dsl -> {
                    new org.hotline.audit.AuditLog().append(dsl, new org.hotline.audit.AuditEntry(null,
                            java.time.Instant.now(), 1L, "admin", "admin", "127.0.0.1", "report_exported", "report",
                            "2026-11", "success", detail, null));
                    return null;
                });
            }
            db.transaction(dsl -> seals.seal(dsl, java.time.Instant.now(), 100, true));
        }
        Run ok = run("audit", "verify", "--db=dev-file", "--data-dir=" + dataDir, "--config-file=");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("intact: 3 sealed"), ok.out());

        try (var db = Hotline.openDatabase(config, org.hotline.db.DatabaseKind.DEV_FILE, null)) {
            long second = db.dsl().select(events.ID).from(events).orderBy(events.ID).limit(1).offset(1)
                    .fetchOne(events.ID);
            db.dsl().update(events).set(events.ACTOR_USERNAME, "nobody").where(events.ID.eq(second)).execute();
        }
        Run broken = run("audit", "verify", "--db=dev-file", "--data-dir=" + dataDir, "--config-file=");
        assertEquals(1, broken.exit(), broken.out() + broken.err());
        assertTrue(broken.out().contains("BROKEN at seal 2"), broken.out());
    }
}
