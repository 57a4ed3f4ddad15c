package org.hotline.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * The login throttling rule, as plain Java. Failures are counted per account name and per client address in fixed
 * windows; once either count reaches its limit, attempts are refused (429) until that window ends. An attempt is
 * counted when admitted and uncounted when the password proves right, so parallel guesses cannot overrun the limit.
 */
public record LoginThrottle(int maxPerAccount, int maxPerAddress, Duration window) {

    /** A subject's failures in the window that started at {@code windowStart}. */
    public record Counter(Instant windowStart, int failures) {
    }

    /** What the counters say about a new attempt. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
    }

    /** The counter as it stands at {@code now}: a window that has run out starts afresh. */
    public Counter current(Counter c, Instant now) {
        if (c == null || !now.isBefore(c.windowStart().plus(window))) {
            return new Counter(now, 0);
        }
        return c;
    }

    public Decision decide(Instant now, Counter account, Counter address) {
        long wait = 0;
        if (account.failures() >= maxPerAccount) {
            wait = Math.max(wait, secondsUntil(now, account.windowStart().plus(window)));
        }
        if (address.failures() >= maxPerAddress) {
            wait = Math.max(wait, secondsUntil(now, address.windowStart().plus(window)));
        }
        return new Decision(wait == 0, wait);
    }

    private static long secondsUntil(Instant now, Instant until) {
        long millis = Duration.between(now, until).toMillis();
        return millis <= 0 ? 0 : (millis + 999) / 1000;
    }
}
