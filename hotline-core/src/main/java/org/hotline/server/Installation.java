package org.hotline.server;

import static org.hotline.db.generated.Tables.INSTALLATION;
import static org.hotline.db.generated.Tables.STAFF_USER;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.hotline.config.ConfigException;
import org.hotline.db.Database;

/**
 * Marks a database as a demo or a production installation, so the two never mix: start-dev does not seed demo
 * accounts (password "demo") into a production database, and start refuses a database holding the demo.
 */
public final class Installation {

    static final String MODE = "mode";

    private Installation() {
    }

    public static Optional<Mode> mode(Database db) {
        return db.dsl().select(INSTALLATION.SETTING_VALUE).from(INSTALLATION).where(INSTALLATION.SETTING.eq(MODE))
                .fetchOptional(r -> Mode.valueOf(r.value1().toUpperCase(Locale.ROOT)));
    }

    /** Checks that {@code mode} may run on this database and marks it; throws with the reason when it may not. */
    public static void claim(Database db, Mode mode, Instant now) {
        db.transaction(dsl -> {
            var current = dsl.select(INSTALLATION.SETTING_VALUE).from(INSTALLATION).where(INSTALLATION.SETTING.eq(MODE))
                    .forUpdate().fetchOptional(r -> Mode.valueOf(r.value1().toUpperCase(Locale.ROOT)));
            if (current.isPresent() && current.get() != mode) {
                throw new ConfigException(mode == Mode.PRODUCTION
                        ? "This database holds the start-dev demo (demo accounts, password 'demo'): start refuses it. "
                        + "Use an empty database for production."
                        : "This database belongs to a production installation: start-dev will not put demo data and "
                        + "demo accounts into it. Use ./hotline start, or another database for the demo.");
            }
            if (current.isEmpty()) {
                if (mode == Mode.DEVELOPMENT && dsl.fetchExists(STAFF_USER)) {
                    throw new ConfigException("This database already has accounts but is not a start-dev demo: "
                            + "start-dev will not add demo accounts to it.");
                }
                dsl.insertInto(INSTALLATION)
                        .set(INSTALLATION.SETTING, MODE)
                        .set(INSTALLATION.SETTING_VALUE, mode.name().toLowerCase(Locale.ROOT))
                        .set(INSTALLATION.UPDATED_AT, now)
                        .execute();
            }
            return null;
        });
    }
}
