package org.hotline.console;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import org.hotline.server.WebRoutes;

/**
 * The staff console: static ES modules from {@code webroot/}, and the libraries it imports (lit-html, ECharts)
 * from their WebJars, so nothing is fetched from outside at run time and no Node.js build exists.
 */
public final class ConsoleRoutes implements WebRoutes {

    private final String directory;

    public ConsoleRoutes() {
        this(null);
    }

    /** @param directory serve the pages from this directory, uncached, instead of the classpath; null for built-in */
    public ConsoleRoutes(String directory) {
        this.directory = directory;
    }

    @Override
    public void mount(Router router) {
        router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars")
                .setCachingEnabled(true)
                .setMaxAgeSeconds(86_400)
                .setDirectoryListing(false)
                .setIncludeHidden(false));
        StaticHandler pages = directory == null
                ? StaticHandler.create("webroot").setCachingEnabled(true).setMaxAgeSeconds(60)
                : StaticHandler.create(FileSystemAccess.ROOT, java.nio.file.Path.of(directory).toAbsolutePath()
                        .toString()).setCachingEnabled(false);
        router.get("/*").handler(pages.setIndexPage("index.html").setDirectoryListing(false).setIncludeHidden(false));
    }
}
