package org.hotline.http;

import io.vertx.core.Context;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.core.Vertx;
import io.vertx.core.spi.context.storage.ContextLocal;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every HTTP request an id, echoed in {@code X-Request-Id} and kept on the request's Vert.x context, so log
 * lines written anywhere while serving it (event loop or worker) carry it. Must be loaded before Vert.x starts.
 */
public final class RequestIds implements PlatformHandler {

    public static final String HEADER = "X-Request-Id";
    public static final String KEY = "requestId";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** Registered once, before the first Vert.x instance exists (a Vert.x rule for context locals). */
    public static final ContextLocal<String> LOCAL = ContextLocal.registerLocal(String.class);

    @Override
    public void handle(RoutingContext rc) {
        String incoming = rc.request().getHeader(HEADER);
        String id = incoming != null && ACCEPTABLE.matcher(incoming).matches()
                ? incoming : UUID.randomUUID().toString();
        rc.put(KEY, id);
        Context ctx = Vertx.currentContext();
        if (ctx != null) {
            ctx.putLocal(LOCAL, id);
        }
        rc.response().putHeader(HEADER, id);
        rc.next();
    }

    /** The id of the request being served on this thread's context, or null. */
    public static String current() {
        Context ctx = Vertx.currentContext();
        return ctx == null ? null : ctx.getLocal(LOCAL);
    }

    public static String of(RoutingContext rc) {
        return rc.get(KEY);
    }
}
