package org.hotline.assist;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which recent orders are likely about the same problem as the one being taken, and why: the same caller, the same
 * place (address in common, or close by where both have coordinates), similar words, the same category. Each signal
 * is a number an operator can check; the score weighs them, text and caller most.
 */
public final class SimilarOrders {

    /** What the operator has typed so far. */
    public record Query(String content, String address, Double latitude, Double longitude, String callerKey,
                        String categoryCode) {
    }

    /** A recent order as the candidates' sources and the database describe it. */
    public record Candidate(long id, String content, String address, Double latitude, Double longitude,
                            String callerKey, String categoryCode) {
    }

    /** One reason, machine-readable ({@code kind}) with what it measured ({@code value}: share, metres). */
    public record Reason(String kind, double value) {
    }

    public record Match(Candidate order, double score, List<Reason> reasons) {
    }

    static final double SAME_ADDRESS = 0.5;
    static final double NEARBY_METRES = 300;
    static final double SIMILAR_TEXT = 0.15;
    static final double MIN_SCORE = 0.2;

    private SimilarOrders() {
    }

    public static List<Match> rank(Query q, List<Candidate> candidates, int limit) {
        Map<Long, Candidate> unique = new LinkedHashMap<>();
        candidates.forEach(c -> unique.putIfAbsent(c.id(), c));
        List<Match> out = new ArrayList<>();
        for (Candidate c : unique.values()) {
            List<Reason> reasons = new ArrayList<>();
            double score = 0;
            if (q.callerKey() != null && q.callerKey().equals(c.callerKey())) {
                reasons.add(new Reason("same-caller", 1));
                score += 0.3;
            }
            double place = 0;
            if (q.latitude() != null && q.longitude() != null && c.latitude() != null && c.longitude() != null) {
                double m = TextSimilarity.metres(q.latitude(), q.longitude(), c.latitude(), c.longitude());
                if (m <= NEARBY_METRES) {
                    reasons.add(new Reason("nearby", Math.round(m)));
                    place = 1 - m / (2 * NEARBY_METRES);
                }
            }
            if (q.address() != null && c.address() != null) {
                double a = TextSimilarity.dice(q.address(), c.address());
                if (a >= SAME_ADDRESS) {
                    reasons.add(new Reason("same-place", round(a)));
                    place = Math.max(place, a);
                }
            }
            score += 0.25 * place;
            // Compared without the place names: two problems at one address share its words, not their substance.
            java.util.Set<String> placeWords = new java.util.HashSet<>(TextSimilarity.bigrams(q.address()).keySet());
            placeWords.addAll(TextSimilarity.bigrams(c.address()).keySet());
            double text = TextSimilarity.similarity(q.content(), c.content(), placeWords);
            if (text >= SIMILAR_TEXT) {
                reasons.add(new Reason("similar-text", round(text)));
                score += 0.45 * Math.min(1, text * 1.5);
            }
            if (q.categoryCode() != null && q.categoryCode().equals(c.categoryCode())) {
                reasons.add(new Reason("same-category", 1));
                score += 0.1;
            }
            // A category alone is not a duplicate, nor is a busy place alone: the problem itself must match (the
            // caller, the words), or the place must come with some likeness of the problem.
            boolean sameCategory = q.categoryCode() != null && q.categoryCode().equals(c.categoryCode());
            boolean substantive = text >= SIMILAR_TEXT || (q.callerKey() != null && q.callerKey().equals(c.callerKey()))
                    || (place > 0 && (text >= SIMILAR_TEXT / 2 || sameCategory));
            if (substantive && score >= MIN_SCORE) {
                out.add(new Match(c, round(Math.min(1, score)), reasons));
            }
        }
        out.sort(Comparator.comparingDouble(Match::score).reversed().thenComparing(m -> -m.order().id()));
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
