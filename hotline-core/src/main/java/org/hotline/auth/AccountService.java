package org.hotline.auth;

import static org.hotline.db.generated.Tables.UNIT;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.hotline.audit.AuditEntry;
import org.hotline.audit.AuditLog;
import org.hotline.db.Database;
import org.hotline.http.Problem;
import org.hotline.http.ProblemException;

/** Staff account administration: create, change roles and unit, disable, reset passwords. Every change is audited. */
public final class AccountService {

    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    static final int MIN_PASSWORD_LENGTH = 8;

    /** Fields of a new account. */
    public record NewAccount(String username, String displayName, String password, List<String> roles, Long unitId) {
    }

    /** Fields to change; null means unchanged. */
    public record Change(String displayName, List<String> roles, Long unitId, boolean clearUnit, Boolean enabled,
                         String password) {
    }

    private final Database db;
    private final StaffRepository staff;
    private final SessionRepository sessions;
    private final AuditLog audit;
    private final PasswordHasher hasher;
    private final Clock clock;

    public AccountService(Database db, StaffRepository staff, SessionRepository sessions, AuditLog audit,
                          PasswordHasher hasher, Clock clock) {
        this.db = db;
        this.staff = staff;
        this.sessions = sessions;
        this.audit = audit;
        this.hasher = hasher;
        this.clock = clock;
    }

    public List<StaffAccount> list() {
        return db.transaction(staff::list);
    }

