package org.hotline.kb;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.QueryBuilder;

/**
 * The knowledge base's search: published articles, each field read twice — smartcn words and CJK bigrams — and
 * weighted (a title match says more than one deep in the answer). Queries expand domain synonyms; articles outside
 * their validity on the day asked are never returned. Writes are visible to the next search (near-real-time); a
 * rebuild replaces everything while searches go on against the old snapshot until the new one is complete.
 */
public final class ArticleIndex implements Closeable {

    /** An article as the index sees it: published text, plain (HTML already stripped from the answer). */
    public record Article(String id, String title, String question, String answer, List<String> keywords,
                          String category, String ownerUnit, LocalDate validFrom, LocalDate validTo,
                          LocalDate reviewDue) {
        public Article {
            keywords = keywords == null ? List.of() : List.copyOf(keywords);
        }
    }

    /** A hit: the article's id and title, a snippet with the matched words in {@code <em>}, the score. */
    public record Hit(String id, String title, String snippet, float score, String category, String ownerUnit,
                      LocalDate validTo, LocalDate reviewDue) {
    }

    /**
     * How much each field counts, and each reading (smartcn words, CJK bigrams; 0 leaves one out). The defaults are
     * what the evaluation in BENCHMARKS.md settled on.
     */
    public record Weights(float title, float question, float keywords, float answer, float wordFactor,
                          float bigramFactor) {
        public static final Weights DEFAULT = new Weights(3.0f, 2.0f, 2.5f, 1.0f, 1.0f, 0.7f);
    }

    static final String ID = "id";
    static final String TITLE = "title";
    static final String ANSWER = "answer";
    static final String CATEGORY = "category";
    static final String OWNER = "owner";
    static final String VALID_FROM = "valid_from";
    static final String VALID_TO = "valid_to";
    static final String REVIEW_DUE = "review_due";
    private static final String[] TEXT_FIELDS = {"title", "question", "keywords", "answer"};
    private static final long OPEN_END = LocalDate.of(9999, 12, 31).toEpochDay();

    private final SearchIndex index;
    private final CharArraySet stopWords;
    private final Weights weights;
    private final ReentrantLock writes = new ReentrantLock();
    private volatile QueryBuilder wordQueries;
    private final QueryBuilder bigramQueries;
    private volatile Analyzer wordsWithSynonyms;

    private ArticleIndex(SearchIndex index, CharArraySet stopWords, SynonymMap synonyms, Weights weights) {
        this.index = index;
        this.stopWords = stopWords;
        this.weights = weights;
        this.bigramQueries = new QueryBuilder(ChineseAnalyzers.bigrams(stopWords));
        setSynonyms(synonyms);
    }

    /** Opens the index under {@code root} ({@code null}: in memory) with the built-in stop words and synonyms. */
    public static ArticleIndex open(Path root, Weights weights) {
        CharArraySet stop = ChineseAnalyzers.defaultStopWords();
        return open(root, stop, ChineseAnalyzers.synonyms(ChineseAnalyzers.defaultSynonymGroups()), weights);
    }

    public static ArticleIndex open(Path root, CharArraySet stopWords, SynonymMap synonyms, Weights weights) {
        Map<String, Analyzer> perField = new HashMap<>();
        Analyzer words = ChineseAnalyzers.words(stopWords);
        Analyzer bigrams = ChineseAnalyzers.bigrams(stopWords);
        for (String f : TEXT_FIELDS) {
            perField.put("w_" + f, words);
            perField.put("b_" + f, bigrams);
        }
        Analyzer analyzer = new PerFieldAnalyzerWrapper(words, perField);
        return new ArticleIndex(SearchIndex.open(root, "articles", analyzer), stopWords, synonyms, weights);
    }

    /** Replaces the synonym list queries expand with; documents need no re-indexing. */
    public void setSynonyms(SynonymMap synonyms) {
        Analyzer a = ChineseAnalyzers.words(stopWords, synonyms);
        this.wordsWithSynonyms = a;
        this.wordQueries = new QueryBuilder(a);
    }

