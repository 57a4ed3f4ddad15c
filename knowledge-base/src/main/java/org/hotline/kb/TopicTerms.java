package org.hotline.kb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Which words say what an order is about. A complaint's rarest words are mostly its place, names and numbers, so
 * plain MoreLikeThis (most telling = rarest) finds orders from the same street rather than about the same problem.
 * Here each term is also weighed by how unevenly it spreads over the categories of closed orders: 油烟 sits in one or
 * two, 小区 or a street name in many. The query keeps the terms with the highest tf × idf × focus.
 *
 * <p>The counts come from the index itself, so they learn from every order put, survive restarts and need no
 * training step: each closed order also indexes one term per distinct content term, {@code reading + term + SEP +
 * category}, plus {@code CLASS + SEP + category}. The document frequency of such a term is how many closed orders of
 * that category contain the term; one seek and a short scan per segment list a term's categories. (Replaced orders
 * count until Lucene merges their deletions away: a small, temporary bias.) A term's spread changes slowly, so it is
 * cached until the closed orders grow or shrink by {@link #STALE_SHARE}: with a million orders that saves most of the
 * lookups, and a small index is always exact.
 */
final class TopicTerms {

    static final String FIELD = "topic_terms";
    static final char WORD = 'w';
    static final char BIGRAM = 'b';
    private static final char CLASS = 'n';
    /** Between term and category; no analyzer emits it. */
    private static final char SEP = '\u0001';

    /** Pseudo-orders of evidence a term needs before it counts as focused; keeps one-off names from looking telling. */
    private static final double PRIOR_ORDERS = 1.0;
    /** Terms kept per reading, as MoreLikeThis did. */
    static final int MAX_QUERY_TERMS = 30;
    /** Candidates per reading (by tf × idf) whose spread is looked up; beyond these it never changed the pick. */
    private static final int CANDIDATES = 2 * MAX_QUERY_TERMS;

    /** Share of change in the closed orders after which cached spreads are recomputed. */
    private static final double STALE_SHARE = 0.01;
    /** Cached terms at most (some tens of bytes each); beyond this the cache starts again. */
    private static final int MAX_CACHED = 200_000;

    private static final FieldType TYPE = new FieldType();

    static {
        TYPE.setIndexOptions(IndexOptions.DOCS);
        TYPE.setOmitNorms(true);
        TYPE.setTokenized(false);
        TYPE.freeze();
    }

    /** Per tag + term: closed orders containing it, and its focus. */
    private final Map<String, double[]> cache = new ConcurrentHashMap<>();
    private volatile long cachedAt = -1;

    TopicTerms() {
    }

    /** Adds the category counts of a closed order's terms to {@code d}. */
    static void addTo(Document d, String category, Collection<String> words, Collection<String> bigrams) {
        d.add(new Field(FIELD, CLASS + "" + SEP + category, TYPE));
        for (String t : new LinkedHashSet<>(words)) {
            d.add(new Field(FIELD, WORD + t + SEP + category, TYPE));
        }
        for (String t : new LinkedHashSet<>(bigrams)) {
            d.add(new Field(FIELD, BIGRAM + t + SEP + category, TYPE));
        }
    }

    /** One reading of the text: its field in the index, its tag here, its term frequencies and its weight. */
    record Reading(String field, char tag, Map<String, Integer> termFrequencies, float weight) {
    }

    /**
     * The topical query for {@code readings}, or null when no term of the text occurs in a closed order. Each
     * reading becomes a boosted disjunction of its best terms, boosts relative to its best term, as MoreLikeThis's.
     */
    Query query(IndexReader reader, List<Reading> readings) throws IOException {
        Stats stats = Stats.load(reader);
        if (stats.total == 0) {
            return null;
        }
        long at = cachedAt;
        if (Math.abs(stats.total - at) > STALE_SHARE * at || cache.size() > MAX_CACHED) {
            cache.clear();
            cachedAt = stats.total;
        }
        BooleanQuery.Builder out = new BooleanQuery.Builder();
        boolean any = false;
        for (Reading r : readings) {
            if (r.weight() <= 0 || r.termFrequencies().isEmpty()) {
                continue;
            }
            List<Weighted> best = best(reader, stats, r);
            if (best.isEmpty()) {
                continue;
            }
            BooleanQuery.Builder q = new BooleanQuery.Builder();
            double top = best.getFirst().weight;
            for (Weighted w : best) {
                q.add(new BoostQuery(new TermQuery(new Term(r.field(), w.term)), (float) (w.weight / top)),
                        BooleanClause.Occur.SHOULD);
            }
            out.add(new BoostQuery(q.build(), r.weight()), BooleanClause.Occur.SHOULD);
            any = true;
        }
        return any ? out.build() : null;
    }

    private record Weighted(String term, double weight) {
    }

    private List<Weighted> best(IndexReader reader, Stats stats, Reading r) throws IOException {
        // Cheap pre-selection by tf × idf over all orders, then the category spread for the candidates only.
        int docs = Math.max(1, reader.numDocs());
        List<Weighted> candidates = new ArrayList<>();
        for (Map.Entry<String, Integer> e : r.termFrequencies().entrySet()) {
            int df = reader.docFreq(new Term(r.field(), e.getKey()));
            if (df > 0) {
                candidates.add(new Weighted(e.getKey(), e.getValue() * idf(docs, df)));
            }
        }
        candidates.sort(Comparator.comparingDouble(Weighted::weight).reversed());
        if (candidates.size() > CANDIDATES) {
            candidates = candidates.subList(0, CANDIDATES);
        }
        List<Weighted> out = new ArrayList<>();
        for (Weighted c : candidates) {
            String key = r.tag() + c.term();
            double[] spread = cache.get(key);
            if (spread == null) {
                int[] perClass = stats.perClass(reader, r.tag(), c.term());
                int df = 0;
                for (int n : perClass) {
                    df += n;
                }
                spread = new double[] {df, df == 0 ? 0 : stats.focus(perClass)};
                cache.put(key, spread);
            }
            if (spread[0] > 0) {
                out.add(new Weighted(c.term(), r.termFrequencies().get(c.term()) * idf(stats.total, (long) spread[0])
                        * spread[1]));
            }
        }
        out.sort(Comparator.comparingDouble(Weighted::weight).reversed());
        return out.size() > MAX_QUERY_TERMS ? out.subList(0, MAX_QUERY_TERMS) : out;
    }

    /** MoreLikeThis's idf (classic similarity). */
    private static double idf(long docs, long df) {
        return Math.log((docs + 1.0) / (df + 1.0)) + 1.0;
    }

    /** Closed orders per category, as of one reader. */
    static final class Stats {
        private final Map<BytesRef, Integer> index = new HashMap<>();
        private final List<Integer> sizes = new ArrayList<>();
        private long total;

        static Stats load(IndexReader reader) throws IOException {
            Stats s = new Stats();
            BytesRef prefix = prefix(CLASS, "");
            for (LeafReaderContext leaf : reader.leaves()) {
                Terms terms = leaf.reader().terms(FIELD);
                if (terms == null) {
                    continue;
                }
                TermsEnum te = terms.iterator();
                if (te.seekCeil(prefix) == TermsEnum.SeekStatus.END) {
                    continue;
                }
                for (BytesRef t = te.term(); t != null && startsWith(t, prefix); t = te.next()) {
                    BytesRef category = BytesRef.deepCopyOf(suffix(t, prefix));
                    Integer i = s.index.get(category);
                    if (i == null) {
                        s.index.put(category, s.sizes.size());
                        s.sizes.add(te.docFreq());
                    } else {
                        s.sizes.set(i, s.sizes.get(i) + te.docFreq());
                    }
                    s.total += te.docFreq();
                }
            }
            return s;
        }

        /** How many closed orders of each category contain {@code term}. */
        int[] perClass(IndexReader reader, char tag, String term) throws IOException {
            int[] out = new int[sizes.size()];
            BytesRef prefix = prefix(tag, term);
            for (LeafReaderContext leaf : reader.leaves()) {
                Terms terms = leaf.reader().terms(FIELD);
                if (terms == null) {
                    continue;
                }
                TermsEnum te = terms.iterator();
                if (te.seekCeil(prefix) == TermsEnum.SeekStatus.END) {
                    continue;
                }
                for (BytesRef t = te.term(); t != null && startsWith(t, prefix); t = te.next()) {
                    Integer i = index.get(suffix(t, prefix));
                    if (i != null) {
                        out[i] += te.docFreq();
                    }
                }
            }
            return out;
        }

        /**
         * 1 − normalised entropy of P(category | term), where each category's share is its rate (orders with the
         * term / orders of the category, so big categories do not look focused) smoothed by PRIOR_ORDERS spread as
         * the categories are. 0: the term is everywhere alike; near 1: it names one category.
         */
        double focus(int[] perClass) {
            int classes = perClass.length;
            if (classes < 2) {
                return 1;
            }
            double floor = PRIOR_ORDERS / total;
            double[] rate = new double[classes];
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                rate[c] = perClass[c] / (double) sizes.get(c) + floor;
                sum += rate[c];
            }
            double entropy = 0;
            for (double r : rate) {
                double p = r / sum;
                entropy -= p * Math.log(p);
            }
            return Math.max(0, 1 - entropy / Math.log(classes));
        }

        private static BytesRef prefix(char tag, String term) {
            return new BytesRef((tag + term + SEP).getBytes(StandardCharsets.UTF_8));
        }

        private static boolean startsWith(BytesRef t, BytesRef prefix) {
            if (t.length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (t.bytes[t.offset + i] != prefix.bytes[prefix.offset + i]) {
                    return false;
                }
            }
            return true;
        }

        private static BytesRef suffix(BytesRef t, BytesRef prefix) {
            return new BytesRef(t.bytes, t.offset + prefix.length, t.length - prefix.length);
        }
    }
}
