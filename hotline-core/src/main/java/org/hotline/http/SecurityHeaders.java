package org.hotline.http;

import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/** Headers every answer carries: a strict content security policy and friends. */
public final class SecurityHeaders implements PlatformHandler {

    static final String CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "img-src 'self' data:; form-action 'self'";

    @Override
    public void handle(RoutingContext rc) {
        MultiMap h = rc.response().headers();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        if (rc.request().isSSL()) {
            h.set("Strict-Transport-Security", "max-age=31536000");
        }
        if (rc.request().path().startsWith("/api/")) {
            // API answers may carry personal data: never stored by browsers or proxies.
            h.set("Cache-Control", "no-store");
        }
        rc.next();
    }
}
