package org.hotline.supervision;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.hotline.auth.AuthGuard;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;

/** {@code /api/v1/supervisions}: thin handlers over {@link SupervisionService}, and the public media page's API. */
public final class SupervisionRoutes implements ApiRouter.Routes {

    private final Db db;
    private final SupervisionService service;

    public SupervisionRoutes(Db db, SupervisionService service) {
        this.db = db;
        this.service = service;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("createSupervision", rc -> db.blocking(() -> service.create(AuthGuard.principal(rc), Json.body(rc)))
                        .onSuccess(v -> Json.send(rc, 201, v)).onFailure(rc::fail))
                .handle("listSupervisions", this::list)
                .handle("supervisionOverview", rc -> Json.reply(rc, db.blocking(service::byMode)))
                .handle("draftSupervisionReport", this::draft)
                .handle("getSupervision", rc -> Json.reply(rc, db.blocking(() ->
                        service.view(AuthGuard.principal(rc), Json.pathLong(rc, "id")))))
                .handle("superviseAction", rc -> Json.reply(rc, db.blocking(() -> service.act(AuthGuard.principal(rc),
                        Json.pathLong(rc, "id"), Json.pathParam(rc, "action"), Json.bodyOrEmpty(rc)))))
                .handle("uploadSupervisionPhoto", this::upload)
                .handle("getSupervisionPhoto", this::photo)
                .handle("publicMediaTracking", rc -> Json.reply(rc, db.blocking(service::publicList)))
                .handle("publicMediaTrackingItem", rc -> Json.reply(rc, db.blocking(() ->
                        service.publicView(Json.pathLong(rc, "id")))));
    }

    private void list(RoutingContext rc) {
        String limit = Json.query(rc, "limit");
        String after = Json.query(rc, "after");
        String unit = Json.query(rc, "unitId");
        String order = Json.query(rc, "orderId");
        String overdue = Json.query(rc, "overdue");
        Json.reply(rc, db.blocking(() -> service.list(AuthGuard.principal(rc), Json.query(rc, "mode"),
                Json.query(rc, "status"), overdue == null ? null : Boolean.parseBoolean(overdue),
                unit == null ? null : Long.parseLong(unit), order == null ? null : Long.parseLong(order),
                limit == null ? 50 : Integer.parseInt(limit), after == null ? null : Long.parseLong(after))));
    }

    private void draft(RoutingContext rc) {
        JsonArray ids = Json.body(rc).getJsonArray("orderIds");
        List<Long> orderIds = new ArrayList<>();
        ids.forEach(i -> orderIds.add(((Number) i).longValue()));
        Json.reply(rc, db.blocking(() -> service.draft(AuthGuard.principal(rc), orderIds)));
    }

    private void upload(RoutingContext rc) {
        Buffer body = rc.body() == null ? null : rc.body().buffer();
        byte[] data = body == null ? new byte[0] : body.getBytes();
        String type = rc.request().getHeader("Content-Type");
        db.blocking(() -> service.addPhoto(AuthGuard.principal(rc), Json.pathLong(rc, "id"), type, data,
                        Json.query(rc, "caption")))
                .onSuccess(v -> Json.send(rc, 201, v)).onFailure(rc::fail);
    }

    private void photo(RoutingContext rc) {
        db.blocking(() -> service.photo(AuthGuard.principal(rc), Json.pathLong(rc, "id"), Json.pathLong(rc, "photoId")))
                .onSuccess(p -> rc.response().putHeader("Content-Type", p.contentType())
                        .putHeader("Cache-Control", "private, max-age=86400")
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .end(Buffer.buffer(p.data())))
                .onFailure(rc::fail);
    }
}
