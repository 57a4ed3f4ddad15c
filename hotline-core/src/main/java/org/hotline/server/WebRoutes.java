package org.hotline.server;

import io.vertx.ext.web.Router;

/** Routes outside the API that the assembly adds, e.g. the console's pages and assets. */
@FunctionalInterface
public interface WebRoutes {
    void mount(Router router);
}
