package org.hotline.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.hotline.config.ConfigException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The public endpoints' limits, without a server. */
class RateLimitsTest {

    @Test
    @DisplayName("limits read as count/period; an unknown name or a malformed one stops the start")
    void parse() {
        RateLimits l = RateLimits.of("portal-submit=3/10m, portal-sms-phone=1/2m");
        assertEquals(new RateLimits.Limit(3, Duration.ofMinutes(10)), l.limit(RateLimits.SUBMIT));
        assertEquals(new RateLimits.Limit(1, Duration.ofMinutes(2)), l.limit(RateLimits.SMS_PHONE));
        assertEquals(RateLimits.DEFAULTS.get(RateLimits.LOOKUP), l.limit(RateLimits.LOOKUP));
        assertThrows(ConfigException.class, () -> RateLimits.of("portal-sumbit=3/m"));
        assertThrows(ConfigException.class, () -> RateLimits.of("portal-submit=three a minute"));
    }

    @Test
    @DisplayName("one client over its limit waits; another client is untouched")
    void perClient() {
        RateLimits l = RateLimits.of("portal-submit=3/h");
        for (int i = 0; i < 3; i++) {
            assertEquals(0, l.tryTake(RateLimits.SUBMIT, "10.0.0.1"));
        }
        long wait = l.tryTake(RateLimits.SUBMIT, "10.0.0.1");
        assertTrue(wait > 0 && wait <= 1200, "a third of an hour refills one: " + wait);
        ProblemException e = assertThrows(ProblemException.class, () -> l.take(RateLimits.SUBMIT, "10.0.0.1"));
        assertEquals(429, e.problem().status());
        assertTrue(e.retryAfterSeconds() > 0);
        assertEquals(0, l.tryTake(RateLimits.SUBMIT, "10.0.0.2"));
        // Limits are separate: the same client may still look up.
        assertEquals(0, l.tryTake(RateLimits.LOOKUP, "10.0.0.1"));
    }

    @Test
    @DisplayName("an IPv6 client is its /64: new addresses from one network share one bucket")
    void ipv6() {
        assertEquals("2001:db8:1:2::/64", RateLimits.client("2001:db8:1:2:aaaa::1"));
        assertEquals(RateLimits.client("2001:db8:1:2::5"), RateLimits.client("2001:db8:1:2:ffff:ffff:ffff:1"));
        assertEquals("192.0.2.7", RateLimits.client("192.0.2.7"));
    }
}
