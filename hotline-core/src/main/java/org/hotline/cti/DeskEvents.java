package org.hotline.cti;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Pushes to a staff member's open consoles (Server-Sent Events). Messages go over the event bus to the person's
 * address, so whichever node holds their connection delivers them — and a person with two tabs gets both.
 */
public final class DeskEvents {

    static final String ADDRESS = "hotline.desk.user.";
    /** Under the HTTP idle timeout, so an idle stream is never cut. */
    static final long HEARTBEAT_MS = 20_000;

    private final Vertx vertx;

    public DeskEvents(Vertx vertx) {
        this.vertx = vertx;
    }

    public void send(long userId, String type, JsonObject data) {
        vertx.eventBus().publish(ADDRESS + userId, new JsonObject().put("type", type).put("data", data));
    }

    /** Turns the request into an event stream for {@code userId} until the browser goes away. */
    public void stream(RoutingContext rc, long userId) {
        var response = rc.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache, no-store")
                .putHeader("X-Accel-Buffering", "no");
        response.write(": connected\n\n");
        MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(ADDRESS + userId, m -> {
            JsonObject msg = m.body();
            response.write("event: " + msg.getString("type") + "\ndata: " + msg.getJsonObject("data").encode()
                    + "\n\n");
        });
        long heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> response.write(": ping\n\n"));
        response.closeHandler(v -> {
            vertx.cancelTimer(heartbeat);
            consumer.unregister();
        });
    }
}
