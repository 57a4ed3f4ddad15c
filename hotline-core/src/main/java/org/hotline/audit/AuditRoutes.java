package org.hotline.audit;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;

/** {@code GET /api/v1/audit}: the audit log, newest first, for admins. */
public final class AuditRoutes implements ApiRouter.Routes {

    private final Db db;
    private final AuditLog audit;

    public AuditRoutes(Db db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("listAudit", this::list);
    }

    private void list(RoutingContext rc) {
        String limitText = Json.query(rc, "limit");
        String beforeText = Json.query(rc, "before");
        int limit = limitText == null ? 50 : Integer.parseInt(limitText);
        Long before = beforeText == null ? null : Long.valueOf(beforeText);
        Json.reply(rc, db.read(dsl -> {
            var items = audit.page(dsl, before, limit);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("items", items);
            out.put("next", items.size() == limit ? items.getLast().id() : null);
            return out;
        }));
    }
}
