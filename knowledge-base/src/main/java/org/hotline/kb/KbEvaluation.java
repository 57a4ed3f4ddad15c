package org.hotline.kb;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Measures answer retrieval the way operators meet it: for each query, where does the first right article come in
 * the suggestions? recall@1, recall@5 and MRR (mean reciprocal rank) through the same search that serves
 * {@code kb/suggest} — the tool to check that a synonym or weighting change helps.
 */
public final class KbEvaluation {

    /** A query as an operator types it, and the ids of the articles that answer it. */
    public record Query(String text, Set<String> expected) {
    }

    public record Result(int queries, double recallAt1, double recallAt5, double mrr) {
        @Override
        public String toString() {
            return String.format("queries=%d recall@1=%.3f recall@5=%.3f MRR=%.3f", queries, recallAt1, recallAt5, mrr);
        }
    }

    private KbEvaluation() {
    }

    /** Indexes {@code articles} in memory with {@code weights} and runs every query on {@code today}. */
    public static Result run(List<ArticleIndex.Article> articles, List<Query> queries, ArticleIndex.Weights weights,
                             LocalDate today) throws IOException {
        try (ArticleIndex index = ArticleIndex.open(null, weights)) {
            index.rebuild(articles, "eval");
            return run(index, queries, today);
        }
    }

    /**
     * The plain baseline: every article's text in one field under {@code analyzer} (e.g. smartcn, or CJK bigrams),
     * BM25, no stop list, no synonyms, no validity filter — what Hotline must beat.
     */
    public static Result baseline(List<ArticleIndex.Article> articles, List<Query> queries,
                                  org.apache.lucene.analysis.Analyzer analyzer) throws IOException {
        try (SearchIndex index = SearchIndex.open(null, "baseline", analyzer)) {
            for (ArticleIndex.Article a : articles) {
                var d = new org.apache.lucene.document.Document();
                d.add(new org.apache.lucene.document.StringField("id", a.id(),
                        org.apache.lucene.document.Field.Store.YES));
                d.add(new org.apache.lucene.document.TextField("all", String.join("\n", a.title(),
                        a.question() == null ? "" : a.question(), String.join(" ", a.keywords()),
                        a.answer() == null ? "" : a.answer()), org.apache.lucene.document.Field.Store.NO));
                index.writer().addDocument(d);
            }
            index.refresh();
            var builder = new org.apache.lucene.util.QueryBuilder(analyzer);
            return score(queries, q -> {
                var query = builder.createBooleanQuery("all", q.text());
                if (query == null) {
                    return List.of();
                }
                return index.search(s -> {
                    List<String> out = new java.util.ArrayList<>();
                    for (var sd : s.search(query, 10).scoreDocs) {
                        out.add(s.storedFields().document(sd.doc).get("id"));
                    }
                    return out;
                });
            });
        }
    }

    public static Result run(ArticleIndex index, List<Query> queries, LocalDate today) throws IOException {
        return score(queries, q -> index.suggest(q.text(), 10, today).stream().map(ArticleIndex.Hit::id).toList());
    }

    /** A ranking of article ids for a query. */
    @FunctionalInterface
    private interface Ranker {
        List<String> rank(Query q) throws IOException;
    }

    /** recall@1, recall@5 and MRR of the first expected article in each query's ranking. */
    private static Result score(List<Query> queries, Ranker ranker) throws IOException {
        int at1 = 0;
        int at5 = 0;
        double reciprocal = 0;
        for (Query q : queries) {
            List<String> ids = ranker.rank(q);
            for (int rank = 0; rank < ids.size(); rank++) {
                if (q.expected().contains(ids.get(rank))) {
                    at1 += rank == 0 ? 1 : 0;
                    at5 += rank < 5 ? 1 : 0;
                    reciprocal += 1.0 / (rank + 1);
                    break;
                }
            }
        }
        int n = Math.max(1, queries.size());
        return new Result(queries.size(), at1 / (double) n, at5 / (double) n, reciprocal / n);
    }
}
