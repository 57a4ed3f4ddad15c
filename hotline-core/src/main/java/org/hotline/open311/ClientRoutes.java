package org.hotline.open311;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import org.hotline.audit.AuditEntry;
import org.hotline.audit.AuditLog;
import org.hotline.auth.AuthGuard;
import org.hotline.auth.AuthService;
import org.hotline.auth.Principal;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;
import org.hotline.http.ProblemException;

/**
 * {@code /api/v1/open311/clients}: admins create an API key per client application (shown once), list the
 * clients with what they filed, and revoke a key. Creating and revoking are audited.
 */
public final class ClientRoutes implements ApiRouter.Routes {

    private final Db db;
    private final ClientKeys keys;
    private final AuditLog audit;
    private final Clock clock;

    public ClientRoutes(Db db, ClientKeys keys, AuditLog audit, Clock clock) {
        this.db = db;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("listOpen311Clients", this::list)
                .handle("createOpen311Client", this::create)
                .handle("revokeOpen311Client", this::revoke);
    }

    private void list(RoutingContext rc) {
        Json.reply(rc, db.read(dsl -> {
            JsonArray items = new JsonArray();
            keys.list(dsl).forEach(c -> items.add(new JsonObject()
                    .put("id", c.id())
                    .put("name", c.name())
                    .put("active", c.active())
                    .put("createdAt", time(c.createdAt()))
                    .put("createdBy", c.createdBy())
                    .put("revokedAt", time(c.revokedAt()))
                    .put("requests", c.requests())
                    .put("lastRequestAt", time(c.lastRequestAt()))));
            return new JsonObject().put("items", items);
        }));
    }

    private void create(RoutingContext rc) {
        String name = Json.body(rc).getString("name");
        if (name == null || name.isBlank()) {
            throw ProblemException.field("name", "is required: the application the key is for");
        }
        Principal p = AuthGuard.principal(rc);
        AuthService.Caller caller = AuthGuard.caller(rc);
        Json.reply(rc, 201, db.tx(dsl -> {
            Instant now = clock.instant();
            ClientKeys.NewClient created = keys.create(dsl, name.strip(), p.userId(), now);
            audit.append(dsl, new AuditEntry(null, now, p.userId(), p.username(), p.roleList(), caller.address(),
                    AuditLog.OPEN311_CLIENT_CREATED, "open311_client", Long.toString(created.id()),
                    AuditEntry.SUCCESS, created.name(), caller.requestId()));
            return new JsonObject().put("id", created.id()).put("name", created.name())
                    .put("apiKey", created.apiKey()).put("active", true).put("createdAt", time(now));
        }));
    }

    private void revoke(RoutingContext rc) {
        long id = Json.pathLong(rc, "id");
        Principal p = AuthGuard.principal(rc);
        AuthService.Caller caller = AuthGuard.caller(rc);
        db.tx(dsl -> {
            Instant now = clock.instant();
            boolean revoked = keys.revoke(dsl, id, p.userId(), now).orElseThrow(() ->
                    ProblemException.notFound("No Open311 client " + id + "."));
            if (revoked) {
                audit.append(dsl, new AuditEntry(null, now, p.userId(), p.username(), p.roleList(), caller.address(),
                        AuditLog.OPEN311_CLIENT_REVOKED, "open311_client", Long.toString(id), AuditEntry.SUCCESS,
                        null, caller.requestId()));
            }
            return revoked;
        }).onSuccess(v -> rc.response().setStatusCode(204).end()).onFailure(rc::fail);
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
