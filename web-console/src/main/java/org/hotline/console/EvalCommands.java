package org.hotline.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.CharArraySet;
import org.hotline.config.ConfigException;
import org.hotline.kb.ArticleFiles;
import org.hotline.kb.ArticleIndex;
import org.hotline.kb.ChineseAnalyzers;
import org.hotline.kb.DispatchEvaluation;
import org.hotline.kb.DispatchSuggester;
import org.hotline.kb.OrderIndex;
import org.hotline.kb.KbEvaluation;

/**
 * {@code eval-kb} and {@code eval-dispatch}: answer retrieval and dispatch suggestions measured through the same
 * search that serves {@code kb/suggest} and {@code assist/dispatch}, beside plain BM25 baselines.
 */
final class EvalCommands {

    private EvalCommands() {
    }

    static int evalKb(List<String> args, PrintStream out) throws IOException {
        Map<String, String> flags = flags(args);
        String articlesFile = required(flags, "articles");
        String queriesFile = required(flags, "queries");
        LocalDate today = flags.containsKey("date") ? LocalDate.parse(flags.get("date")) : LocalDate.now();
        List<ArticleIndex.Article> articles = ArticleFiles.articles(new JsonArray(
                Files.readString(Path.of(articlesFile), StandardCharsets.UTF_8)));
        List<KbEvaluation.Query> queries = ArticleFiles.queries(Files.readString(Path.of(queriesFile),
                StandardCharsets.UTF_8));
        out.printf("%d articles, %d queries, as of %s%n", articles.size(), queries.size(), today);
        out.printf("%-44s %s%n", "plain BM25, one field, smartcn words:",
                KbEvaluation.baseline(articles, queries, ChineseAnalyzers.words()));
        out.printf("%-44s %s%n", "plain BM25, one field, CJK bigrams:",
                KbEvaluation.baseline(articles, queries, ChineseAnalyzers.bigrams(CharArraySet.EMPTY_SET)));
        ArticleIndex.Weights w = ArticleIndex.Weights.DEFAULT;
        out.printf("%-44s %s%n", "Hotline (fields × words+bigrams, synonyms):", KbEvaluation.run(articles, queries,
                w, today));
        if (flags.containsKey("ablation")) {
            out.printf("%-44s %s%n", "  words only:", KbEvaluation.run(articles, queries,
                    new ArticleIndex.Weights(w.title(), w.question(), w.keywords(), w.answer(), 1, 0), today));
            out.printf("%-44s %s%n", "  bigrams only:", KbEvaluation.run(articles, queries,
                    new ArticleIndex.Weights(w.title(), w.question(), w.keywords(), w.answer(), 0, 1), today));
            out.printf("%-44s %s%n", "  equal field weights:", KbEvaluation.run(articles, queries,
                    new ArticleIndex.Weights(1, 1, 1, 1, w.wordFactor(), w.bigramFactor()), today));
        }
        return 0;
    }

    static int evalDispatch(List<String> args, PrintStream out) throws IOException {
        Map<String, String> flags = flags(args);
        String file = required(flags, "file");
        int folds = Integer.parseInt(flags.getOrDefault("folds", "5"));
        int k = Integer.parseInt(flags.getOrDefault("k", Integer.toString(DispatchSuggester.DEFAULT_K)));
        List<DispatchEvaluation.Labelled> data = new ArrayList<>();
        for (String line : Files.readString(Path.of(file), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                JsonObject o = new JsonObject(line);
                data.add(new DispatchEvaluation.Labelled(o.getString("content"), o.getString("category"),
                        o.getString("unit")));
            }
        }
        String level = flags.getOrDefault("level", "leaf");
        if (level.equals("top")) {
            // Only the first two digits of a category code: the department-level classes some cities sort by.
            data = DispatchEvaluation.topLevel(data, Integer.parseInt(flags.getOrDefault("digits", "2")));
        } else if (!level.equals("leaf")) {
            throw new ConfigException("--level is leaf or top");
        }
        out.printf("%d labelled messages, %d categories, %d-fold, k=%d%n", data.size(),
                data.stream().map(DispatchEvaluation.Labelled::category).distinct().count(), folds, k);
        out.printf("%-44s %s%n", "plain MoreLikeThis kNN, smartcn words:", DispatchEvaluation.run(data, folds, k, 42,
                () -> OrderIndex.open(null, CharArraySet.EMPTY_SET, 1, 0, false)));
        out.printf("%-44s %s%n", "plain MoreLikeThis kNN, CJK bigrams:", DispatchEvaluation.run(data, folds, k, 42,
                () -> OrderIndex.open(null, CharArraySet.EMPTY_SET, 0, 1, false)));
        float wordWeight = Float.parseFloat(flags.getOrDefault("word-weight", "1"));
        float bigramWeight = Float.parseFloat(flags.getOrDefault("bigram-weight", "1"));
        DispatchEvaluation.Result hotline = DispatchEvaluation.run(data, folds, k, 42, () -> OrderIndex.open(null,
                org.hotline.kb.ChineseAnalyzers.defaultStopWords(), wordWeight, bigramWeight, true));
        out.printf("%-44s %s%n", "Hotline (topical terms, words+bigrams):", hotline);
        out.println();
        out.printf("%-24s %9s %9s %8s%n", "category", "precision", "recall", "support");
        hotline.perClass().forEach((c, score) -> out.printf("%-24s %9.3f %9.3f %8d%n", c, score.precision(),
                score.recall(), score.support()));
        if (flags.containsKey("matrix")) {
            out.println();
            out.println("confusion (row: true category; columns: predicted, count):");
            hotline.confusion().forEach((c, row) -> out.printf("%-24s %s%n", c, row));
        }
        return 0;
    }

    static Map<String, String> flags(List<String> args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new ConfigException("Unexpected argument " + a);
            }
            String name = a.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                out.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                out.put(name, args.get(++i));
            } else {
                out.put(name, "true");
            }
        }
        return out;
    }

    private static String required(Map<String, String> flags, String name) {
        String v = flags.get(name);
        if (v == null || v.isBlank()) {
            throw new ConfigException("--" + name + " FILE is required");
        }
        return v;
    }
}
