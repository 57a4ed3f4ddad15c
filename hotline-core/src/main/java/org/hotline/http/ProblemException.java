package org.hotline.http;

import java.util.List;

/** Thrown (or failed with) anywhere in request handling to answer with a specific problem. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final long retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, -1);
    }

    public ProblemException(Problem problem, long retryAfterSeconds) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    /** Seconds for the {@code Retry-After} header, or negative for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ProblemException badRequest(String detail, Problem.FieldError... errors) {
        return new ProblemException(new Problem("validation", "Invalid request", 400, detail)
                .withErrors(List.of(errors)));
    }

    /** A 400 naming every offending field; its detail names them all and the first reason. */
    public static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(ProblemHandler.invalid(errors));
    }

    public static ProblemException field(String field, String message) {
        return badRequest(field + ": " + message, new Problem.FieldError(field, message));
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(new Problem("unauthorized", "Authentication required", 401, detail));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(new Problem("forbidden", "Not allowed", 403, detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(new Problem("not-found", "Not found", 404, detail));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(new Problem("conflict", "Conflict", 409, detail));
    }

    public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ProblemException(new Problem("too-many-requests", "Too many requests", 429, detail),
                retryAfterSeconds);
    }

    public static ProblemException unavailable(String detail, long retryAfterSeconds) {
        return new ProblemException(new Problem("unavailable", "Service unavailable", 503, detail),
                retryAfterSeconds);
    }
}
