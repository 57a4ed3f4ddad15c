package org.hotline.kb;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.hotline.http.Problem;
import org.hotline.http.ProblemException;

/**
 * What one version of an article says: checked and normalised on the way in (answer sanitised, keywords trimmed and
 * de-duplicated, category and owner resolved from ids, codes or paths), so what is stored is always displayable.
 */
public record ArticleContent(String title, String question, String answer, Long categoryId, Long ownerUnitId,
                             List<String> keywords, LocalDate validFrom, LocalDate validTo, LocalDate reviewDue) {

    public static final int MAX_TITLE = 200;
    public static final int MAX_TEXT = 20_000;
    public static final int MAX_KEYWORDS = 1000;

    public ArticleContent {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }

    /** How category and unit names in a request become ids; empty when there is no such one. */
    public interface Resolver {
        Optional<Long> categoryById(long id);

        /** By code ({@code 020102}) or path of names ({@code 环境保护 / 噪声污染 / 社会生活噪声}). */
        Optional<Long> category(String codeOrPath);

        Optional<Long> unitById(long id);

        Optional<Long> unit(String code);
    }

    /**
     * Reads an article from a request body; every problem is reported at once, each naming its field (prefixed by
     * {@code prefix}, e.g. {@code [3].} in an import).
     */
    public static ArticleContent parse(JsonObject b, Resolver resolver, String prefix) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String title = text(b, "title", prefix, errors);
        if (title == null || title.isBlank()) {
            errors.add(new Problem.FieldError(prefix + "title", "required"));
        } else if (title.strip().length() > MAX_TITLE) {
            errors.add(new Problem.FieldError(prefix + "title", "at most " + MAX_TITLE + " characters"));
        }
        String question = text(b, "question", prefix, errors);
        if (question != null && question.length() > MAX_TEXT) {
            errors.add(new Problem.FieldError(prefix + "question", "at most " + MAX_TEXT + " characters"));
        }
        String answer = Html.sanitize(text(b, "answer", prefix, errors));
        if (answer == null || Html.text(answer).isBlank()) {
            errors.add(new Problem.FieldError(prefix + "answer", "required: the answer operators read out"));
        } else if (answer.length() > MAX_TEXT) {
            errors.add(new Problem.FieldError(prefix + "answer", "at most " + MAX_TEXT + " characters"));
        }
        Long category = category(b, resolver, prefix, errors);
        Long owner = owner(b, resolver, prefix, errors);
        List<String> keywords = keywords(b.getValue("keywords"), prefix, errors);
        LocalDate from = date(b, "validFrom", prefix, errors);
        LocalDate to = date(b, "validTo", prefix, errors);
        LocalDate review = date(b, "reviewDue", prefix, errors);
        if (from != null && to != null && to.isBefore(from)) {
            errors.add(new Problem.FieldError(prefix + "validTo", "must not be before validFrom"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new ArticleContent(title.strip(), question == null || question.isBlank() ? null : question.strip(),
                answer, category, owner, keywords, from, to, review);
    }

    /** The answer as plain text, for search and snippets. */
    public String answerText() {
        return Html.text(answer);
    }

    /** Valid on {@code day}: within its validity period (open ends are open). */
    public boolean validOn(LocalDate day) {
        return (validFrom == null || !day.isBefore(validFrom)) && (validTo == null || !day.isAfter(validTo));
    }

    public String keywordList() {
        return keywords.isEmpty() ? null : String.join(",", keywords);
    }

    public static List<String> splitKeywords(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        return List.of(stored.split(","));
    }

    public JsonObject toJson() {
        return new JsonObject().put("title", title).put("question", question).put("answer", answer)
                .put("categoryId", categoryId).put("ownerUnitId", ownerUnitId)
                .put("keywords", new JsonArray(keywords))
                .put("validFrom", validFrom == null ? null : validFrom.toString())
                .put("validTo", validTo == null ? null : validTo.toString())
                .put("reviewDue", reviewDue == null ? null : reviewDue.toString());
    }

    private static String text(JsonObject b, String field, String prefix, List<Problem.FieldError> errors) {
        Object v = b.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            errors.add(new Problem.FieldError(prefix + field, "must be a string"));
            return null;
        }
        return s;
    }

    private static Long category(JsonObject b, Resolver r, String prefix, List<Problem.FieldError> errors) {
        Object id = b.getValue("categoryId");
        if (id instanceof Number n) {
            Optional<Long> found = r.categoryById(n.longValue());
            if (found.isEmpty()) {
                errors.add(new Problem.FieldError(prefix + "categoryId", "no category with id " + n));
            }
            return found.orElse(null);
        }
        Object named = b.getValue("category");
        if (named == null) {
            return null;
        }
        Optional<Long> found = named instanceof String s && !s.isBlank() ? r.category(s) : Optional.empty();
        if (found.isEmpty()) {
            errors.add(new Problem.FieldError(prefix + "category", "no category with code or path '" + named + "'"));
        }
        return found.orElse(null);
    }

    private static Long owner(JsonObject b, Resolver r, String prefix, List<Problem.FieldError> errors) {
        Object id = b.getValue("ownerUnitId");
        if (id instanceof Number n) {
            Optional<Long> found = r.unitById(n.longValue());
            if (found.isEmpty()) {
                errors.add(new Problem.FieldError(prefix + "ownerUnitId", "no unit with id " + n));
            }
            return found.orElse(null);
        }
        Object code = b.getValue("ownerUnit");
        if (code == null) {
            return null;
        }
        Optional<Long> found = code instanceof String s && !s.isBlank() ? r.unit(s) : Optional.empty();
        if (found.isEmpty()) {
            errors.add(new Problem.FieldError(prefix + "ownerUnit", "no unit with code '" + code + "'"));
        }
        return found.orElse(null);
    }

    private static List<String> keywords(Object v, String prefix, List<Problem.FieldError> errors) {
        List<String> raw = new ArrayList<>();
        if (v == null) {
            return List.of();
        } else if (v instanceof String s) {
            raw.addAll(List.of(s.split("[,，;；、\\s]+")));
        } else if (v instanceof JsonArray a) {
            for (Object o : a) {
                if (!(o instanceof String s)) {
                    errors.add(new Problem.FieldError(prefix + "keywords", "a list of words"));
                    return List.of();
                }
                raw.add(s);
            }
        } else {
            errors.add(new Problem.FieldError(prefix + "keywords", "a list of words"));
            return List.of();
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String k : raw) {
            // Commas separate stored keywords, so a keyword cannot hold one.
            String t = k.replace(",", " ").strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        if (String.join(",", out).length() > MAX_KEYWORDS) {
            errors.add(new Problem.FieldError(prefix + "keywords", "at most " + MAX_KEYWORDS + " characters in all"));
        }
        return List.copyOf(out);
    }

    private static LocalDate date(JsonObject b, String field, String prefix, List<Problem.FieldError> errors) {
        Object v = b.getValue(field);
        if (v == null || (v instanceof String s && s.isBlank())) {
            return null;
        }
        try {
            String s = v.toString().strip();
            return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(prefix + field, "a date like 2026-12-31"));
            return null;
        }
    }
}
