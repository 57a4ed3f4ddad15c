package org.hotline.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.RequestValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Builds the {@code /api/v1} router from the OpenAPI document: every operation in the document must have a handler
 * and every handler an operation, so the document cannot drift from the code. Each route runs the {@link Guard}
 * (roles from the operation's {@code x-roles}), then validates the request against the document, then the handler.
 */
public final class ApiRouter {

    public static final String VALIDATED = "hotline.validated";
    public static final String OPERATION_ID = "hotline.operationId";
    /** Classpath location of the document, authored in YAML, served as JSON. */
    public static final String DOCUMENT = "openapi/hotline-api.yaml";
    /** The largest raw upload an operation marked {@code x-raw-body} accepts (photos of 5 MB, with room to spare). */
    public static final long RAW_BODY_LIMIT = 6L * 1024 * 1024;

    /** A feature's operations, registered by operationId. */
    public interface Routes {
        void register(Operations operations);
    }

    /** Collects handlers by operationId. */
    public static final class Operations {
        private final Map<String, Handler<RoutingContext>> handlers = new HashMap<>();

        public Operations handle(String operationId, Handler<RoutingContext> handler) {
            if (handlers.putIfAbsent(operationId, handler) != null) {
                throw new IllegalStateException("Two handlers for operation " + operationId);
            }
            return this;
        }
    }

    private ApiRouter() {
    }

    /** The OpenAPI document as JSON, exactly as served at {@code /api/v1/openapi.json}. */
    public static JsonObject loadDocument() {
        try (InputStream in = ApiRouter.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + DOCUMENT + " on the classpath");
            }
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            Object tree = yaml.load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) tree;
            return new JsonObject(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the router whose routes are the document's operations (full paths, {@code /api/v1/...}), preceded by
     * {@code rootHandlers} for every request; fails when the document and the registered handlers disagree.
     */
    public static Future<Router> create(Vertx vertx, JsonObject document, Guard guard, long maxBodySize,
                                        List<Handler<RoutingContext>> rootHandlers, List<Routes> features,
                                        RateLimits limits) {
        Operations ops = new Operations();
        features.forEach(f -> f.register(ops));
        return OpenAPIContract.from(vertx, forValidator(document)).map(contract -> {
            RouterBuilder builder = RouterBuilder.create(vertx, contract);
            rootHandlers.forEach(builder::rootHandler);
            // Raw uploads (photos) may be larger than a JSON body; JSON bodies are held to maxBodySize below.
            builder.rootHandler(BodyHandler.create(false).setBodyLimit(Math.max(maxBodySize, RAW_BODY_LIMIT))
                    .setHandleFileUploads(false));
            RequestValidator validator = CachedRequestValidator.create(vertx, contract);

            Set<String> unused = new TreeSet<>(ops.handlers.keySet());
            for (OpenAPIRoute route : builder.getRoutes()) {
                Operation op = route.getOperation();
                String id = op.getOperationId();
                Handler<RoutingContext> handler = ops.handlers.get(id);
                if (handler == null) {
                    throw new IllegalStateException("Operation " + id + " has no handler");
                }
                unused.remove(id);
                Set<String> roles = roles(op);
                String limit = rateLimit(op, limits);
                route.setDoValidation(false)
                        .setDoSecurity(false)
                        .addHandler(rc -> {
                            rc.put(OPERATION_ID, id);
                            guard.check(rc, id, roles).onSuccess(v -> rc.next()).onFailure(rc::fail);
                        });
                if (limit != null) {
                    // Counted before the body is validated or read further: a flood costs as little as possible.
                    route.addHandler(rc -> {
                        limits.take(limit, RateLimits.client(TrustedProxies.clientAddressOf(rc)));
                        rc.next();
                    });
                }
                route.addHandler(rc -> validate(rc, op, validator, maxBodySize))
                        .addHandler(handler);
            }
            if (!unused.isEmpty()) {
                throw new IllegalStateException("Handlers for operations missing from the document: " + unused);
            }
            return builder.createRouter();
        });
    }

    /**
     * The validator's copy of the document. Vert.x's contract parser rejects {@code application/problem+json} as a
     * response media type although responses are never validated here, so it sees plain JSON instead; and the
     * security requirements are dropped because the {@link Guard}, not Vert.x's auth chain, enforces them.
     */
    static JsonObject forValidator(JsonObject document) {
        JsonObject copy = document.copy();
        renameProblemMediaType(copy);
        copy.remove("security");
        JsonObject paths = copy.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (item.getValue(method) instanceof JsonObject op) {
                    op.remove("security");
                    if (Boolean.TRUE.equals(op.getValue("x-raw-body"))) {
                        // Binary bodies are the handler's to check; the validator knows only JSON.
                        op.remove("requestBody");
                    }
                }
            }
        }
        return copy;
    }

    private static void renameProblemMediaType(Object node) {
        if (node instanceof JsonObject o) {
            Object problem = o.getValue("application/problem+json");
            if (problem != null) {
                o.remove("application/problem+json");
                o.put("application/json", problem);
            }
            o.forEach(e -> renameProblemMediaType(e.getValue()));
        } else if (node instanceof JsonArray a) {
            a.forEach(ApiRouter::renameProblemMediaType);
        }
    }

    /** The methods the document offers on {@code path}, for a 405's {@code Allow} header; empty for no such path. */
    public static List<String> allowedMethods(JsonObject document, String path) {
        List<String> out = new java.util.ArrayList<>();
        JsonObject paths = document.getJsonObject("paths", new JsonObject());
        for (String template : paths.fieldNames()) {
            String regex = "^" + java.util.regex.Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q")
                    + "$";
            if (path.matches(regex)) {
                paths.getJsonObject(template).fieldNames().forEach(m -> out.add(m.toUpperCase(java.util.Locale.ROOT)));
            }
        }
        return out;
    }

    /** The operation's {@code x-rate-limit} (per client address), checked against the limits known. */
    private static String rateLimit(Operation op, RateLimits limits) {
        Object declared = op.getExtensions().get("x-rate-limit");
        if (declared == null) {
            return null;
        }
        String name = String.valueOf(declared);
        limits.limit(name);
        return name;
    }

    private static Set<String> roles(Operation op) {
        Object declared = op.getExtensions().get("x-roles");
        if (!(declared instanceof JsonArray arr) || arr.isEmpty()) {
            throw new IllegalStateException("Operation " + op.getOperationId()
                    + " declares no x-roles; every operation must say who may call it");
        }
        Set<String> roles = new LinkedHashSet<>();
        arr.forEach(r -> roles.add(String.valueOf(r)));
        return Set.copyOf(roles);
    }

    /**
     * vertx-openapi 5.0.7 URL-decodes query values that Vert.x has already decoded, so a search for "上浮20%" was
     * refused as invalid. For a request without a body whose query holds a '%', the parameters are taken as Vert.x
     * decoded them (our API declares no header or cookie parameters, and no multi-valued query ones).
     */
    static Future<io.vertx.openapi.validation.ValidatableRequest> extract(RoutingContext rc, Operation op,
                                                                          Buffer body) {
        boolean percent = body == null && rc.queryParams().entries().stream()
                .anyMatch(e -> e.getValue() != null && e.getValue().indexOf('%') >= 0);
        if (!percent) {
            return RequestUtils.extract(rc.request(), op, () -> Future.succeededFuture(body));
        }
        java.util.Map<String, io.vertx.openapi.validation.RequestParameter> path = new java.util.HashMap<>();
        java.util.Map<String, io.vertx.openapi.validation.RequestParameter> query = new java.util.HashMap<>();
        for (var p : op.getParameters()) {
            String name = p.getName();
            switch (p.getIn()) {
                case PATH -> path.put(name, new io.vertx.openapi.validation.impl.RequestParameterImpl(
                        rc.pathParam(name)));
                case QUERY -> {
                    java.util.List<String> values = rc.queryParams().getAll(name);
                    query.put(name, new io.vertx.openapi.validation.impl.RequestParameterImpl(values.isEmpty() ? null
                            : String.join(",", values)));
                }
                default -> {
                }
            }
        }
        return Future.succeededFuture(new io.vertx.openapi.validation.impl.ValidatableRequestImpl(
                new java.util.HashMap<>(), new java.util.HashMap<>(), path, query));
    }

    private static void validate(RoutingContext rc, Operation op, RequestValidator validator, long maxBodySize) {
        boolean raw = Boolean.TRUE.equals(op.getExtensions().get("x-raw-body"));
        if (!raw && rc.body() != null && rc.body().length() > maxBodySize) {
            rc.fail(new ProblemException(new Problem("payload-too-large", "Payload too large", 413,
                    "The body is larger than " + maxBodySize + " bytes.")));
            return;
        }
        if (raw) {
            // The handler checks the bytes themselves; only the parameters are validated here.
            extract(rc, op, null)
                    .compose(request -> validator.validate(request, op.getOperationId()))
                    .onSuccess(validated -> {
                        rc.put(VALIDATED, validated);
                        rc.next();
                    })
                    .onFailure(rc::fail);
            return;
        }
        if (op.getRequestBody() != null && rc.body() != null && rc.body().length() > 0) {
            String type = rc.request().getHeader("Content-Type");
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                rc.fail(new ProblemException(new Problem("unsupported-media-type", "Unsupported media type", 415,
                        "Send the body as application/json.")));
                return;
            }
        }
        Buffer body = rc.body() == null ? null : rc.body().buffer();
        extract(rc, op, body)
                .compose(request -> validator.validate(request, op.getOperationId()))
                .onSuccess(validated -> {
                    rc.put(VALIDATED, validated);
                    rc.next();
                })
                .onFailure(rc::fail);
    }
}
