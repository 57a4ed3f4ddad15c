package org.hotline.server;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.hotline.audit.AuditChain;
import org.hotline.audit.AuditOptions;
import org.hotline.audit.AuditSeals;
import org.hotline.citizen.CitizenOptions;
import org.hotline.citizen.PiiCipher;
import org.hotline.config.Config;
import org.hotline.config.ConfigException;
import org.hotline.config.CoreOptions;
import org.hotline.db.Database;
import org.hotline.db.DatabaseKind;

/**
 * {@code ./hotline audit verify}: walks the audit log's chain with the nodes' options ({@code --db…},
 * {@code --data-dir}, the keys) and names the first row that was changed or removed. Exit 0: intact; 1: broken.
 */
public final class AuditVerifyCommand {

    private AuditVerifyCommand() {
    }

    public static int run(Config config, PrintStream out, Clock clock) {
        // Only the choice of database: the production database, or start-dev's file in --data-dir.
        DatabaseKind kind = Hotline.databaseKind(config, Mode.DEVELOPMENT);
        if (kind == DatabaseKind.DEV_MEM) {
            throw new ConfigException("audit verify needs a database that outlives the process: --db=mysql … "
                    + "or start-dev's --data-dir");
        }
        AuditChain chain = AuditOptions.chain(config.stringOrNull(AuditOptions.AUDIT_KEY), cipher(config));
        try (Database db = Hotline.openDatabase(config, kind, null)) {
            AuditSeals.Report r = new AuditSeals(chain).verify(db.dsl(), clock.instant());
            if (r.brokenSeq() != null) {
                out.printf("BROKEN at seal %d (audit event %s): %s. Seals 1–%d verify.%n", r.brokenSeq(),
                        r.brokenEventId() == null ? "?" : r.brokenEventId(), r.problem(), r.sealed());
            } else {
                out.printf("Audit chain intact: %d sealed event(s) verify (key %s).%n", r.sealed(), chain.keyId());
            }
            if (r.unsealedOverdue() > 0) {
                out.printf("NOT SEALED: %d event(s) older than %d minutes have no seal, the first is audit event %d "
                                + "(written beside the application, or no node is running).%n", r.unsealedOverdue(),
                        AuditSeals.SEAL_GRACE.toMinutes(), r.firstUnsealedId());
            }
            return r.ok() ? 0 : 1;
        }
    }

    // The key the nodes use: given, or start-dev's in the data directory; never a new one (that could verify nothing).
    private static PiiCipher cipher(Config config) {
        String key = config.stringOrNull(CitizenOptions.PII_KEY);
        if (key == null && config.stringOrNull(AuditOptions.AUDIT_KEY) == null) {
            Path file = config.path(CoreOptions.DATA_DIR).resolve("pii.key");
            if (!Files.exists(file)) {
                throw new ConfigException("audit verify needs the nodes' key: --audit-key, or --pii-key when the "
                        + "audit key is derived from it (start-dev keeps it in --data-dir; " + file + " is missing)");
            }
        }
        return CitizenOptions.cipher(key, false, config.path(CoreOptions.DATA_DIR));
    }
}
