package org.hotline.kb;

import java.io.Closeable;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;

/**
 * Orders as text, for "what is this like?": the nearest orders to a description by MoreLikeThis over two readings of
 * the content (smartcn words and CJK bigrams), each hit with its category, lead unit and area. Dispatch suggestions
 * vote among the nearest closed orders; similar-order warnings look among the recent ones.
 */
public final class OrderIndex implements Closeable {

    /** An order as the index holds it; {@code closed} marks history that dispatch suggestions learn from. */
    public record Order(String id, String content, String category, String unit, String area, long createdEpochSecond,
                        boolean closed) {
    }

    /** A near order and how near. */
    public record Neighbour(String id, float score, String category, String unit, String area,
                            long createdEpochSecond) {
    }

    static final String ID = "id";
    static final String WORDS = "w_content";
    static final String BIGRAMS = "b_content";
    static final String CATEGORY = "category";
    static final String UNIT = "unit";
    static final String AREA = "area";
    static final String CREATED = "created";
    static final String CLOSED = "closed";

    private final SearchIndex index;
    private final Analyzer words;
    private final Analyzer bigrams;
    private final float wordWeight;
    private final float bigramWeight;

    private OrderIndex(SearchIndex index, Analyzer words, Analyzer bigrams, float wordWeight, float bigramWeight) {
        this.index = index;
        this.words = words;
        this.bigrams = bigrams;
        this.wordWeight = wordWeight;
        this.bigramWeight = bigramWeight;
    }

    /** Hotline's reading: the stop list, words and bigrams with the weights the evaluation settled on. */
    public static OrderIndex open(Path root) {
        return open(root, ChineseAnalyzers.defaultStopWords(), 1.0f, 1.0f);
    }

    /** With a given stop list and reading weights (0 leaves a reading out): for evaluation and baselines. */
    public static OrderIndex open(Path root, CharArraySet stop, float wordWeight, float bigramWeight) {
        Analyzer words = ChineseAnalyzers.words(stop);
        Analyzer bigrams = ChineseAnalyzers.bigrams(stop);
        Map<String, Analyzer> perField = new HashMap<>();
        perField.put(WORDS, words);
        perField.put(BIGRAMS, bigrams);
        return new OrderIndex(SearchIndex.open(root, "orders", new PerFieldAnalyzerWrapper(words, perField)), words,
                bigrams, wordWeight, bigramWeight);
    }

    /** Adds or replaces an order without making it visible yet (bulk loads); {@link #refresh()} publishes. */
    public void put(Order o) throws IOException {
        index.writer().updateDocument(new Term(ID, o.id()), document(o));
    }

    public void refresh() throws IOException {
        index.refresh();
    }

    public void delete(String id) throws IOException {
        index.writer().deleteDocuments(new Term(ID, id));
    }

    public int size() throws IOException {
        return index.documentCount();
    }

    /**
     * The {@code k} orders nearest to {@code text}; {@code closedOnly} for history with a known outcome.
     * {@code exclude} (an id, or null) leaves the order itself out.
     */
    public List<Neighbour> nearest(String text, int k, boolean closedOnly, String exclude) throws IOException {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return index.search(searcher -> {
            IndexReader reader = searcher.getIndexReader();
            BooleanQuery.Builder like = new BooleanQuery.Builder();
            if (wordWeight > 0) {
                like.add(new BoostQuery(mlt(reader, WORDS, words, text), wordWeight), BooleanClause.Occur.SHOULD);
            }
            if (bigramWeight > 0) {
                like.add(new BoostQuery(mlt(reader, BIGRAMS, bigrams, text), bigramWeight), BooleanClause.Occur.SHOULD);
            }
            BooleanQuery.Builder q = new BooleanQuery.Builder().add(like.build(), BooleanClause.Occur.MUST);
            if (closedOnly) {
                q.add(new TermQuery(new Term(CLOSED, "1")), BooleanClause.Occur.FILTER);
            }
            if (exclude != null) {
                q.add(new TermQuery(new Term(ID, exclude)), BooleanClause.Occur.MUST_NOT);
            }
            var top = searcher.search(q.build(), k);
            List<Neighbour> out = new ArrayList<>();
            var stored = searcher.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                Document d = stored.document(sd.doc);
                out.add(new Neighbour(d.get(ID), sd.score, d.get(CATEGORY), d.get(UNIT), d.get(AREA),
                        Long.parseLong(d.get(CREATED))));
            }
            return out;
        });
    }

    /** MoreLikeThis tuned for short texts: every term counts, the 30 most telling ones. */
    private static Query mlt(IndexReader reader, String field, Analyzer analyzer, String text) throws IOException {
        MoreLikeThis mlt = new MoreLikeThis(reader);
        mlt.setAnalyzer(analyzer);
        mlt.setFieldNames(new String[] {field});
        mlt.setMinTermFreq(1);
        mlt.setMinDocFreq(1);
        mlt.setMinWordLen(1);
        mlt.setMaxQueryTerms(30);
        mlt.setBoost(true);
        return mlt.like(field, new StringReader(text));
    }

    private static Document document(Order o) {
        Document d = new Document();
        d.add(new StringField(ID, o.id(), Field.Store.YES));
        d.add(new TextField(WORDS, o.content(), Field.Store.NO));
        d.add(new TextField(BIGRAMS, o.content(), Field.Store.NO));
        if (o.category() != null) {
            d.add(new StringField(CATEGORY, o.category(), Field.Store.YES));
        }
        if (o.unit() != null) {
            d.add(new StringField(UNIT, o.unit(), Field.Store.YES));
        }
        if (o.area() != null) {
            d.add(new StringField(AREA, o.area(), Field.Store.YES));
        }
        d.add(new LongPoint(CREATED, o.createdEpochSecond()));
        d.add(new StoredField(CREATED, Long.toString(o.createdEpochSecond())));
        d.add(new StringField(CLOSED, o.closed() ? "1" : "0", Field.Store.NO));
        return d;
    }

    @Override
    public void close() throws IOException {
        index.close();
    }
}
