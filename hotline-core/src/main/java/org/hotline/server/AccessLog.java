package org.hotline.server;

import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line per request: method, path (never the query, which may hold personal data), status, time. */
final class AccessLog implements PlatformHandler {

    private static final Logger LOG = LoggerFactory.getLogger("hotline.access");

    @Override
    public void handle(RoutingContext rc) {
        if (LOG.isInfoEnabled()) {
            long start = System.nanoTime();
            rc.addEndHandler(ar -> LOG.info("{} {} {} {}ms", rc.request().method(), rc.request().path(),
                    rc.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000));
        }
        rc.next();
    }
}
