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
import org.hotline.http.TrustedProxies;

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

    static final String CLIENT_ADDRESS = TrustedProxies.CLIENT_ADDRESS;

    private final Db db;
    private final AuthService auth;
    /** scheme://host[:port] people reach Hotline at, when a proxy sits in front; null to trust the Host header. */
    private final String publicOrigin;
    private final TrustedProxies proxies;

    public AuthGuard(Db db, AuthService auth, String publicUrl, TrustedProxies proxies) {
        this.db = db;
        this.auth = auth;
        this.publicOrigin = publicUrl == null || publicUrl.isBlank() ? null : origin(publicUrl);
        this.proxies = proxies;
    }

    /** {@code https://Example.org:443/x} → {@code https://example.org}. */
    static String origin(String url) {
        try {
            URI u = URI.create(url.trim());
            String scheme = u.getScheme() == null ? "http" : u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort();
            boolean defaultPort = port < 0 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (RuntimeException e) {
            throw new org.hotline.config.ConfigException("--public-url must be a URL such as https://hotline.example.gov.cn");
        }
    }

    public static Principal principal(RoutingContext rc) {
        Principal p = rc.get(PRINCIPAL);
        if (p == null) {
            throw ProblemException.unauthorized("Log in first.");
        }
        return p;
    }

    public static AuthService.Caller caller(RoutingContext rc) {
        String address = rc.get(CLIENT_ADDRESS);
        if (address == null) {
            var remote = rc.request().remoteAddress();
            address = remote == null ? null : remote.hostAddress();
        }
        return new AuthService.Caller(address, rc.request().getHeader("User-Agent"), RequestIds.of(rc));
    }

    @Override
    public Future<Void> check(RoutingContext rc, String operationId, Set<String> roles) {
        rc.put(CLIENT_ADDRESS, proxies.clientAddress(rc));
        if (roles.contains(PUBLIC)) {
            return Future.succeededFuture();
        }
        String token = token(rc);
        boolean fromCookie = token != null && !hasBearer(rc);
        if (token == null || token.isEmpty()) {
            return Future.failedFuture(ProblemException.unauthorized("Log in first."));
        }
        if (fromCookie && changesState(rc.request().method())) {
            String problem = csrfProblem(rc, publicOrigin);
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
    static String csrfProblem(RoutingContext rc, String publicOrigin) {
        String header = rc.request().getHeader(CSRF_HEADER);
        if (header == null || header.isBlank()) {
            return "Missing " + CSRF_HEADER + " header on a cookie-authenticated request.";
        }
        String site = rc.request().getHeader("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return "Cross-site request refused.";
        }
        String origin = rc.request().getHeader("Origin");
        if (origin != null && publicOrigin != null) {
            try {
                return origin(origin).equals(publicOrigin) ? null : "Cross-origin request refused.";
            } catch (RuntimeException e) {
                return "Cross-origin request refused.";
            }
        }
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
