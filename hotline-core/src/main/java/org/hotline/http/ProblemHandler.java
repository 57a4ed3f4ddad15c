package org.hotline.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.json.schema.OutputUnit;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: turns every failure into {@code application/problem+json}. No stack trace and no
 * HTML ever reaches a client; unexpected failures are logged with the request id the client sees.
 */
public final class ProblemHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
    private static final Pattern REQUIRED = Pattern.compile("required property \"([^\"]+)\"");
    private static final Pattern UNKNOWN_PROPERTY =
            Pattern.compile("Property \"([^\"]+)\" does not match additional properties schema");
    private static final Pattern VAGUE = Pattern.compile("Property \"[^\"]+\" does not match schema|"
            + "does not match (all|any|one) of|does not match the schema|Item \\d+ does not match|"
            + "A subschema had errors|Items did not match schema|did not match");
    private static final Pattern PARAMETER = Pattern.compile("(query|path|header|cookie) parameter (\\S+?)[ .]");

    private final MeterRegistry registry;

    public ProblemHandler(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(RoutingContext rc) {
        if (rc.response().ended() || rc.response().closed()) {
            return;
        }
        Throwable failure = rc.failure();
        Problem problem;
        long retryAfter = -1;
        if (failure instanceof ProblemException pe) {
            problem = pe.problem();
            retryAfter = pe.retryAfterSeconds();
        } else if (failure instanceof ValidatorException ve) {
            problem = validation(ve);
        } else if (failure instanceof HttpException he && he.getCause() instanceof ValidatorException ve) {
            problem = validation(ve);
        } else if (failure instanceof DecodeException || failure instanceof IllegalArgumentException
                && failure.getCause() instanceof DecodeException) {
            problem = new Problem("malformed-json", "Malformed JSON", 400, "The request body is not valid JSON.");
        } else if (failure instanceof HttpException he) {
            problem = byStatus(he.getStatusCode(), rc);
        } else if (org.hotline.db.Database.isRetryable(failure)) {
            problem = new Problem("concurrent-change", "Concurrent change", 409,
                    "Someone changed the same data at the same moment; try again.");
            retryAfter = 1;
        } else if (isDatabaseUnavailable(failure)) {
            problem = new Problem("unavailable", "Service unavailable", 503,
                    "The database does not answer right now; try again shortly.");
            retryAfter = 5;
        } else if (failure == null) {
            problem = byStatus(rc.statusCode(), rc);
        } else {
            LOG.error("Unexpected failure serving {} {} (request {})", rc.request().method(), rc.request().path(),
                    RequestIds.of(rc), failure);
            problem = new Problem("internal", "Internal error", 500,
                    "Something went wrong on our side. Quote request id " + RequestIds.of(rc) + " when you report it.");
        }
        send(rc, problem, retryAfter);
    }

    /** Writes {@code problem} as the answer; used by handlers that answer with a problem without failing. */
    public void send(RoutingContext rc, Problem problem, long retryAfterSeconds) {
        if (registry != null) {
            registry.counter("hotline_http_problems_total", "status", Integer.toString(problem.status())).increment();
        }
        var response = rc.response();
        response.setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.CONTENT_TYPE)
                .putHeader("Cache-Control", "no-store");
        if (retryAfterSeconds >= 0) {
            response.putHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
        }
        if (problem.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"hotline\"");
        }
        if ((problem.status() == 413 || problem.status() == 431)
                && rc.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
            // The rest of an oversized body is not worth reading: close the connection (HTTP/1 only).
            response.putHeader("Connection", "close");
        }
        response.end(problem.toJson(rc.request().path(), RequestIds.of(rc)).encode());
    }

    /** Requests Netty could not even parse (headers or request line too long): still answered with a problem. */
    public static void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        Problem problem;
        if (cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException) {
            problem = new Problem("headers-too-large", "Request headers too large", 431,
                    "The request headers are larger than this server accepts.");
        } else if (cause instanceof io.netty.handler.codec.http.TooLongHttpLineException) {
            problem = new Problem("uri-too-long", "URI too long", 414, "The request line is too long.");
        } else {
            problem = new Problem("bad-request", "Bad request", 400, "The request cannot be parsed.");
        }
        request.response().setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.CONTENT_TYPE)
                .putHeader("Connection", "close")
                .end(problem.toJson(null, null).encode())
                .onComplete(ar -> request.connection().close());
    }

    static Problem byStatus(int status, RoutingContext rc) {
        return switch (status) {
            case 400 -> new Problem("bad-request", "Bad request", 400, "The request cannot be read.");
            case 401 -> new Problem("unauthorized", "Authentication required", 401, "Log in first.");
            case 403 -> new Problem("forbidden", "Not allowed", 403, "You may not do this.");
            case 404 -> new Problem("not-found", "Not found", 404,
                    "There is nothing at " + rc.request().method() + " " + rc.request().path() + ".");
            case 405 -> new Problem("method-not-allowed", "Method not allowed", 405,
                    rc.request().method() + " is not allowed on " + rc.request().path() + ".");
            case 413 -> new Problem("body-too-large", "Request body too large", 413,
                    "The request body is larger than this server accepts.");
            case 415 -> new Problem("unsupported-media-type", "Unsupported media type", 415,
                    "Send the body as application/json.");
            case 431 -> new Problem("headers-too-large", "Request headers too large", 431,
                    "The request headers are larger than this server accepts.");
            case 503 -> new Problem("unavailable", "Service unavailable", 503, "Try again shortly.");
            default -> status >= 400 && status < 500
                    ? new Problem("client-error", "Client error", status, "The request cannot be served.")
                    : new Problem("internal", "Internal error", 500,
                    "Something went wrong on our side. Quote request id " + RequestIds.of(rc) + " when you report it.");
        };
    }

    /** Maps an OpenAPI validation failure to a 400 naming each offending field. */
    static Problem validation(ValidatorException e) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof SchemaValidationException se && se.getOutputUnit() != null) {
            List<String[]> leaves = new ArrayList<>();
            collect(se.getOutputUnit(), leaves);
            Matcher p = PARAMETER.matcher(message);
            String parameter = p.find() ? p.group(2) : null;
            pick(leaves).forEach((field, msg) -> {
                String name = parameter != null && field.isEmpty() ? parameter
                        : parameter != null ? parameter + "." + field : field;
                errors.add(new Problem.FieldError(name.isEmpty() ? "body" : name, msg));
            });
        } else {
            Matcher p = PARAMETER.matcher(message + " ");
            if (p.find()) {
                errors.add(new Problem.FieldError(p.group(2), message));
            } else if (message.contains("body can't be decoded")) {
                return new Problem("malformed-json", "Malformed JSON", 400, "The request body is not valid JSON.");
            } else if (message.contains("does not contain the required body")) {
                errors.add(new Problem.FieldError("body", "a JSON body is required"));
            }
        }
        return invalid(errors);
    }

    /** The validation problem for {@code errors}: the detail names every field and the first reason. */
    static Problem invalid(List<Problem.FieldError> errors) {
        String detail = errors.isEmpty() ? "The request is invalid."
                : "Invalid " + String.join(", ", errors.stream().map(Problem.FieldError::field).distinct().toList())
                + ": " + errors.getFirst().message();
        return new Problem("validation", "Invalid request", 400, detail).withErrors(errors);
    }

    /** Leaf errors as [field, message, rank]: rank 0 precise, 1 unknown property, 2 a summary of other errors. */
    private static void collect(OutputUnit unit, List<String[]> leaves) {
        List<OutputUnit> children = unit.getErrors();
        if (children != null && !children.isEmpty()) {
            children.forEach(c -> collect(c, leaves));
            return;
        }
        String error = unit.getError();
        if (error == null) {
            return;
        }
        String field = toField(unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation());
        Matcher required = REQUIRED.matcher(error);
        if (required.find()) {
            leaves.add(new String[] {field.isEmpty() ? required.group(1) : field + "." + required.group(1),
                "is required", "0"});
        } else if (UNKNOWN_PROPERTY.matcher(error).find()) {
            leaves.add(new String[] {field, "is not a known property", "1"});
        } else {
            boolean vague = VAGUE.matcher(error).find();
            leaves.add(new String[] {field, vague ? "has an invalid value" : humanise(error), vague ? "2" : "0"});
        }
    }

    /** The most precise message per field; summaries of a field whose parts have precise errors are dropped. */
    private static Map<String, String> pick(List<String[]> leaves) {
        Map<String, String[]> best = new LinkedHashMap<>();
        for (String[] leaf : leaves) {
            String[] current = best.get(leaf[0]);
            if (current == null || Integer.parseInt(leaf[2]) < Integer.parseInt(current[2])) {
                best.put(leaf[0], leaf);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        best.forEach((field, leaf) -> {
            boolean summary = !leaf[2].equals("0");
            // A summary, or the validator's "unknown property" echo of a property whose parts failed, is dropped
            // when the parts carry their own errors.
            boolean partsExplained = best.keySet().stream().anyMatch(other -> !other.equals(field)
                    && (field.isEmpty() || other.startsWith(field + ".") || other.startsWith(field + "["))
                    && (best.get(other)[2].equals("0") || leaf[2].equals("1")));
            if (!(summary && partsExplained)) {
                out.put(field, leaf[1]);
            }
        });
        return out;
    }

    /** {@code /citizen/phone} → {@code citizen.phone}; {@code /coUnitIds/2} → {@code coUnitIds[2]}. */
    static String toField(String pointer) {
        if (pointer.isEmpty() || pointer.equals("/") || pointer.equals("#")) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String part : pointer.replaceFirst("^#", "").split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String p = part.replace("~1", "/").replace("~0", "~");
            if (p.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(p).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(p);
            }
        }
        return sb.toString();
    }

    private static String humanise(String error) {
        return error.replace("Instance type ", "type ").replace("Instance ", "");
    }

    private static boolean isDatabaseUnavailable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLTransientConnectionException || c instanceof java.net.ConnectException) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
