package org.hotline.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem: what every error answer of Hotline looks like ({@code application/problem+json}).
 *
 * @param type       a URI naming the kind of problem, e.g. {@code urn:hotline:problem:validation}
 * @param title      short, the same for every problem of this type
 * @param status     the HTTP status
 * @param detail     what went wrong this time, for a person
 * @param errors     the offending fields, for validation problems
 * @param extensions further members (e.g. {@code allowedActions})
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors,
                      Map<String, Object> extensions) {

    public static final String CONTENT_TYPE = "application/problem+json";

    /** One offending field: a dotted path into the body ({@code citizen.phone}) or a parameter name. */
    public record FieldError(String field, String message) {
    }

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public Problem(String slug, String title, int status, String detail) {
        this(typeUri(slug), title, status, detail, List.of(), Map.of());
    }

    public static String typeUri(String slug) {
        return "urn:hotline:problem:" + slug;
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, fieldErrors, extensions);
    }

    public Problem with(String key, Object value) {
        Map<String, Object> ext = new LinkedHashMap<>(extensions);
        ext.put(key, value);
        return new Problem(type, title, status, detail, errors, ext);
    }

    public JsonObject toJson(String instance, String requestId) {
        JsonObject json = new JsonObject()
                .put("type", type)
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        if (instance != null) {
            json.put("instance", instance);
        }
        if (requestId != null) {
            json.put("requestId", requestId);
        }
        if (!errors.isEmpty()) {
            JsonArray arr = new JsonArray();
            errors.forEach(e -> arr.add(new JsonObject().put("field", e.field()).put("message", e.message())));
            json.put("errors", arr);
        }
        extensions.forEach(json::put);
        return json;
    }
}
