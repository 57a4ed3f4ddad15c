package org.hotline.assist;

import java.util.HashMap;
import java.util.Map;

/**
 * How much two short Chinese texts share, as the Dice coefficient of their character bigrams (letters and digits
 * only; punctuation and spaces ignored). Scores 0–1 that an operator can read as a percentage, unlike raw BM25.
 */
public final class TextSimilarity {

    private TextSimilarity() {
    }

    /**
     * Half Dice, half overlap (shared bigrams over the shorter text's): an operator's first sentence should match the
     * long order it summarises, which Dice alone would score low for the length difference.
     */
    public static double similarity(String a, String b) {
        return similarity(a, b, java.util.Set.of());
    }

    /** As {@link #similarity(String, String)}, leaving out the bigrams of {@code ignored} (a place's name). */
    public static double similarity(String a, String b, java.util.Set<String> ignored) {
        Map<String, Integer> x = bigrams(a);
        Map<String, Integer> y = bigrams(b);
        x.keySet().removeAll(ignored);
        y.keySet().removeAll(ignored);
        int nx = x.values().stream().mapToInt(Integer::intValue).sum();
        int ny = y.values().stream().mapToInt(Integer::intValue).sum();
        if (nx == 0 || ny == 0) {
            return 0;
        }
        int common = 0;
        for (var e : x.entrySet()) {
            common += Math.min(e.getValue(), y.getOrDefault(e.getKey(), 0));
        }
        double dice = 2.0 * common / (nx + ny);
        // Very short texts overlap by chance; the overlap part only counts in full from 8 bigrams on.
        double overlap = (double) common / Math.max(8, Math.min(nx, ny));
        return 0.5 * dice + 0.5 * Math.min(1, overlap);
    }

    public static double dice(String a, String b) {
        Map<String, Integer> x = bigrams(a);
        Map<String, Integer> y = bigrams(b);
        int total = x.values().stream().mapToInt(Integer::intValue).sum() + y.values().stream()
                .mapToInt(Integer::intValue).sum();
        if (total == 0) {
            return 0;
        }
        int common = 0;
        for (var e : x.entrySet()) {
            common += Math.min(e.getValue(), y.getOrDefault(e.getKey(), 0));
        }
        return 2.0 * common / total;
    }

    static Map<String, Integer> bigrams(String s) {
        Map<String, Integer> out = new HashMap<>();
        if (s == null) {
            return out;
        }
        StringBuilder kept = new StringBuilder();
        s.codePoints().filter(Character::isLetterOrDigit).map(Character::toLowerCase).forEach(kept::appendCodePoint);
        for (int i = 0; i + 1 < kept.length(); i++) {
            out.merge(kept.substring(i, i + 2), 1, Integer::sum);
        }
        return out;
    }

    /** Great-circle distance in metres. */
    public static double metres(double lat1, double lon1, double lat2, double lon2) {
        double r = 6_371_000;
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
