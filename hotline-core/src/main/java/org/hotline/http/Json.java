package org.hotline.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.RequestParameter;

/** Small helpers for thin handlers: read the validated request, write JSON answers. */
public final class Json {

    private Json() {
    }

    /** The request as validated against the OpenAPI document. */
    public static ValidatedRequest validated(RoutingContext rc) {
        return rc.get(ApiRouter.VALIDATED);
    }

    public static JsonObject body(RoutingContext rc) {
        ValidatedRequest v = validated(rc);
        RequestParameter body = v == null ? null : v.getBody();
        if (body == null || body.isNull()) {
            throw ProblemException.badRequest("A JSON body is required.", new Problem.FieldError("body", "required"));
        }
        return body.getJsonObject();
    }

    /** The validated JSON body, or an empty object when the request has none (for optional bodies). */
    public static JsonObject bodyOrEmpty(RoutingContext rc) {
        ValidatedRequest v = validated(rc);
        RequestParameter body = v == null ? null : v.getBody();
        return body == null || body.isNull() || body.getJsonObject() == null ? new JsonObject() : body.getJsonObject();
    }

    public static String pathParam(RoutingContext rc, String name) {
        ValidatedRequest v = validated(rc);
        RequestParameter p = v == null ? null : v.getPathParameters().get(name);
        return p == null || p.isNull() ? rc.pathParam(name) : String.valueOf(p.get());
    }

    public static long pathLong(RoutingContext rc, String name) {
        String raw = pathParam(rc, name);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ProblemException.field(name, "must be an integer");
        }
    }

    public static String query(RoutingContext rc, String name) {
        ValidatedRequest v = validated(rc);
        RequestParameter p = v == null ? null : v.getQuery().get(name);
        return p == null || p.isNull() ? null : String.valueOf(p.get());
    }

    /** Answers 200 (or {@code status}) with {@code body}; completes the handler's future chain. */
    public static void send(RoutingContext rc, int status, Object body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8");
        if (body == null) {
            rc.response().end();
        } else {
            rc.response().end(io.vertx.core.json.Json.encode(body));
        }
    }

    /** Sends the future's result as JSON, or fails the request with its failure (mapped to a problem). */
    public static <T> void reply(RoutingContext rc, Future<T> result) {
        reply(rc, 200, result);
    }

    public static <T> void reply(RoutingContext rc, int status, Future<T> result) {
        result.onSuccess(body -> send(rc, status, body)).onFailure(rc::fail);
    }
}
