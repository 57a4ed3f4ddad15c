package org.hotline.auth;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.hotline.db.Db;
import org.hotline.http.Guard;
import org.hotline.http.ProblemException;
import org.hotline.http.RequestIds;

/**
 * The one place requests are authenticated and authorised by role. A request carries its session either as
 * {@code Authorization: Bearer <token>} (integrations) or as the {@code hotline_session} cookie (the console); a
 * cookie-authenticated request that changes state must also send {@code X-Hotline-Csrf} and, when the browser says
 * where it comes from, come from this origin — cross-site forms can do neither.
 */
public final class AuthGuard implements Guard {

    public static final String COOKIE = "hotline_session";
    public static final String CSRF_HEADER = "X-Hotline-Csrf";
    public static final String PRINCIPAL = "hotline.principal";

    private final Db db;
    private final AuthService auth;

    public AuthGuard(Db db, AuthService auth) {
        this.db = db;
        this.auth = auth;
    }

    public static Principal principal(RoutingContext rc) {
        Principal p = rc.get(PRINCIPAL);
        if (p == null) {
            throw ProblemException.unauthorized("Log in first.");
        }
        return p;
    }

    public static AuthService.Caller caller(RoutingContext rc) {
        var remote = rc.request().remoteAddress();
        return new AuthService.Caller(remote == null ? null : remote.hostAddress(),
                rc.request().getHeader("User-Agent"), RequestIds.of(rc));
    }

    @Override
    public Future<Void> check(RoutingContext rc, String operationId, Set<String> roles) {
        if (roles.contains(PUBLIC)) {
            return Future.succeededFuture();
        }
        String token = token(rc);
        boolean fromCookie = token != null && !hasBearer(rc);
        if (token == null || token.isEmpty()) {
            return Future.failedFuture(ProblemException.unauthorized("Log in first."));
        }
        if (fromCookie && changesState(rc.request().method())) {
            String problem = csrfProblem(rc);
            if (problem != null) {
                return Future.failedFuture(ProblemException.forbidden(problem));
            }
        }
        String t = token;
        AuthService.Caller caller = caller(rc);
        return db.blocking(() -> auth.authenticate(t)).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(ProblemException.unauthorized("Your session has ended; log in again."));
            }
            Principal p = found.get();
            rc.put(PRINCIPAL, p);
            if (roles.contains(AUTHENTICATED) || p.hasAny(roles)) {
                return Future.succeededFuture();
            }
            return db.blocking(() -> {
                auth.recordDenied(p, operationId, caller);
                return null;
            }).transform(ignored -> Future.failedFuture(
                    ProblemException.forbidden("Your role may not use " + operationId + ".")));
        });
    }

    /** The session token of the request: the bearer token, else the session cookie; null when neither. */
    public static String token(RoutingContext rc) {
        if (hasBearer(rc)) {
            return rc.request().getHeader("Authorization").substring(7).trim();
        }
        Cookie cookie = rc.request().getCookie(COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    private static boolean hasBearer(RoutingContext rc) {
        String authorization = rc.request().getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    private static boolean changesState(HttpMethod m) {
        return !(m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS);
    }

    /** Null when the request passes the CSRF checks, else why it does not. */
    static String csrfProblem(RoutingContext rc) {
        String header = rc.request().getHeader(CSRF_HEADER);
        if (header == null || header.isBlank()) {
            return "Missing " + CSRF_HEADER + " header on a cookie-authenticated request.";
        }
        String site = rc.request().getHeader("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return "Cross-site request refused.";
        }
        String origin = rc.request().getHeader("Origin");
        if (origin != null && !origin.equals("null")) {
            String host = rc.request().authority() == null ? null : rc.request().authority().toString();
            try {
                URI o = URI.create(origin);
                String originHost = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
                if (host == null || originHost == null
                        || !originHost.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT))) {
                    return "Cross-origin request refused.";
                }
            } catch (IllegalArgumentException e) {
                return "Cross-origin request refused.";
            }
        }
        return null;
    }
}
