package org.hotline.workorder;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
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

/** {@code POST /api/v1/work-orders/import}: historical closed orders, all or nothing; suggestions use them at once. */
public final class HistoryImportRoutes implements ApiRouter.Routes {

    private final Db db;
    private final HistoryImport history;
    private final ReferenceCache reference;
    private final AuditLog audit;
    private final Clock clock;
    private final Runnable imported;

    /** {@code imported} runs after the commit: the order index catches up before the answer goes out. */
    public HistoryImportRoutes(Db db, HistoryImport history, ReferenceCache reference, AuditLog audit, Clock clock,
                               Runnable imported) {
        this.db = db;
        this.history = history;
        this.reference = reference;
        this.audit = audit;
        this.clock = clock;
        this.imported = imported;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("importOrders", this::importOrders);
    }

    private void importOrders(RoutingContext rc) {
        var body = Json.validated(rc) == null ? null : Json.validated(rc).getBody();
        Object value = body == null || body.isNull() ? null : body.get();
        JsonArray orders;
        boolean createMissing = false;
        if (value instanceof JsonArray a) {
            orders = a;
        } else if (value instanceof JsonObject o && o.getValue("orders") instanceof JsonArray a) {
            orders = a;
            createMissing = o.getBoolean("createMissingCategories", false);
        } else {
            throw ProblemException.field("body", "a JSON array of orders, or {\"orders\": [...], "
                    + "\"createMissingCategories\": true}");
        }
        if (orders.isEmpty() || orders.size() > HistoryImport.MAX_ORDERS) {
            throw ProblemException.field("orders", "1 to " + HistoryImport.MAX_ORDERS + " orders per request");
        }
        Principal p = AuthGuard.principal(rc);
        AuthService.Caller caller = AuthGuard.caller(rc);
        boolean create = createMissing;
        List<Object> items = orders.getList();
        Json.reply(rc, db.tx(dsl -> {
            var ref = reference.get();
            var now = clock.instant();
            var entries = history.parse(items.stream().map(o -> o instanceof java.util.Map<?, ?> m
                    ? new JsonObject(castMap(m)) : o).toList(), ref, create, now);
            HistoryImport.Result r = history.write(dsl, entries, ref, p.userId(), now);
            audit.append(dsl, new AuditEntry(null, now, p.userId(), p.username(), p.roleList(), caller.address(),
                    AuditLog.ORDERS_IMPORTED, "work_order", null, AuditEntry.SUCCESS, r.imported() + " orders"
                    + (r.createdCategories().isEmpty() ? "" : ", categories created: " + r.createdCategories()),
                    caller.requestId()));
            return r;
        }).compose(r -> db.blocking(() -> {
            // After the commit, on the worker pool (the order index reads the database): suggestions use them now.
            if (!r.createdCategories().isEmpty()) {
                reference.invalidate();
            }
            imported.run();
            return new JsonObject().put("imported", r.imported()).put("ids", new JsonArray(r.ids()))
                    .put("createdCategories", new JsonArray(r.createdCategories()));
        })));
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> castMap(java.util.Map<?, ?> m) {
        return (java.util.Map<String, Object>) m;
    }
}
