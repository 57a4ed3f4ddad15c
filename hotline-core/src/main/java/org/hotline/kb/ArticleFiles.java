package org.hotline.kb;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Articles and evaluation queries as files: the JSON a centre imports its old knowledge base from, and the query
 * sets {@code eval-kb} measures retrieval with.
 */
public final class ArticleFiles {

    private ArticleFiles() {
    }

    /** Articles from a JSON array: id, title, question, answer (HTML allowed), category, ownerUnit, keywords, validity. */
    public static List<ArticleIndex.Article> articles(JsonArray array) {
        List<ArticleIndex.Article> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonObject a = array.getJsonObject(i);
            List<String> keywords = new ArrayList<>();
            JsonArray k = a.getJsonArray("keywords", new JsonArray());
            for (int j = 0; j < k.size(); j++) {
                keywords.add(k.getString(j));
            }
            out.add(new ArticleIndex.Article(a.getString("id", Integer.toString(i + 1)), a.getString("title"),
                    a.getString("question"), Html.text(a.getString("answer")), keywords, a.getString("category"),
                    a.getString("ownerUnit"), date(a.getString("validFrom")), date(a.getString("validTo")),
                    date(a.getString("reviewDue"))));
        }
        return out;
    }

    /** Queries from JSON lines: {@code {"text": "...", "expected": ["id", ...]}}. */
    public static List<KbEvaluation.Query> queries(String jsonLines) {
        List<KbEvaluation.Query> out = new ArrayList<>();
        for (String line : jsonLines.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject q = new JsonObject(line);
            LinkedHashSet<String> expected = new LinkedHashSet<>();
            q.getJsonArray("expected", new JsonArray()).forEach(e -> expected.add(String.valueOf(e)));
            out.add(new KbEvaluation.Query(q.getString("text"), expected));
        }
        return out;
    }

    private static LocalDate date(String s) {
        return s == null || s.isBlank() ? null : LocalDate.parse(s.trim().substring(0, 10));
    }
}
