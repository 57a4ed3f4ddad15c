package org.hotline.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.hotline.auth.AuthGuard;
import org.hotline.auth.Principal;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;
import org.hotline.http.ProblemException;

/** {@code /api/v1/notifications}: the signed-in person's console inbox of delivered notifications. */
public final class NotificationRoutes implements ApiRouter.Routes {

    private final Db db;
    private final Outbox outbox;
    private final Clock clock;

    public NotificationRoutes(Db db, Outbox outbox, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("listNotifications", this::list).handle("readNotification", this::read);
    }

    private void list(RoutingContext rc) {
        Principal p = AuthGuard.principal(rc);
        boolean unreadOnly = "true".equals(Json.query(rc, "unread"));
        String limitText = Json.query(rc, "limit");
        int limit = limitText == null ? 50 : Integer.parseInt(limitText);
        Json.reply(rc, db.read(dsl -> {
            JsonArray items = new JsonArray();
            for (Outbox.Entry e : outbox.inbox(dsl, p, unreadOnly, limit)) {
                items.add(new JsonObject().put("id", e.id()).put("kind", e.kind()).put("orderId", e.orderId())
                        .put("title", e.title()).put("body", e.body()).put("urgent", e.urgent())
                        .put("sentAt", e.sentAt() == null ? null : e.sentAt().toString()).put("read", e.read()));
            }
            return new JsonObject().put("items", items).put("unread", outbox.unread(dsl, p));
        }));
    }

    private void read(RoutingContext rc) {
        Principal p = AuthGuard.principal(rc);
        long id = Json.pathLong(rc, "id");
        db.tx(dsl -> outbox.markRead(dsl, p, id, clock.instant())).onSuccess(ok -> {
            if (!ok) {
                rc.fail(ProblemException.notFound("No notification " + id + " in your inbox."));
            } else {
                rc.response().setStatusCode(204).end();
            }
        }).onFailure(rc::fail);
    }
}