    /** Adds or replaces an article; searchable when this returns. */
    public void upsert(Article a) throws IOException {
        writes.lock();
        try {
            index.writer().updateDocument(new Term(ID, a.id()), document(a));
            index.refresh();
        } finally {
            writes.unlock();
        }
    }

    /** Many changes at once (a catch-up after an import), made visible together with one refresh. */
    public void apply(List<Article> upserts, List<String> deletes) throws IOException {
        writes.lock();
        try {
            for (Article a : upserts) {
                index.writer().updateDocument(new Term(ID, a.id()), document(a));
            }
            for (String id : deletes) {
                index.writer().deleteDocuments(new Term(ID, id));
            }
            index.refresh();
        } finally {
            writes.unlock();
        }
    }

    /** Removes an article (retired, expired for good, or back in draft); gone from searches when this returns. */
    public void delete(String id) throws IOException {
        writes.lock();
        try {
            index.writer().deleteDocuments(new Term(ID, id));
            index.refresh();
        } finally {
            writes.unlock();
        }
    }

    /**
     * Replaces the whole index with {@code articles} and records {@code sourceVersion} (what the database was at).
     * Searches meanwhile see the previous snapshot: nothing is refreshed until the new one is committed.
     */
    public void rebuild(Iterable<Article> articles, String sourceVersion) throws IOException {
        writes.lock();
        try {
            var writer = index.writer();
            writer.deleteAll();
            for (Article a : articles) {
                writer.addDocument(document(a));
            }
            writer.setLiveCommitData(Map.of("sourceVersion", sourceVersion).entrySet());
            writer.commit();
            index.refresh();
        } finally {
            writes.unlock();
        }
    }

