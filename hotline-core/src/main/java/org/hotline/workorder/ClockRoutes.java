package org.hotline.workorder;

import io.vertx.ext.web.RoutingContext;
import org.hotline.auth.AuthGuard;
import org.hotline.auth.Principal;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;

/** {@code /api/v1/clocks}: overdue, at-risk and escalated clocks, per unit and for the leadership. */
public final class ClockRoutes implements ApiRouter.Routes {

    private final Db db;
    private final ClockQueries queries;

    public ClockRoutes(Db db, ClockQueries queries) {
        this.db = db;
        this.queries = queries;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("listClocks", this::list);
    }

    private void list(RoutingContext rc) {
        Principal p = AuthGuard.principal(rc);
        ClockQueries.View view = ClockQueries.View.parse(Json.query(rc, "view"));
        String unit = Json.query(rc, "unitId");
        String kind = Json.query(rc, "kind");
        String limit = Json.query(rc, "limit");
        Json.reply(rc, db.read(dsl -> queries.list(dsl, p, view, unit == null ? null : Long.parseLong(unit), kind,
                limit == null ? 100 : Integer.parseInt(limit))));
    }
}
