package org.hotline.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions this node checked a moment ago, so a burst of requests (the desk asks for suggestions as the operator
 * types) does not read the session table each time. An entry lives {@link #TTL}; expiry times are checked on every
 * hit against the clock; logout and account changes on this node forget at once, on other nodes within the TTL.
 */
public final class SessionCache {

    static final Duration TTL = Duration.ofSeconds(2);
    private static final int MAX_ENTRIES = 20_000;

    private record Entry(Principal principal, Instant expiresAt, Instant idleDeadline, long cachedAt) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    Optional<Principal> get(String hash, Instant now) {
        Entry e = entries.get(hash);
        if (e == null) {
            return Optional.empty();
        }
        if (System.nanoTime() - e.cachedAt() > TTL.toNanos() || !now.isBefore(e.expiresAt())
                || !now.isBefore(e.idleDeadline())) {
            entries.remove(hash, e);
            return Optional.empty();
        }
        return Optional.of(e.principal());
    }

    void put(String hash, Principal p, Instant expiresAt, Instant idleDeadline) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(hash, new Entry(p, expiresAt, idleDeadline, System.nanoTime()));
    }

    void forget(String hash) {
        entries.remove(hash);
    }

    /** After the account changed (roles, unit, disabled, password): its sessions are read again. */
    public void forgetUser(long userId) {
        entries.values().removeIf(e -> e.principal().userId() == userId);
    }
}
