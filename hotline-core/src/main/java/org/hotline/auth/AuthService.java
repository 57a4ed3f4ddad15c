package org.hotline.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.hotline.audit.AuditEntry;
import org.hotline.audit.AuditLog;
import org.hotline.db.Database;
import org.hotline.http.ProblemException;

/**
 * Logins, sessions and logouts. Blocking: runs on the database worker pool. Every outcome of a login attempt is
 * audited; failed attempts feed the throttle.
 */
public final class AuthService {

    /** Who is attempting something, from where. */
    public record Caller(String address, String userAgent, String requestId) {
    }

    /** A successful login: the token for the client (shown once) and the account. */
    public record LoginResult(String token, StaffAccount account, Instant expiresAt) {
    }

    private static final Duration MAX_TOUCH_INTERVAL = Duration.ofSeconds(60);

    private final Database db;
    private final StaffRepository staff;
    private final SessionRepository sessions;
    private final AuditLog audit;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final LoginGuardRepository guards = new LoginGuardRepository();
    private final Duration idleTimeout;
    private final Duration maxLifetime;
    private final Clock clock;

    public AuthService(Database db, StaffRepository staff, SessionRepository sessions, AuditLog audit,
                       PasswordHasher hasher, LoginThrottle throttle, Duration idleTimeout, Duration maxLifetime,
                       Clock clock) {
        this.db = db;
        this.staff = staff;
        this.sessions = sessions;
        this.audit = audit;
        this.hasher = hasher;
        this.throttle = throttle;
        this.idleTimeout = idleTimeout;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    /** The server's clock: the console reckons today (the current month, week…) by it, not by the browser's. */
    public Clock clock() {
        return clock;
    }

    public Duration maxLifetime() {
        return maxLifetime;
    }

    public LoginResult login(String username, char[] password, Caller caller) {
        Instant now = clock.instant();
        // Account names are lower-case; MySQL's collations would match "Admin" to "admin" where H2 would not.
        String name = username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT);

        // Admit the attempt under the counters' row locks, counting it as a failure until the password proves
        // right: parallel guesses queue on the lock and each sees the others. A refused attempt is never verified.
        String accountKey = LoginGuardRepository.account(name);
        String addressKey = LoginGuardRepository.address(caller.address());
        LoginThrottle.Decision decision = db.transactionRetrying(dsl -> {
            // Always lock in the same order (account, then address) so two logins cannot deadlock.
            LoginThrottle.Counter account = throttle.current(guards.lock(dsl, accountKey, now), now);
            LoginThrottle.Counter address = throttle.current(guards.lock(dsl, addressKey, now), now);
            LoginThrottle.Decision d = throttle.decide(now, account, address);
            if (d.allowed()) {
                guards.store(dsl, accountKey, new LoginThrottle.Counter(account.windowStart(), account.failures() + 1));
                guards.store(dsl, addressKey, new LoginThrottle.Counter(address.windowStart(), address.failures() + 1));
            }
            return d;
        });
        if (!decision.allowed()) {
            record(new AuditEntry(null, now, null, name, null, caller.address(), AuditLog.LOGIN_THROTTLED, "account",
                    name, AuditEntry.DENIED, "too many failed logins; retry after " + decision.retryAfterSeconds() + " s",
                    caller.requestId()));
            throw ProblemException.tooManyRequests(
                    "Too many failed logins. Try again in " + decision.retryAfterSeconds() + " seconds.",
                    decision.retryAfterSeconds());
        }

        // Verify outside any transaction: hashing is deliberately slow and must not hold a connection.
        Optional<StaffAccount> account = db.transaction(dsl -> staff.findByUsername(dsl, name));
        boolean matches;
        if (account.isPresent()) {
            matches = hasher.verify(password, account.get().passwordHash());
        } else {
            hasher.burn(password);
            matches = false;
        }
        java.util.Arrays.fill(password, '\0');

        if (!matches || !account.get().enabled()) {
            String why = account.isEmpty() ? "unknown account" : !matches ? "wrong password" : "account disabled";
            record(new AuditEntry(null, now, account.map(StaffAccount::id).orElse(null), name, null, caller.address(),
                    AuditLog.LOGIN_FAILED, "account", name, AuditEntry.FAILURE, why, caller.requestId()));
            // The same answer whatever the reason, so it reveals nothing about which accounts exist.
            throw ProblemException.unauthorized("Wrong username or password.");
        }

        StaffAccount a = account.get();
        String token = SessionTokens.newToken();
        Instant expires = now.plus(maxLifetime);
        db.transactionRetrying(dsl -> {
            // The right password: this attempt was no failure, and the account's count starts over.
            guards.release(dsl, accountKey, true);
            guards.release(dsl, addressKey, false);
            sessions.insert(dsl, SessionTokens.hash(token), a.id(), now, expires, caller.address(), caller.userAgent());
            staff.recordLogin(dsl, a.id(), now);
            audit.append(dsl, new AuditEntry(null, now, a.id(), a.username(), rolesOf(a), caller.address(),
                    AuditLog.LOGIN, "account", Long.toString(a.id()), AuditEntry.SUCCESS, null, caller.requestId()));
            return null;
        });
        return new LoginResult(token, a, expires);
    }

