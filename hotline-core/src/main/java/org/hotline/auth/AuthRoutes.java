package org.hotline.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;
import org.hotline.http.ProblemException;

/** {@code /api/v1/auth}: login, logout and who-am-I. */
public final class AuthRoutes implements ApiRouter.Routes {

    /** Beyond this many logins waiting for a hashing thread, answer 503 rather than queue without bound. */
    private static final int MAX_PENDING_LOGINS = 200;

    private final Db db;
    private final Db hashing;
    private final AuthService auth;
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private final boolean secureCookie;
    private final MeterRegistry registry;

    public AuthRoutes(Db db, Db hashing, AuthService auth, boolean secureCookie, MeterRegistry registry) {
        this.db = db;
        this.hashing = hashing;
        this.auth = auth;
        this.secureCookie = secureCookie;
        this.registry = registry;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("login", this::login)
                .handle("logout", this::logout)
                .handle("me", this::me)
                .handle("session", this::session);
    }

    private void login(RoutingContext rc) {
        JsonObject body = Json.body(rc);
        String username = body.getString("username");
        char[] password = body.getString("password").toCharArray();
        AuthService.Caller caller = AuthGuard.caller(rc);
        if (pending.incrementAndGet() > MAX_PENDING_LOGINS) {
            pending.decrementAndGet();
            rc.fail(ProblemException.unavailable("Too many logins at once; try again in a few seconds.", 2));
            return;
        }
        hashing.blocking(() -> auth.login(username, password, caller))
                .onComplete(ar -> pending.decrementAndGet())
                .onSuccess(result -> {
                    count("success");
                    Cookie cookie = Cookie.cookie(AuthGuard.COOKIE, result.token())
                            .setHttpOnly(true)
                            .setSameSite(CookieSameSite.STRICT)
                            .setPath("/")
                            .setSecure(secureCookie)
                            .setMaxAge(auth.maxLifetime().toSeconds());
                    rc.response().addCookie(cookie);
                    Json.send(rc, 200, Map.of("token", result.token(), "user", result.account().view(),
                            "expiresAt", result.expiresAt()));
                })
                .onFailure(e -> {
                    if (e instanceof ProblemException pe) {
                        count(pe.problem().status() == 429 ? "throttled" : "failure");
                    }
                    rc.fail(e);
                });
    }

    private void logout(RoutingContext rc) {
        Principal p = AuthGuard.principal(rc);
        AuthService.Caller caller = AuthGuard.caller(rc);
        db.blocking(() -> {
            auth.logout(p, caller);
            return null;
        }).onSuccess(v -> {
            rc.response().addCookie(Cookie.cookie(AuthGuard.COOKIE, "").setPath("/").setHttpOnly(true)
                    .setSameSite(CookieSameSite.STRICT).setSecure(secureCookie).setMaxAge(0));
            rc.response().setStatusCode(204).end();
        }).onFailure(rc::fail);
    }

    private void me(RoutingContext rc) {
        Principal p = AuthGuard.principal(rc);
        Json.reply(rc, db.blocking(() -> auth.account(p.userId())
                .map(a -> Map.of("user", a.view()))
                .orElseThrow(() -> ProblemException.unauthorized("Your account no longer exists."))));
    }

    private void session(RoutingContext rc) {
        String token = AuthGuard.token(rc);
        String now = auth.clock().instant().toString();
        if (token == null) {
            Json.send(rc, 200, Map.of("authenticated", false, "now", now));
            return;
        }
        Json.reply(rc, db.blocking(() -> auth.authenticate(token)
                .flatMap(p -> auth.account(p.userId()))
                .<Map<String, Object>>map(a -> Map.of("authenticated", true, "user", a.view(), "now", now))
                .orElse(Map.of("authenticated", false, "now", now))));
    }

    private void count(String result) {
        if (registry != null) {
            registry.counter("hotline_logins_total", "result", result).increment();
        }
    }
}
