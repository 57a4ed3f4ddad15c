package org.hotline.sla;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Locale;
import org.hotline.audit.AuditEntry;
import org.hotline.audit.AuditLog;
import org.hotline.auth.AuthGuard;
import org.hotline.auth.AuthService;
import org.hotline.auth.Principal;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;
import org.hotline.http.ProblemException;
import org.hotline.reference.ReferenceCache;

/**
 * {@code /api/v1/sla/policies}: the time-limit policies in force, their history, and admins' edits (each a new
 * version; orders already dispatched keep theirs).
 */
public final class PolicyRoutes implements ApiRouter.Routes {

    private final Db db;
    private final PolicyStore policies;
    private final ReferenceCache reference;
    private final AuditLog audit;
    private final Clock clock;

    public PolicyRoutes(Db db, PolicyStore policies, ReferenceCache reference, AuditLog audit, Clock clock) {
        this.db = db;
        this.policies = policies;
        this.reference = reference;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("listPolicies", this::list)
                .handle("policyHistory", this::history)
                .handle("putPolicy", this::put)
                .handle("retirePolicy", this::retire);
    }

    private void list(RoutingContext rc) {
        Json.reply(rc, db.read(dsl -> new JsonObject().put("items",
                new JsonArray(policies.current(dsl).stream().map(this::json).toList()))));
    }

    private void history(RoutingContext rc) {
        String type = key(Json.query(rc, "type"), "type");
        String urgency = key(Json.query(rc, "urgency"), "urgency");
        String category = Json.query(rc, "categoryId");
        Long categoryId = category == null ? null : Long.parseLong(category);
        Json.reply(rc, db.read(dsl -> new JsonObject().put("items",
                new JsonArray(policies.history(dsl, type, urgency, categoryId).stream().map(this::json).toList()))));
    }

    private void put(RoutingContext rc) {
        JsonObject b = Json.body(rc);
        String type = key(b.getString("type"), "type");
        String urgency = key(b.getString("urgency"), "urgency");
        Long categoryId = b.getLong("categoryId");
        if (categoryId != null && reference.get().category(categoryId).isEmpty()) {
            throw ProblemException.field("categoryId", "no category with id " + categoryId);
        }
        Policy policy = Policy.parse(b.getJsonObject("rules"));
        String note = b.getString("note");
        Principal p = AuthGuard.principal(rc);
        AuthService.Caller caller = AuthGuard.caller(rc);
        Json.reply(rc, db.tx(dsl -> {
            var now = clock.instant();
            PolicyStore.Stored stored = policies.put(dsl, type, urgency, categoryId, policy, note, p.userId(), now);
            audit.append(dsl, new AuditEntry(null, now, p.userId(), p.username(), p.roleList(), caller.address(),
                    AuditLog.POLICY_CHANGED, "sla_policy", Long.toString(stored.id()), AuditEntry.SUCCESS,
                    type + "/" + urgency + (categoryId == null ? "" : "/category " + categoryId) + " v"
                            + stored.version(), caller.requestId()));
            return json(stored);
        }));
    }

    private void retire(RoutingContext rc) {
        long id = Json.pathLong(rc, "id");
        Principal p = AuthGuard.principal(rc);
        AuthService.Caller caller = AuthGuard.caller(rc);
        db.tx(dsl -> {
            var now = clock.instant();
            boolean done = policies.retire(dsl, id, now);
            if (done) {
                audit.append(dsl, new AuditEntry(null, now, p.userId(), p.username(), p.roleList(),
                        caller.address(), AuditLog.POLICY_CHANGED, "sla_policy", Long.toString(id),
                        AuditEntry.SUCCESS, "retired", caller.requestId()));
            }
            return done;
        }).onSuccess(done -> {
            if (!done) {
                rc.fail(ProblemException.notFound("No current category override with id " + id
                        + " (the type × urgency defaults cannot be retired, only changed)."));
            } else {
                rc.response().setStatusCode(204).end();
            }
        }).onFailure(rc::fail);
    }

    private JsonObject json(PolicyStore.Stored s) {
        JsonObject j = s.toJson();
        if (s.categoryId() != null) {
            j.put("categoryName", reference.get().category(s.categoryId()).map(ReferenceCache.Node::path)
                    .orElse(null));
        }
        return j;
    }

    private static String key(String value, String field) {
        String v = value == null ? null : value.trim().toLowerCase(Locale.ROOT);
        boolean ok = "type".equals(field) ? Policy.TYPES.contains(v) : Policy.URGENCIES.contains(v);
        if (!ok) {
            throw ProblemException.field(field, "one of " + String.join(", ", ("type".equals(field)
                    ? Policy.TYPES : Policy.URGENCIES).stream().sorted().toList()));
        }
        return v;
    }
}
