package org.hotline.kb;

import java.io.IOException;
import java.util.List;

/**
 * Category and lead-unit suggestions for a description, learnt from closed orders: the one model that both
 * {@code assist/dispatch} and {@code eval-dispatch} use, so what is measured is what operators get.
 */
public final class DispatchSuggester {

    /** Ranked categories and units (scores 0–1, best first) and the neighbours they came from. */
    public record Suggestion(List<KnnVote.Vote> categories, List<KnnVote.Vote> units,
                             List<OrderIndex.Neighbour> neighbours) {
    }

    /** How many nearest closed orders vote, unless asked otherwise. */
    public static final int DEFAULT_K = 30;

    /** Vote sharpness for topical indexes (see {@link KnnVote#vote(List, java.util.function.Function, double)}). */
    static final double SHARPNESS = 1.5;

    private final OrderIndex orders;
    private final int k;

    public DispatchSuggester(OrderIndex orders) {
        this(orders, DEFAULT_K);
    }

    public DispatchSuggester(OrderIndex orders, int k) {
        this.orders = orders;
        this.k = k;
    }

    public int k() {
        return k;
    }

    /** Suggestions for {@code text}; {@code exclude} (an order id, or null) keeps an order from voting for itself. */
    public Suggestion suggest(String text, String exclude) throws IOException {
        List<OrderIndex.Neighbour> near = orders.dispatchNeighbours(text, k, exclude);
        double sharpness = orders.topical() ? SHARPNESS : 1;
        return new Suggestion(KnnVote.vote(near, OrderIndex.Neighbour::category, sharpness),
                KnnVote.vote(near, OrderIndex.Neighbour::unit, sharpness), near);
    }
}
