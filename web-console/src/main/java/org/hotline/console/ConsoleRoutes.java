package org.hotline.console;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import org.hotline.server.WebRoutes;

/**
 * The staff console: static ES modules from {@code webroot/}, and the libraries it imports (lit-html, ECharts)
 * from their WebJars, so nothing is fetched from outside at run time and no Node.js build exists.
 */
public final class ConsoleRoutes implements WebRoutes {

    @Override
    public void mount(Router router) {
        router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars")
                .setCachingEnabled(true)
                .setMaxAgeSeconds(86_400)
                .setDirectoryListing(false)
                .setIncludeHidden(false));
        router.get("/*").handler(StaticHandler.create("webroot")
                .setIndexPage("index.html")
                .setCachingEnabled(true)
                .setMaxAgeSeconds(60)
                .setDirectoryListing(false)
                .setIncludeHidden(false));
    }
}
