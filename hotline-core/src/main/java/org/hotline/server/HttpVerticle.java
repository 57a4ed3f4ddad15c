package org.hotline.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hotline.config.Config;
import org.hotline.config.CoreOptions;
import org.hotline.health.Health;
import org.hotline.http.ApiRouter;
import org.hotline.http.Guard;
import org.hotline.http.HttpOptions;
import org.hotline.http.ProblemException;
import org.hotline.http.ProblemHandler;
import org.hotline.http.RequestIds;
import org.hotline.http.SecurityHeaders;
import org.hotline.metrics.Metrics;

/**
 * One HTTP server instance (Hotline deploys one per core on a shared port): request ids and security headers on
 * everything, the API under {@code /api/v1}, health and metrics, Open311 under {@code /open311/v2}, then the
 * console; anything else is a 404 problem.
 */
final class HttpVerticle extends VerticleBase {

    private final Config config;
    private final int port;
    private final JsonObject document;
    private final Guard guard;
    private final List<ApiRouter.Routes> features;
    private final Metrics metrics;
    private final Health health;
    private final org.hotline.open311.Open311Routes open311;
    private final WebRoutes web;
    private final org.hotline.http.RateLimits limits;
    private HttpServer server;

    HttpVerticle(Config config, int port, JsonObject document, Guard guard, List<ApiRouter.Routes> features,
                 Metrics metrics, Health health, org.hotline.open311.Open311Routes open311, WebRoutes web,
                 org.hotline.http.RateLimits limits) {
        this.limits = limits;
        this.config = config;
        this.port = port;
        this.document = document;
        this.guard = guard;
        this.features = features;
        this.metrics = metrics;
        this.health = health;
        this.open311 = open311;
        this.web = web;
    }

    @Override
    public Future<?> start() {
        long maxBody = config.longValue(HttpOptions.HTTP_MAX_BODY_SIZE);
        ProblemHandler problems = new ProblemHandler(metrics.registry());
        String documentJson = document.encode();
        // The validator gets the document's own operation for openapi.json, so serve it from here.
        ApiRouter.Routes self = ops -> ops.handle("openapi", rc -> rc.response()
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .end(documentJson));
        List<ApiRouter.Routes> all = new java.util.ArrayList<>(features);
        all.add(self);
        List<io.vertx.core.Handler<io.vertx.ext.web.RoutingContext>> first =
                List.of(new RequestIds(), new AccessLog(), new SecurityHeaders());
        return ApiRouter.create(vertx, document, guard, maxBody, first, all, limits).compose(root -> {
            root.get("/health").handler(health::ready);
            root.get("/health/ready").handler(health::ready);
            root.get("/health/live").handler(health::live);
            String metricsToken = config.stringOrNull(HttpOptions.METRICS_TOKEN);
            root.get("/metrics").handler(rc -> {
                if (metricsToken != null && !metricsToken.isEmpty()
                        && !("Bearer " + metricsToken).equals(rc.request().getHeader("Authorization"))) {
                    rc.fail(ProblemException.unauthorized("The metrics need the metrics token."));
                    return;
                }
                metrics.scrape(rc);
            });
            // Unknown API paths answer with a problem, never with the console; a known path with another method
            // answers 405 and says which methods it has.
            root.route("/api/*").handler(rc -> {
                List<String> allowed = ApiRouter.allowedMethods(document, rc.request().path());
                if (allowed.isEmpty()) {
                    rc.fail(ProblemException.notFound("There is no API operation " + rc.request().method() + " "
                            + rc.request().path() + "."));
                } else {
                    rc.response().putHeader("Allow", String.join(", ", allowed));
                    rc.fail(new ProblemException(new org.hotline.http.Problem("method-not-allowed",
                            "Method not allowed", 405, rc.request().method() + " is not allowed on "
                            + rc.request().path() + "; allowed: " + String.join(", ", allowed) + ".")));
                }
            });
            // The public Open311 endpoint: its own answers and errors, before the console's catch-all pages.
            open311.mount(vertx, root);
            if (web != null) {
                web.mount(root);
            }
            root.route().last().handler(rc -> rc.fail(404));
            root.route().failureHandler(problems);

            HttpServerOptions options = new HttpServerOptions()
                    .setHost(config.string(HttpOptions.HTTP_HOST))
                    .setPort(port)
                    .setMaxHeaderSize(16 * 1024)
                    .setMaxInitialLineLength(8 * 1024)
                    // Open311 posts forms: a 4,000-character description is some 36 KB percent-encoded, far over
                    // Vert.x's defaults for one form field; forms stay bounded by this and by Open311's own check.
                    .setMaxFormAttributeSize(org.hotline.open311.Open311Routes.MAX_FORM_BYTES)
                    .setMaxFormBufferedBytes(org.hotline.open311.Open311Routes.MAX_FORM_BYTES)
                    .setCompressionSupported(true)
                    .setIdleTimeout(120)
                    .setIdleTimeoutUnit(TimeUnit.SECONDS);
            server = vertx.createHttpServer(options)
                    .invalidRequestHandler(ProblemHandler::invalidRequest)
                    .requestHandler(root);
            return server.listen();
        });
    }

    @Override
    public Future<?> stop() {
        if (server == null) {
            return Future.succeededFuture();
        }
        long timeout = config.duration(CoreOptions.SHUTDOWN_TIMEOUT).toMillis();
        return server.shutdown(timeout, TimeUnit.MILLISECONDS);
    }
}
