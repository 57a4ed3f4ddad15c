package org.hotline.hotspot;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The week's top terms (本周热词): the words most orders of the week use, beside how many of the weeks before used
 * them, so "停水" jumping from 12 to 240 orders stands out. Counted per order (an order repeating a word counts it
 * once); words most orders use week after week ("反映", "小区") say nothing and are left out. Plain Java: the segmentation
 * is passed in.
 */
public final class TopTerms {

    /** A term: in how many of this week's orders, and in how many of the comparison sample's (scaled to the week). */
    public record Term(String term, int orders, double before) {
    }

    private static final Pattern WORD = Pattern.compile("\\p{IsHan}{2,}");

    private TopTerms() {
    }

    /**
     * A word in most orders of the week that was as common before ("反映", "小区") tells nothing; a word in every
     * order of the week that was rare before is the news.
     */
    static boolean generic(int week, int weekDocs, int before, int beforeDocs) {
        return week * 2 > weekDocs && (beforeDocs == 0 || before * 2 >= beforeDocs);
    }

    /** Order counts per term over {@code texts}, with the share of texts each appears in. */
    public static Map<String, Integer> documentFrequency(List<String> texts, Function<String, List<String>> segment) {
        Map<String, Integer> df = new HashMap<>();
        for (String text : texts) {
            Set<String> seen = new HashSet<>();
            for (String t : segment.apply(text)) {
                if (WORD.matcher(t).matches() && seen.add(t)) {
                    df.merge(t, 1, Integer::sum);
                }
            }
        }
        return df;
    }

    /**
     * The top {@code n} terms of a week: {@code week} and {@code before} are document frequencies over samples of
     * {@code weekDocs} and {@code beforeDocs} orders, scaled to {@code weekTotal} orders for the week (the sample
     * stands for the whole week) and to the same total for the comparison.
     */
    public static List<Term> top(Map<String, Integer> week, int weekDocs, long weekTotal, Map<String, Integer> before,
                                 int beforeDocs, int n) {
        if (weekDocs == 0) {
            return List.of();
        }
        double scale = (double) weekTotal / weekDocs;
        return week.entrySet().stream()
                .filter(e -> e.getValue() >= 2 && !generic(e.getValue(), weekDocs, before.getOrDefault(e.getKey(), 0),
                        beforeDocs))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
                .limit(n)
                .map(e -> new Term(e.getKey(), (int) Math.round(e.getValue() * scale),
                        beforeDocs == 0 ? 0 : Math.round(before.getOrDefault(e.getKey(), 0) * weekTotal * 10.0
                                / beforeDocs) / 10.0))
                .sorted(Comparator.comparingInt(Term::orders).reversed().thenComparing(Term::term))
                .toList();
    }
}
