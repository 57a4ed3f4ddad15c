package org.hotline.open311;

import java.util.List;

/**
 * An Open311 error answer: the HTTP status and the spec's list of {@code <error>}s, each naming the parameter at
 * fault. 404 for what does not exist, 403 for a missing or wrong api_key, 400 for anything else the request gets
 * wrong.
 */
public final class Open311Exception extends RuntimeException {

    /** One {@code <error>}: its code (the HTTP status here) and a description a person can act on. */
    public record Error(int code, String description) {
    }

    private final transient int status;
    private final transient List<Error> errors;

    public Open311Exception(int status, List<Error> errors) {
        super(errors.isEmpty() ? "status " + status : errors.getFirst().description(), null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public static Open311Exception of(int status, String description) {
        return new Open311Exception(status, List.of(new Error(status, description)));
    }

    /** 400 with one error per offending parameter. */
    public static Open311Exception invalid(List<String> descriptions) {
        return new Open311Exception(400, descriptions.stream().map(d -> new Error(400, d)).toList());
    }

    public int status() {
        return status;
    }

    public List<Error> errors() {
        return errors;
    }

    /** The spec's error document: {@code <errors><error><code/><description/></error>…</errors>}. */
    public Doc doc() {
        Doc.Items list = Doc.items("errors");
        errors.forEach(e -> list.add(Doc.element("error").add("code", e.code()).add("description", e.description())));
        return Doc.of(list);
    }
}
