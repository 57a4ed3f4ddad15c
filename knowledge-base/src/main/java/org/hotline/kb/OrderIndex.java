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
import org.apache.lucene.document.LatLonPoint;
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

    /**
     * An order as the index holds it; {@code closed} marks history that dispatch suggestions learn from. Address,
     * coordinates and a caller key (a keyed hash, never the number) are optional: similar-order warnings use them.
     */
    public record Order(String id, String content, String category, String unit, String area, long createdEpochSecond,
                        boolean closed, String address, Double latitude, Double longitude, String caller) {

        public Order(String id, String content, String category, String unit, String area, long createdEpochSecond,
                     boolean closed) {
            this(id, content, category, unit, area, createdEpochSecond, closed, null, null, null, null);
        }
    }

    /** A near order and how near. */
    public record Neighbour(String id, float score, String category, String unit, String area,
                            long createdEpochSecond, String address, Double latitude, Double longitude) {

        public Neighbour(String id, float score, String category, String unit, String area, long createdEpochSecond) {
            this(id, score, category, unit, area, createdEpochSecond, null, null, null);
        }
    }

    static final String ID = "id";
    static final String WORDS = "w_content";
    static final String BIGRAMS = "b_content";
    static final String CATEGORY = "category";
    static final String UNIT = "unit";
    static final String AREA = "area";
    static final String CREATED = "created";
    static final String CLOSED = "closed";
    static final String ADDRESS = "address";
    static final String LOCATION = "location";
    static final String LATITUDE = "lat";
    static final String LONGITUDE = "lon";
    static final String CALLER = "caller";

    private final SearchIndex index;
    private final Analyzer words;
    private final Analyzer bigrams;
    private final float wordWeight;
    private final float bigramWeight;
    private final boolean topical;
    private final TopicTerms topicTerms = new TopicTerms();

    private OrderIndex(SearchIndex index, Analyzer words, Analyzer bigrams, float wordWeight, float bigramWeight,
                       boolean topical) {
        this.index = index;
        this.words = words;
        this.bigrams = bigrams;
        this.wordWeight = wordWeight;
        this.bigramWeight = bigramWeight;
        this.topical = topical;
    }

    /** Hotline's reading: the stop list, words and bigrams with the weights the evaluation settled on, topical. */
    public static OrderIndex open(Path root) {
        return open(root, ChineseAnalyzers.defaultStopWords(), 1.0f, 1.0f, true);
    }

    /**
     * With a given stop list and reading weights (0 leaves a reading out), for evaluation and baselines.
     * {@code topical}: dispatch neighbours are found by {@link TopicTerms} (terms weighed by how they spread over the
     * categories of closed orders) and vote sharply; otherwise by plain MoreLikeThis, votes in proportion to score.
     */
    public static OrderIndex open(Path root, CharArraySet stop, float wordWeight, float bigramWeight,
                                  boolean topical) {
        Analyzer words = ChineseAnalyzers.words(stop);
        Analyzer bigrams = ChineseAnalyzers.bigrams(stop);
        Map<String, Analyzer> perField = new HashMap<>();
        perField.put(WORDS, words);
        perField.put(BIGRAMS, bigrams);
        perField.put(ADDRESS, bigrams);
        return new OrderIndex(SearchIndex.open(root, "orders", new PerFieldAnalyzerWrapper(words, perField)), words,
                bigrams, wordWeight, bigramWeight, topical);
    }

    /** Whether dispatch suggestions use the topical neighbours and sharp votes (see {@link #open}). */
    public boolean topical() {
        return topical;
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

    /** What the feeder recorded with the last commit (how far it had read), or null for a new index. */
    public String watermark() throws IOException {
        var data = index.writer().getLiveCommitData();
        if (data != null) {
            for (Map.Entry<String, String> e : data) {
                if ("watermark".equals(e.getKey())) {
                    return e.getValue();
                }
            }
        }
        return null;
    }

    /** Commits everything put so far, durably, with the feeder's watermark. */
    public void commitWatermark(String watermark) throws IOException {
        index.writer().setLiveCommitData(Map.of("watermark", watermark).entrySet());
        index.writer().commit();
    }

    public boolean isHealthy() {
        return index.isHealthy();
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
                out.add(neighbour(d, sd.score));
            }
            return out;
        });
    }

    /**
     * The {@code k} closed orders whose votes decide a dispatch suggestion: with {@link #topical()}, nearest by the
     * terms that tell categories apart (place names and other one-off words count for little); otherwise as
     * {@link #nearest}. {@code exclude} (an id, or null) leaves the order itself out.
     */
    public List<Neighbour> dispatchNeighbours(String text, int k, String exclude) throws IOException {
        if (!topical) {
            return nearest(text, k, true, exclude);
        }
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<TopicTerms.Reading> readings = List.of(
                new TopicTerms.Reading(WORDS, TopicTerms.WORD, frequencies(words, text), wordWeight),
                new TopicTerms.Reading(BIGRAMS, TopicTerms.BIGRAM, frequencies(bigrams, text), bigramWeight));
        return index.search(searcher -> {
            Query like = topicTerms.query(searcher.getIndexReader(), readings);
            if (like == null) {
                return List.of();
            }
            BooleanQuery.Builder q = new BooleanQuery.Builder().add(like, BooleanClause.Occur.MUST)
                    .add(new TermQuery(new Term(CLOSED, "1")), BooleanClause.Occur.FILTER);
            if (exclude != null) {
                q.add(new TermQuery(new Term(ID, exclude)), BooleanClause.Occur.MUST_NOT);
            }
            return top(searcher, q.build(), k);
        });
    }

    private static Map<String, Integer> frequencies(Analyzer analyzer, String text) {
        Map<String, Integer> out = new HashMap<>();
        for (String t : ChineseAnalyzers.terms(analyzer, text)) {
            out.merge(t, 1, Integer::sum);
        }
        return out;
    }

    /**
     * Recent orders that may be about the same problem, for the desk's duplicate warning: the text's nearest among
     * orders created since {@code sinceEpochSecond}, the same caller's, and those at the same place (address words
     * in common, or within {@code meters} where both have coordinates). Each list is best first; the caller combines
     * them and says why.
     */
    public record Candidates(List<Neighbour> text, List<Neighbour> caller, List<Neighbour> address,
                             List<Neighbour> nearby) {
    }

    public Candidates similar(String text, String address, Double latitude, Double longitude, String caller,
                              long sinceEpochSecond, double meters, int k) throws IOException {
        Query recent = LongPoint.newRangeQuery(CREATED, sinceEpochSecond, Long.MAX_VALUE);
        return index.search(searcher -> {
            IndexReader reader = searcher.getIndexReader();
            List<Neighbour> byText = List.of();
            if (text != null && !text.isBlank()) {
                BooleanQuery.Builder like = new BooleanQuery.Builder()
                        .add(mlt(reader, WORDS, words, text), BooleanClause.Occur.SHOULD)
                        .add(mlt(reader, BIGRAMS, bigrams, text), BooleanClause.Occur.SHOULD);
                byText = top(searcher, new BooleanQuery.Builder().add(like.build(), BooleanClause.Occur.MUST)
                        .add(recent, BooleanClause.Occur.FILTER).build(), k);
            }
            List<Neighbour> byCaller = caller == null ? List.of() : top(searcher, new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(CALLER, caller)), BooleanClause.Occur.MUST)
                    .add(recent, BooleanClause.Occur.FILTER).build(), k);
            List<Neighbour> byAddress = List.of();
            if (address != null && !address.isBlank()) {
                Query words = new org.apache.lucene.util.QueryBuilder(bigrams).createBooleanQuery(ADDRESS, address);
                if (words != null) {
                    byAddress = top(searcher, new BooleanQuery.Builder().add(words, BooleanClause.Occur.MUST)
                            .add(recent, BooleanClause.Occur.FILTER).build(), k);
                }
            }
            List<Neighbour> near = List.of();
            if (latitude != null && longitude != null) {
                near = top(searcher, new BooleanQuery.Builder()
                        .add(LatLonPoint.newDistanceQuery(LOCATION, latitude, longitude, meters),
                                BooleanClause.Occur.MUST)
                        .add(recent, BooleanClause.Occur.FILTER).build(), k);
            }
            return new Candidates(byText, byCaller, byAddress, near);
        });
    }

    private static List<Neighbour> top(org.apache.lucene.search.IndexSearcher searcher, Query q, int k)
            throws IOException {
        var top = searcher.search(q, k);
        List<Neighbour> out = new ArrayList<>();
        var stored = searcher.storedFields();
        for (ScoreDoc sd : top.scoreDocs) {
            out.add(neighbour(stored.document(sd.doc), sd.score));
        }
        return out;
    }

    private static Neighbour neighbour(Document d, float score) {
        var lat = d.getField(LATITUDE);
        var lon = d.getField(LONGITUDE);
        return new Neighbour(d.get(ID), score, d.get(CATEGORY), d.get(UNIT), d.get(AREA),
                Long.parseLong(d.get(CREATED)), d.get(ADDRESS),
                lat == null ? null : lat.numericValue().doubleValue(),
                lon == null ? null : lon.numericValue().doubleValue());
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

    private Document document(Order o) {
        Document d = new Document();
        d.add(new StringField(ID, o.id(), Field.Store.YES));
        d.add(new TextField(WORDS, o.content(), Field.Store.NO));
        d.add(new TextField(BIGRAMS, o.content(), Field.Store.NO));
        if (o.category() != null) {
            d.add(new StringField(CATEGORY, o.category(), Field.Store.YES));
            // Only history with a known outcome teaches which terms go with which category.
            if (topical && o.closed() && o.content() != null) {
                TopicTerms.addTo(d, o.category(), ChineseAnalyzers.terms(words, o.content()),
                        ChineseAnalyzers.terms(bigrams, o.content()));
            }
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
        if (o.address() != null && !o.address().isBlank()) {
            d.add(new TextField(ADDRESS, o.address(), Field.Store.YES));
        }
        if (o.latitude() != null && o.longitude() != null) {
            d.add(new LatLonPoint(LOCATION, o.latitude(), o.longitude()));
            d.add(new StoredField(LATITUDE, o.latitude()));
            d.add(new StoredField(LONGITUDE, o.longitude()));
        }
        if (o.caller() != null) {
            d.add(new StringField(CALLER, o.caller(), Field.Store.NO));
        }
        return d;
    }

    @Override
    public void close() throws IOException {
        index.close();
    }
}
