package org.hotline.kb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * k-fold evaluation of dispatch suggestions: each fold's messages are classified by voting among their nearest
 * neighbours in the other folds, through the same index and vote that serve {@code assist/dispatch}.
 */
public final class DispatchEvaluation {

    /** A message and what it should have been: its category and, when known, its lead unit. */
    public record Labelled(String content, String category, String unit) {
    }

    /**
     * The same messages labelled with top-level categories: the first {@code digits} characters of a category code
     * (2 for Hotline's 6-digit codes), for measuring as a city that only sorts by department would.
     */
    public static List<Labelled> topLevel(List<Labelled> data, int digits) {
        return data.stream().map(l -> new Labelled(l.content(), l.category() == null || l.category().length() <= digits
                ? l.category() : l.category().substring(0, digits), l.unit())).toList();
    }

    /** Precision and recall of one class, and how many messages carried it. */
    public record ClassScore(double precision, double recall, int support) {
    }

    public record Result(int messages, int folds, int k, double accuracyAt1, double accuracyAt3, double unitAccuracyAt1,
                         int withUnit, Map<String, ClassScore> perClass, Map<String, Map<String, Integer>> confusion) {
        @Override
        public String toString() {
            return String.format("messages=%d folds=%d k=%d accuracy@1=%.3f accuracy@3=%.3f", messages, folds, k,
                    accuracyAt1, accuracyAt3) + (withUnit > 0 ? String.format(" unit-accuracy@1=%.3f", unitAccuracyAt1)
                    : "");
        }
    }

    private DispatchEvaluation() {
    }

    /** Runs {@code folds}-fold cross-validation; {@code index} makes a fresh in-memory index per fold. */
    public static Result run(List<Labelled> data, int folds, int k, long seed, Supplier<OrderIndex> index)
            throws IOException {
        List<Labelled> shuffled = new ArrayList<>(data);
        Collections.shuffle(shuffled, new Random(seed));
        int at1 = 0;
        int at3 = 0;
        int unitAt1 = 0;
        int withUnit = 0;
        Map<String, Map<String, Integer>> confusion = new TreeMap<>();
        for (int fold = 0; fold < folds; fold++) {
            try (OrderIndex train = index.get()) {
                for (int i = 0; i < shuffled.size(); i++) {
                    if (i % folds != fold) {
                        Labelled l = shuffled.get(i);
                        train.put(new OrderIndex.Order("m" + i, l.content(), l.category(), l.unit(), null, 0, true));
                    }
                }
                train.refresh();
                // Exactly what assist/dispatch runs, on an index holding only the other folds.
                DispatchSuggester suggester = new DispatchSuggester(train, k);
                for (int i = fold; i < shuffled.size(); i += folds) {
                    Labelled l = shuffled.get(i);
                    DispatchSuggester.Suggestion s = suggester.suggest(l.content(), null);
                    List<KnnVote.Vote> votes = s.categories();
                    String predicted = votes.isEmpty() ? "(none)" : votes.getFirst().label();
                    if (predicted.equals(l.category())) {
                        at1++;
                    }
                    for (int r = 0; r < Math.min(3, votes.size()); r++) {
                        if (votes.get(r).label().equals(l.category())) {
                            at3++;
                            break;
                        }
                    }
                    confusion.computeIfAbsent(l.category(), c -> new TreeMap<>()).merge(predicted, 1, Integer::sum);
                    if (l.unit() != null) {
                        withUnit++;
                        List<KnnVote.Vote> units = s.units();
                        if (!units.isEmpty() && units.getFirst().label().equals(l.unit())) {
                            unitAt1++;
                        }
                    }
                }
            }
        }
        Map<String, ClassScore> perClass = new TreeMap<>();
        for (String c : confusion.keySet()) {
            int truePositive = confusion.get(c).getOrDefault(c, 0);
            int support = confusion.get(c).values().stream().mapToInt(Integer::intValue).sum();
            int predictedAs = confusion.values().stream().mapToInt(row -> row.getOrDefault(c, 0)).sum();
            perClass.put(c, new ClassScore(predictedAs == 0 ? 0 : truePositive / (double) predictedAs,
                    support == 0 ? 0 : truePositive / (double) support, support));
        }
        int n = Math.max(1, shuffled.size());
        return new Result(shuffled.size(), folds, k, at1 / (double) n, at3 / (double) n,
                withUnit == 0 ? 0 : unitAt1 / (double) withUnit, withUnit, perClass, confusion);
    }
}
