package org.hotline.server;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import org.hotline.audit.AuditEntry;
import org.hotline.audit.AuditLog;
import org.hotline.auth.PasswordHasher;
import org.hotline.auth.Role;
import org.hotline.auth.StaffRepository;
import org.hotline.config.ConfigException;
import org.hotline.db.Database;

import static org.hotline.db.generated.Tables.STAFF_USER_ROLE;

/** Creates the first administrator of a production installation, which has no accounts at all. */
public final class AdminBootstrap {

    private AdminBootstrap() {
    }

    /** Creates {@code username} as admin; refuses when an admin already exists or the password is too weak. */
    public static long createFirstAdmin(Database db, String username, String displayName, char[] password,
                                        Clock clock) {
        if (username == null || !username.matches("[a-z0-9][a-z0-9._-]{1,63}")) {
            throw new ConfigException("--username must be 2–64 characters: lower-case letters, digits, '.', '_', '-'");
        }
        if (password == null || password.length < 12) {
            throw new ConfigException("The first admin's password must have at least 12 characters.");
        }
        String hash = new PasswordHasher().hash(password);
        Instant now = clock.instant();
        Installation.claim(db, Mode.PRODUCTION, now);
        return db.transaction(dsl -> {
            if (dsl.fetchExists(STAFF_USER_ROLE, STAFF_USER_ROLE.ROLE.eq(Role.ADMIN.id()))) {
                throw new ConfigException("An administrator already exists; create further accounts in the console.");
            }
            StaffRepository staff = new StaffRepository();
            if (staff.findByUsername(dsl, username).isPresent()) {
                throw new ConfigException("An account named " + username + " already exists.");
            }
            long id = staff.insert(dsl, username, displayName, hash, null, EnumSet.of(Role.ADMIN), now);
            new AuditLog().append(dsl, new AuditEntry(null, now, null, "bootstrap-admin", null, "local",
                    AuditLog.BOOTSTRAP_ADMIN, "account", Long.toString(id), AuditEntry.SUCCESS,
                    "first administrator " + username, null));
            return id;
        });
    }
}
