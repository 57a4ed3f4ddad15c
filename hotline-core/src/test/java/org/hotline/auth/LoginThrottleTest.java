package org.hotline.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    final LoginThrottle throttle = new LoginThrottle(5, 30, Duration.ofMinutes(15));
    final Instant now = Instant.parse("2026-11-25T08:00:00Z");
    final LoginThrottle.Counter none = new LoginThrottle.Counter(now, 0);

    @Test
    @DisplayName("below the limit an attempt is allowed")
    void belowLimit() {
        assertTrue(throttle.decide(now, new LoginThrottle.Counter(now.minusSeconds(60), 4), none).allowed());
    }

    @Test
    @DisplayName("at the account limit the caller waits until the window ends")
    void accountLimit() {
        var d = throttle.decide(now, new LoginThrottle.Counter(now.minusSeconds(600), 5), none);
        assertFalse(d.allowed());
        assertEquals(300, d.retryAfterSeconds());
    }

    @Test
    @DisplayName("the address limit applies across accounts; the longer wait wins")
    void addressLimit() {
        var d = throttle.decide(now, new LoginThrottle.Counter(now.minusSeconds(890), 5),
                new LoginThrottle.Counter(now.minusSeconds(100), 30));
        assertFalse(d.allowed());
        assertEquals(800, d.retryAfterSeconds());
    }

    @Test
    @DisplayName("a window that has run out starts afresh")
    void windowPassed() {
        var old = new LoginThrottle.Counter(now.minus(Duration.ofMinutes(15)), 5);
        var current = throttle.current(old, now);
        assertEquals(0, current.failures());
        assertEquals(now, current.windowStart());
        assertTrue(throttle.decide(now, current, none).allowed());
        var live = new LoginThrottle.Counter(now.minusSeconds(10), 3);
        assertEquals(live, throttle.current(live, now), "a running window keeps its count");
    }
}
