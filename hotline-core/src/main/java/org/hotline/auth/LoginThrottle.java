package org.hotline.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * The login throttling rule, as plain Java: after {@code maxPerAccount} failures for one username, or
 * {@code maxPerAddress} from one address, within {@code window}, further attempts are refused until the oldest
 * counted failure leaves the window. Refused attempts are not verified, so guessing stops costing us CPU too.
 */
public record LoginThrottle(int maxPerAccount, int maxPerAddress, Duration window) {

    /** What the failure history says about a new attempt. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
        static final Decision ALLOW = new Decision(true, 0);
    }

    /** A count of recent failures and the time of the oldest of the last {@code max} of them. */
    public record Failures(int count, Instant oldestCounted) {
    }

    public Instant windowStart(Instant now) {
        return now.minus(window);
    }

    public Decision decide(Instant now, Failures account, Failures address) {
        long wait = 0;
        if (account.count() >= maxPerAccount && account.oldestCounted() != null) {
            wait = Math.max(wait, secondsUntil(now, account.oldestCounted().plus(window)));
        }
        if (address.count() >= maxPerAddress && address.oldestCounted() != null) {
            wait = Math.max(wait, secondsUntil(now, address.oldestCounted().plus(window)));
        }
        return wait > 0 ? new Decision(false, wait) : Decision.ALLOW;
    }

    private static long secondsUntil(Instant now, Instant until) {
        long millis = Duration.between(now, until).toMillis();
        return millis <= 0 ? 0 : (millis + 999) / 1000;
    }
}
