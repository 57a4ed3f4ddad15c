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
    final LoginThrottle.Failures none = new LoginThrottle.Failures(0, null);

    @Test
    @DisplayName("below the limit an attempt is allowed")
    void belowLimit() {
        var d = throttle.decide(now, new LoginThrottle.Failures(4, now.minusSeconds(60)), none);
        assertTrue(d.allowed());
    }

    @Test
    @DisplayName("at the account limit the caller waits until the oldest counted failure leaves the window")
    void accountLimit() {
        var d = throttle.decide(now, new LoginThrottle.Failures(5, now.minusSeconds(600)), none);
        assertFalse(d.allowed());
        assertEquals(300, d.retryAfterSeconds());
    }

    @Test
    @DisplayName("the address limit applies across accounts; the longer wait wins")
    void addressLimit() {
        var d = throttle.decide(now, new LoginThrottle.Failures(5, now.minusSeconds(890)),
                new LoginThrottle.Failures(30, now.minusSeconds(100)));
        assertFalse(d.allowed());
        assertEquals(800, d.retryAfterSeconds());
    }

    @Test
    @DisplayName("failures older than the window no longer count")
    void windowPassed() {
        var d = throttle.decide(now, new LoginThrottle.Failures(5, now.minus(Duration.ofMinutes(15))), none);
        assertTrue(d.allowed());
    }
}
