package org.hotline.auth;

import java.util.List;
import org.hotline.config.Option;

/** Sessions and login throttling. */
public final class AuthOptions {

    private AuthOptions() {
    }

    public static final Option SESSION_IDLE_TIMEOUT = Option.duration("session-idle-timeout", "30m",
            "A session ends after this long without a request.");
    public static final Option SESSION_MAX_LIFETIME = Option.duration("session-max-lifetime", "12h",
            "A session ends this long after login, however active.");
    public static final Option LOGIN_MAX_FAILURES = Option.integer("login-max-failures", 5,
            "Failed logins for one account within login-failure-window before further attempts get 429.");
    public static final Option LOGIN_MAX_FAILURES_PER_ADDRESS = Option.integer("login-max-failures-per-address", 30,
            "Failed logins from one address within login-failure-window before further attempts get 429.");
    public static final Option LOGIN_FAILURE_WINDOW = Option.duration("login-failure-window", "15m",
            "The window failed logins are counted in; also how long a throttled account waits.");
    public static final Option COOKIE_SECURE = Option.bool("cookie-secure", false,
            "Mark the session cookie Secure (HTTPS only); when not set: true for start, false for start-dev.");

    public static List<Option> all() {
        return List.of(SESSION_IDLE_TIMEOUT, SESSION_MAX_LIFETIME, LOGIN_MAX_FAILURES, LOGIN_MAX_FAILURES_PER_ADDRESS,
                LOGIN_FAILURE_WINDOW, COOKIE_SECURE);
    }
}