    /** The source version the last rebuild recorded, or null: how a start tells whether the index is behind. */
    public String sourceVersion() throws IOException {
        var data = index.writer().getLiveCommitData();
        if (data == null) {
            return null;
        }
        for (Map.Entry<String, String> e : data) {
            if ("sourceVersion".equals(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Records that the index reflects the database up to {@code sourceVersion}, durably. */
    public void commit(String sourceVersion) throws IOException {
        writes.lock();
        try {
            index.writer().setLiveCommitData(Map.of("sourceVersion", sourceVersion).entrySet());
            index.writer().commit();
        } finally {
            writes.unlock();
        }
    }

    public int size() throws IOException {
        return index.documentCount();
    }

    public boolean isHealthy() {
        return index.isHealthy();
    }

    /**
     * The best {@code limit} articles valid on {@code today} for what an operator typed, each with a snippet of its
     * answer around the matched words.
     */
    public List<Hit> suggest(String text, int limit, LocalDate today) throws IOException {
        return search(text, limit, today, null, null);
    }

    /** As {@link #suggest}, optionally within one category (code prefix) or owner unit. */
    public List<Hit> search(String text, int limit, LocalDate today, String categoryPrefix, String ownerUnit)
            throws IOException {
        Query relevance = relevance(text);
        if (relevance == null) {
            return List.of();
        }
        long day = today.toEpochDay();
        BooleanQuery.Builder q = new BooleanQuery.Builder()
                .add(relevance, BooleanClause.Occur.MUST)
                .add(LongPoint.newRangeQuery(VALID_FROM, Long.MIN_VALUE, day), BooleanClause.Occur.FILTER)
                .add(LongPoint.newRangeQuery(VALID_TO, day, Long.MAX_VALUE), BooleanClause.Occur.FILTER);
        if (categoryPrefix != null) {
            q.add(new org.apache.lucene.search.PrefixQuery(new Term(CATEGORY, categoryPrefix)),
                    BooleanClause.Occur.FILTER);
        }
        if (ownerUnit != null) {
            q.add(new TermQuery(new Term(OWNER, ownerUnit)), BooleanClause.Occur.FILTER);
        }
        Set<String> words = matchWords(text);
        return index.search(searcher -> {
            TopDocs top = searcher.search(q.build(), limit);
            List<Hit> hits = new ArrayList<>();
            var stored = searcher.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                Document d = stored.document(sd.doc);
                String validTo = d.get(VALID_TO);
                String review = d.get(REVIEW_DUE);
                hits.add(new Hit(d.get(ID), d.get(TITLE), Snippets.best(d.get(ANSWER), words, 90), sd.score,
                        d.get(CATEGORY), d.get(OWNER),
                        validTo == null ? null : LocalDate.ofEpochDay(Long.parseLong(validTo)),
                        review == null ? null : LocalDate.ofEpochDay(Long.parseLong(review))));
            }
            return hits;
        });
    }

    /** Every field in both readings, each weighted; null when the text has no searchable word at all. */
    Query relevance(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        float[] fieldWeights = {weights.title(), weights.question(), weights.keywords(), weights.answer()};
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        for (int i = 0; i < TEXT_FIELDS.length; i++) {
            Query w = wordQueries.createBooleanQuery("w_" + TEXT_FIELDS[i], text);
            if (w != null && weights.wordFactor() > 0) {
                b.add(new BoostQuery(w, fieldWeights[i] * weights.wordFactor()), BooleanClause.Occur.SHOULD);
                clauses++;
            }
            Query g = bigramQueries.createBooleanQuery("b_" + TEXT_FIELDS[i], text);
            if (g != null && weights.bigramFactor() > 0) {
                b.add(new BoostQuery(g, fieldWeights[i] * weights.bigramFactor()), BooleanClause.Occur.SHOULD);
                clauses++;
            }
        }
        return clauses == 0 ? null : b.build();
    }

    /** The words to mark in a snippet: the query's words and their synonyms. */
    private Set<String> matchWords(String text) {
        List<String> terms = ChineseAnalyzers.terms(wordsWithSynonyms, text);
        Set<String> out = new LinkedHashSet<>(terms);
        // Single characters (租, 取) would light up half the answer; words of two or more say what matched. Runs of
        // single characters the segmenter split apart (租 房) are marked as the word they form, when the query has it.
        StringBuilder run = new StringBuilder();
        for (String t : terms) {
            if (t.codePointCount(0, t.length()) == 1 && text.contains(run + t)) {
                run.append(t);
            } else {
                addRun(out, run);
                run.setLength(0);
                if (t.codePointCount(0, t.length()) == 1) {
                    run.append(t);
                }
            }
        }
        addRun(out, run);
        out.removeIf(w -> w.codePointCount(0, w.length()) < 2);
        return out;
    }

    private static void addRun(Set<String> out, StringBuilder run) {
        if (run.codePointCount(0, run.length()) >= 2) {
            out.add(run.toString());
        }
    }

    private static Document document(Article a) {
        Document d = new Document();
        d.add(new StringField(ID, a.id(), Field.Store.YES));
        d.add(new StoredField(TITLE, a.title()));
        d.add(new StoredField(ANSWER, a.answer() == null ? "" : a.answer()));
        String keywords = String.join(" ", a.keywords());
        String[] values = {a.title(), a.question(), keywords, a.answer()};
        for (int i = 0; i < TEXT_FIELDS.length; i++) {
            String v = values[i] == null ? "" : values[i];
            d.add(new TextField("w_" + TEXT_FIELDS[i], v, Field.Store.NO));
            d.add(new TextField("b_" + TEXT_FIELDS[i], v, Field.Store.NO));
        }
        if (a.category() != null) {
            d.add(new StringField(CATEGORY, a.category(), Field.Store.YES));
        }
        if (a.ownerUnit() != null) {
            d.add(new StringField(OWNER, a.ownerUnit(), Field.Store.YES));
        }
        long from = a.validFrom() == null ? Long.MIN_VALUE / 2 : a.validFrom().toEpochDay();
        long to = a.validTo() == null ? OPEN_END : a.validTo().toEpochDay();
        d.add(new LongPoint(VALID_FROM, from));
        d.add(new LongPoint(VALID_TO, to));
        if (a.validTo() != null) {
            d.add(new StoredField(VALID_TO, Long.toString(to)));
        }
        if (a.reviewDue() != null) {
            d.add(new StoredField(REVIEW_DUE, Long.toString(a.reviewDue().toEpochDay())));
        }
        return d;
    }

    @Override
    public void close() throws IOException {
        index.close();
    }
}
