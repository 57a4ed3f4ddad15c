package org.hotline.open311;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.hotline.db.Db;
import org.hotline.http.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public Open311 GeoReport v2 endpoint at {@code /open311/v2}, beside the staff API and outside it: no staff
 * session, an application's api_key for POST only, answers and errors in the spec's own shapes — {@code .xml} or
 * {@code .json} as the path asks — rather than the staff API's problem details.
 */
public final class Open311Routes {

    private static final Logger LOG = LoggerFactory.getLogger(Open311Routes.class);
    public static final String BASE = "/open311/v2";
    /** The largest POST form: the spec's 4,000-character description, percent-encoded, and the other fields. */
    public static final int MAX_FORM_BYTES = 64 * 1024;
    private static final String FORMAT = "open311.format";

    /** The two formats, chosen by the path's extension. */
    enum Format {
        XML("text/xml; charset=utf-8"), JSON("application/json; charset=utf-8");

        final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }
    }

    /** The resources, for telling a wrong method (405) from a wrong path (404). */
    private static final List<Pattern> RESOURCES = List.of(Pattern.compile("/discovery\\.[^/]+"),
            Pattern.compile("/services\\.[^/]+"), Pattern.compile("/services/[^/]+\\.[^/]+"),
            Pattern.compile("/requests\\.[^/]+"), Pattern.compile("/requests/[^/]+\\.[^/]+"),
            Pattern.compile("/tokens/[^/]+\\.[^/]+"));

    /** A resource's path with its id left out ({@code /services/.xml}): the spec's "not provided" error. */
    private static final Pattern MISSING_ID = Pattern.compile("/(services|requests|tokens)/\\.([^/.]+)");

    private final Db db;
    private final Open311Service service;
    private final String publicUrl;

    private final org.hotline.http.RateLimits limits;
    private final org.hotline.http.TrustedProxies proxies;

    /**
     * @param publicUrl the address people use when a proxy serves Hotline, for discovery's endpoint url; or null
     * @param limits    how many requests one client address may file ({@code open311-submit})
     */
    public Open311Routes(Db db, Open311Service service, String publicUrl, org.hotline.http.RateLimits limits,
                         org.hotline.http.TrustedProxies proxies) {
        this.db = db;
        this.service = service;
        this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.replaceAll("/+$", "");
        this.limits = limits;
        this.proxies = proxies;
    }

    /** Mounts the endpoint on {@code root}; its failures are answered in the spec's error format. */
    public void mount(Vertx vertx, Router root) {
        Router r = Router.router(vertx);
        r.route().handler(this::headers);
        r.getWithRegex("/discovery\\.(?<format>[^/.]+)").handler(this::discovery);
        r.getWithRegex("/services\\.(?<format>[^/.]+)").handler(this::services);
        r.getWithRegex("/services/(?<code>[^/]+)\\.(?<format>[^/.]+)").handler(this::definition);
        r.postWithRegex("/requests\\.(?<format>[^/.]+)").handler(this::submit);
        r.getWithRegex("/requests\\.(?<format>[^/.]+)").handler(this::requests);
        r.getWithRegex("/requests/(?<id>[^/]+)\\.(?<format>[^/.]+)").handler(this::request);
        r.getWithRegex("/tokens/(?<token>[^/]+)\\.(?<format>[^/.]+)").handler(this::token);
        r.route().handler(this::unknown);
        r.route().failureHandler(this::failure);
        root.route(BASE + "/*").subRouter(r);
        // A failure before the sub-router is reached (the body handler refusing a body) still gets the spec's shape.
        root.route(BASE + "/*").failureHandler(this::failure);
    }

    private void headers(RoutingContext rc) {
        // Open311 apps run in browsers too; nothing here reads cookies, so any origin may call.
        rc.response().putHeader("Access-Control-Allow-Origin", "*").putHeader("Cache-Control", "no-cache");
        rc.next();
    }

    private void discovery(RoutingContext rc) {
        Format f = format(rc);
        String endpoint = (publicUrl != null ? publicUrl : origin(rc)) + BASE;
        Map<String, List<String>> params = params(rc);
        reply(rc, f, db.blocking(() -> service.discovery(params, endpoint)));
    }

    private void services(RoutingContext rc) {
        Format f = format(rc);
        Map<String, List<String>> params = params(rc);
        reply(rc, f, db.blocking(() -> service.services(params)));
    }

    private void definition(RoutingContext rc) {
        Format f = format(rc);
        String code = rc.pathParam("code");
        Map<String, List<String>> params = params(rc);
        reply(rc, f, db.blocking(() -> service.definition(params, code)));
    }

    private void submit(RoutingContext rc) {
        Format f = format(rc);
        if (rc.body() != null && rc.body().length() > MAX_FORM_BYTES) {
            throw Open311Exception.of(413, "The form is larger than " + MAX_FORM_BYTES / 1024 + " KB.");
        }
        String type = rc.request().getHeader("Content-Type");
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (!t.startsWith("application/x-www-form-urlencoded") && !t.startsWith("multipart/form-data")) {
            throw Open311Exception.of(400, "Send the request as a form: Content-Type "
                    + "application/x-www-form-urlencoded; charset=utf-8");
        }
        String client = org.hotline.http.RateLimits.client(proxies.clientAddress(rc));
        long wait = limits.tryTake(org.hotline.http.RateLimits.OPEN311_SUBMIT, client);
        if (wait > 0) {
            rc.response().putHeader("Retry-After", Long.toString(wait));
            throw Open311Exception.of(429, "Too many requests from your address; try again in " + wait + " s.");
        }
        Map<String, List<String>> params = params(rc);
        // The spec's clients expect 200 with the new request's id (not 201).
        reply(rc, f, db.blocking(() -> service.submit(params)));
    }

    private void requests(RoutingContext rc) {
        Format f = format(rc);
        Map<String, List<String>> params = params(rc);
        reply(rc, f, db.blocking(() -> service.requests(params)));
    }

    private void request(RoutingContext rc) {
        Format f = format(rc);
        String id = rc.pathParam("id");
        Map<String, List<String>> params = params(rc);
        reply(rc, f, db.blocking(() -> service.request(params, id)));
    }

    private void token(RoutingContext rc) {
        Format f = format(rc);
        String token = rc.pathParam("token");
        Map<String, List<String>> params = params(rc);
        reply(rc, f, db.blocking(() -> service.token(params, token)));
    }

    private void unknown(RoutingContext rc) {
        String path = rc.normalizedPath().substring(Math.min(rc.normalizedPath().length(), BASE.length()));
        var missing = MISSING_ID.matcher(path);
        if (missing.matches()) {
            String what = switch (missing.group(1)) {
                case "services" -> "service_code";
                case "requests" -> "service_request_id";
                default -> "token";
            };
            throw Open311Exception.of(400, what + " was not provided: put it in the path, e.g. " + BASE + "/"
                    + missing.group(1) + "/{" + what + "}." + missing.group(2));
        }
        if (RESOURCES.stream().anyMatch(p -> p.matcher(path).matches())) {
            boolean requests = path.startsWith("/requests.");
            rc.response().putHeader("Allow", requests ? "GET, POST" : "GET");
            throw Open311Exception.of(405, rc.request().method() + " is not allowed here; use "
                    + (requests ? "GET or POST" : "GET") + ".");
        }
        throw Open311Exception.of(404, "There is no Open311 resource " + BASE + Open311Service.shorten(path)
                + "; see " + BASE + "/discovery.xml");
    }

    /** The format the path asks for; an unknown one is refused (in XML, the spec's required format). */
    private static Format format(RoutingContext rc) {
        String f = rc.pathParam("format");
        Format format = switch (f == null ? "" : f.toLowerCase(Locale.ROOT)) {
            case "json" -> Format.JSON;
            case "xml" -> Format.XML;
            default -> null;
        };
        if (format == null) {
            throw Open311Exception.of(400, "Unknown format '" + Open311Service.shorten(f) + "': end the path with "
                    + ".xml or .json");
        }
        rc.put(FORMAT, format);
        return format;
    }

    /** Query and form parameters, each name with all its values; read on the event loop, used on a worker. */
    private static Map<String, List<String>> params(RoutingContext rc) {
        MultiMap all = rc.request().params();
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : all.names()) {
            out.put(name, new ArrayList<>(all.getAll(name)));
        }
        return out;
    }

    private static String origin(RoutingContext rc) {
        var authority = rc.request().authority();
        if (authority == null) {
            return "";
        }
        return rc.request().scheme() + "://" + authority.host()
                + (authority.port() > 0 ? ":" + authority.port() : "");
    }

    private static void reply(RoutingContext rc, Format f, Future<Doc> answer) {
        answer.onSuccess(doc -> send(rc, f, 200, doc)).onFailure(rc::fail);
    }

    private static void send(RoutingContext rc, Format f, int status, Doc doc) {
        rc.response().setStatusCode(status)
                .putHeader("Content-Type", f.contentType)
                .putHeader("Access-Control-Allow-Origin", "*")
                .end(f == Format.JSON ? doc.json() : doc.xml());
    }

    /** The form decoder's refusal of a field over the limit (it reaches us as a 400 with this cause). */
    private static boolean tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.TooLongFormFieldException
                    || t instanceof java.io.IOException && String.valueOf(t.getMessage()).contains("exceed")) {
                return true;
            }
        }
        return false;
    }

    /** Every failure as the spec's {@code <errors>}, in the format asked for (XML when that is unclear). */
    private void failure(RoutingContext rc) {
        if (rc.response().ended() || rc.response().closed()) {
            return;
        }
        Format f = rc.get(FORMAT);
        if (f == null) {
            f = rc.normalizedPath().toLowerCase(Locale.ROOT).endsWith(".json") ? Format.JSON : Format.XML;
        }
        Throwable failure = rc.failure();
        Open311Exception e;
        if (failure instanceof Open311Exception oe) {
            e = oe;
        } else if (failure instanceof org.hotline.http.ProblemException pe && pe.problem().status() < 500) {
            // The order's own intake checks: their field errors, in the spec's shape.
            var p = pe.problem();
            e = p.errors().isEmpty() ? Open311Exception.of(p.status(), p.detail())
                    : new Open311Exception(p.status(), p.errors().stream().map(fe -> new Open311Exception.Error(
                    p.status(), fe.field() + ": " + fe.message())).toList());
        } else if (rc.statusCode() == 413 || tooLarge(failure)) {
            e = Open311Exception.of(413, "The request is larger than this server accepts (forms up to "
                    + MAX_FORM_BYTES / 1024 + " KB).");
        } else if (rc.statusCode() == 400 || rc.statusCode() == 431) {
            e = Open311Exception.of(400, "The request cannot be read; send forms as "
                    + "application/x-www-form-urlencoded in UTF-8.");
        } else {
            LOG.error("Open311 {} {} failed (request {})", rc.request().method(), rc.request().path(),
                    RequestIds.of(rc), failure);
            // The spec's "general service error" is a 400 the client reports to the jurisdiction.
            e = Open311Exception.of(400, "General service error; quote request id " + RequestIds.of(rc)
                    + " when you report it.");
        }
        if (e.status() == 413 && rc.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
            rc.response().putHeader("Connection", "close");
        }
        send(rc, f, e.status(), e.doc());
    }
}
