package org.hotline.kb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * k-nearest-neighbour voting: each near order votes for its label with its similarity, so a few very close orders
 * outweigh many loose ones. Scores are shares of the total vote (0–1); {@code count} says how many of the k voted so,
 * which is what an operator is told ("7 of the 10 most similar closed orders went to …").
 */
public final class KnnVote {

    public record Vote(String label, double score, int count, int of) {
    }

    private KnnVote() {
    }

    /** Each neighbour votes with its score. */
    public static List<Vote> vote(List<OrderIndex.Neighbour> neighbours, Function<OrderIndex.Neighbour, String> label) {
        return vote(neighbours, label, 1);
    }

    /**
     * Each neighbour votes with (score / best score)^{@code sharpness}: above 1, the closest orders count for more
     * than their raw score says, which pays when near-repeats of a message exist (as in real traffic).
     */
    public static List<Vote> vote(List<OrderIndex.Neighbour> neighbours, Function<OrderIndex.Neighbour, String> label,
                                  double sharpness) {
        Map<String, double[]> tally = new HashMap<>();
        double total = 0;
        double best = neighbours.stream().mapToDouble(OrderIndex.Neighbour::score).max().orElse(0);
        for (OrderIndex.Neighbour n : neighbours) {
            String l = label.apply(n);
            if (l == null || best <= 0) {
                continue;
            }
            double weight = Math.pow(n.score() / best, sharpness);
            double[] t = tally.computeIfAbsent(l, x -> new double[2]);
            t[0] += weight;
            t[1] += 1;
            total += weight;
        }
        List<Vote> out = new ArrayList<>();
        for (Map.Entry<String, double[]> e : tally.entrySet()) {
            out.add(new Vote(e.getKey(), total == 0 ? 0 : e.getValue()[0] / total, (int) e.getValue()[1],
                    neighbours.size()));
        }
        out.sort((a, b) -> Double.compare(b.score(), a.score()));
        return out;
    }
}