    /** The principal of a valid, unexpired session of an enabled account, or empty. */
    public Optional<Principal> authenticate(String token) {
        if (!SessionTokens.looksValid(token)) {
            return Optional.empty();
        }
        String hash = SessionTokens.hash(token);
        Instant now = clock.instant();
        Optional<Principal> cached = sessions.cache().get(hash, now);
        if (cached.isPresent()) {
            return cached;
        }
        return db.transaction(dsl -> {
            var session = sessions.find(dsl, hash);
            if (session.isEmpty()) {
                return Optional.<Principal>empty();
            }
            var s = session.get();
            if (!now.isBefore(s.expiresAt()) || !now.isBefore(s.lastSeenAt().plus(idleTimeout))) {
                sessions.delete(dsl, hash);
                return Optional.<Principal>empty();
            }
            var account = staff.findById(dsl, s.userId());
            if (account.isEmpty() || !account.get().enabled()) {
                sessions.delete(dsl, hash);
                return Optional.<Principal>empty();
            }
            // Idle expiry needs no finer precision than a quarter of the timeout; avoid a write on every request.
            Duration touchInterval = idleTimeout.dividedBy(4).compareTo(MAX_TOUCH_INTERVAL) < 0
                    ? idleTimeout.dividedBy(4) : MAX_TOUCH_INTERVAL;
            if (Duration.between(s.lastSeenAt(), now).compareTo(touchInterval) >= 0) {
                sessions.touch(dsl, hash, now);
            }
            StaffAccount a = account.get();
            Principal p = new Principal(a.id(), a.username(), a.displayName(), a.roles(), a.unitId(), hash);
            // Idle expiry as of the last touch: a cached session is never used past it.
            Instant lastSeen = s.lastSeenAt().isAfter(now.minus(touchInterval)) ? s.lastSeenAt() : now;
            sessions.cache().put(hash, p, s.expiresAt(), lastSeen.plus(idleTimeout));
            return Optional.of(p);
        });
    }

    public Optional<StaffAccount> account(long userId) {
        return db.transaction(dsl -> staff.findById(dsl, userId));
    }

    public void logout(Principal p, Caller caller) {
        Instant now = clock.instant();
        sessions.cache().forget(p.sessionHash());
        db.transaction(dsl -> {
            sessions.delete(dsl, p.sessionHash());
            audit.append(dsl, new AuditEntry(null, now, p.userId(), p.username(), p.roleList(), caller.address(),
                    AuditLog.LOGOUT, "account", Long.toString(p.userId()), AuditEntry.SUCCESS, null,
                    caller.requestId()));
            return null;
        });
    }

    /** Records that {@code p} was refused {@code operation}. */
    public void recordDenied(Principal p, String operation, Caller caller) {
        record(new AuditEntry(null, clock.instant(), p.userId(), p.username(), p.roleList(), caller.address(),
                AuditLog.PERMISSION_DENIED, "operation", operation, AuditEntry.DENIED, null, caller.requestId()));
    }

    public int purgeExpiredSessions() {
        return db.transaction(dsl -> sessions.deleteExpired(dsl, clock.instant().minus(Duration.ofMinutes(1))));
    }

    private void record(AuditEntry e) {
        db.transaction(dsl -> {
            audit.append(dsl, e);
            return null;
        });
    }

    static String rolesOf(StaffAccount a) {
        return String.join(",", a.roles().stream().map(Role::id).sorted().toList());
    }
}