    public StaffAccount create(Principal actor, NewAccount a, AuthService.Caller caller) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String username = a.username() == null ? "" : a.username().trim();
        if (!USERNAME.matcher(username).matches()) {
            errors.add(new Problem.FieldError("username",
                    "2–64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }
        if (a.displayName() == null || a.displayName().isBlank()) {
            errors.add(new Problem.FieldError("displayName", "is required"));
        }
        checkPassword(a.password(), errors);
        Set<Role> roles = roles(a.roles(), errors);
        checkNoMix(roles, errors);
        if (roles.stream().anyMatch(r -> !r.isCentre()) && a.unitId() == null) {
            errors.add(new Problem.FieldError("unitId", "unit roles need the account's unit"));
        }
        fail(errors);
        String hash = hasher.hash(a.password().toCharArray());
        Instant now = clock.instant();
        try {
            return insert(actor, a, caller, username, roles, hash, now);
        } catch (org.jooq.exception.DataAccessException e) {
            // Two admins creating the same name at once: the unique key decides, and the loser hears why.
            if (e.sqlStateClass() == org.jooq.exception.SQLStateClass.C23_INTEGRITY_CONSTRAINT_VIOLATION) {
                throw ProblemException.conflict("An account named " + username + " already exists.");
            }
            throw e;
        }
    }

    private StaffAccount insert(Principal actor, NewAccount a, AuthService.Caller caller, String username,
                                Set<Role> roles, String hash, Instant now) {
        return db.transaction(dsl -> {
            if (a.unitId() != null && !dsl.fetchExists(UNIT, UNIT.ID.eq(a.unitId()))) {
                throw ProblemException.field("unitId", "no unit with id " + a.unitId());
            }
            if (staff.findByUsername(dsl, username).isPresent()) {
                throw ProblemException.conflict("An account named " + username + " already exists.");
            }
            long id = staff.insert(dsl, username, a.displayName().trim(), hash, a.unitId(), roles, now);
            audit.append(dsl, entry(actor, caller, now, AuditLog.ACCOUNT_CREATED, id,
                    "roles=" + String.join(",", roles.stream().map(Role::id).sorted().toList())
                            + " unit=" + a.unitId()));
            return staff.findById(dsl, id).orElseThrow();
        });
    }

    public StaffAccount update(Principal actor, long id, Change c, AuthService.Caller caller) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (c.displayName() != null && c.displayName().isBlank()) {
            errors.add(new Problem.FieldError("displayName", "must not be blank"));
        }
        if (c.password() != null) {
            checkPassword(c.password(), errors);
        }
        Set<Role> roles = c.roles() == null ? null : roles(c.roles(), errors);
        if (roles != null) {
            checkNoMix(roles, errors);
        }
        fail(errors);
        String hash = c.password() == null ? null : hasher.hash(c.password().toCharArray());
        Instant now = clock.instant();
        // Roles, unit or status may change: this node reads the account's sessions again once this has committed
        // (other nodes within seconds).
        try {
            return db.transaction(dsl -> {
                StaffAccount current = staff.findById(dsl, id)
                        .orElseThrow(() -> ProblemException.notFound("No account with id " + id + "."));
                if (id == actor.userId() && (Boolean.FALSE.equals(c.enabled())
                        || roles != null && !roles.contains(Role.ADMIN))) {
                    throw ProblemException.conflict("You cannot disable your own account or remove your own admin role.");
                }
                Long unitId = c.clearUnit() ? null : c.unitId() != null ? c.unitId() : current.unitId();
                if (unitId != null && !dsl.fetchExists(UNIT, UNIT.ID.eq(unitId))) {
                    throw ProblemException.field("unitId", "no unit with id " + unitId);
                }
                Set<Role> newRoles = roles == null ? current.roles() : roles;
                if (newRoles.stream().anyMatch(r -> !r.isCentre()) && unitId == null) {
                    throw ProblemException.field("unitId", "unit roles need the account's unit");
                }
                boolean enabled = c.enabled() == null ? current.enabled() : c.enabled();
                staff.update(dsl, id, c.displayName() == null ? current.displayName() : c.displayName().trim(), unitId,
                        enabled, now);
                List<String> changed = new ArrayList<>();
                if (roles != null && !roles.equals(current.roles())) {
                    staff.setRoles(dsl, id, roles);
                    changed.add("roles=" + String.join(",", roles.stream().map(Role::id).sorted().toList()));
                }
                if (c.displayName() != null && !c.displayName().trim().equals(current.displayName())) {
                    changed.add("displayName");
                }
                if (!java.util.Objects.equals(unitId, current.unitId())) {
                    changed.add("unit=" + unitId);
                }
                if (enabled != current.enabled()) {
                    changed.add(enabled ? "enabled" : "disabled");
                }
                if (hash != null) {
                    staff.setPassword(dsl, id, hash, now);
                    changed.add("password reset");
                }
                // A disabled account, or one whose password or roles changed, keeps no open session.
                if (!enabled || hash != null || roles != null && !roles.equals(current.roles())) {
                    sessions.deleteForUser(dsl, id);
                }
                audit.append(dsl, entry(actor, caller, now, AuditLog.ACCOUNT_UPDATED, id,
                        changed.isEmpty() ? "no change" : String.join("; ", changed)));
                return staff.findById(dsl, id).orElseThrow();
            });
        } finally {
            sessions.cache().forgetUser(id);
        }
    }

    private static AuditEntry entry(Principal actor, AuthService.Caller caller, Instant now, String action, long id,
                                    String detail) {
        return new AuditEntry(null, now, actor.userId(), actor.username(), actor.roleList(), caller.address(), action,
                "account", Long.toString(id), AuditEntry.SUCCESS, detail, caller.requestId());
    }

    private static void checkPassword(String password, List<Problem.FieldError> errors) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            errors.add(new Problem.FieldError("password", "at least " + MIN_PASSWORD_LENGTH + " characters"));
        } else if (password.length() > 1024) {
            errors.add(new Problem.FieldError("password", "at most 1024 characters"));
        }
    }

    /** Unit roles and the centre's roles never share an account: a unit's data scope must not widen. */
    private static void checkNoMix(Set<Role> roles, List<Problem.FieldError> errors) {
        boolean unit = roles.stream().anyMatch(r -> !r.isCentre());
        boolean centre = roles.stream().anyMatch(Role::isCentre);
        if (unit && centre) {
            errors.add(new Problem.FieldError("roles", "unit roles (unit_handler, unit_admin) cannot be combined with "
                    + "the centre's roles; use two accounts"));
        }
    }

    private static Set<Role> roles(List<String> ids, List<Problem.FieldError> errors) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (ids == null || ids.isEmpty()) {
            errors.add(new Problem.FieldError("roles", "at least one role"));
            return roles;
        }
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            var r = Role.parse(id);
            if (r.isEmpty()) {
                errors.add(new Problem.FieldError("roles[" + i + "]", "unknown role '" + id + "'"));
            } else {
                roles.add(r.get());
            }
        }
        return roles;
    }

    private static void fail(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
