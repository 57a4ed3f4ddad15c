package org.hotline.assist;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hotline.kb.KnnVote;

/**
 * Category and lead-unit suggestions with their reasons, from two sources an operator trusts differently: history
 * (where the most similar closed orders went) and the dispatch catalogue (the rule for the category in the area).
 * A unit's score is its share of the history vote plus the catalogue's word for the likely categories, weighted by
 * how likely each category is.
 */
public final class DispatchAdvice {

    /** A catalogue rule for one category in the area: which unit, and how the rule reads. */
    public record CatalogueRule(String unitCode, String categoryName, String areaName) {
    }

    public record Reason(String kind, String text, int count, int of) {
    }

    public record Category(String code, double score, List<Reason> reasons) {
    }

    public record Unit(String code, double score, List<Reason> reasons) {
    }

    public record Advice(List<Category> categories, List<Unit> units) {
    }

    static final double HISTORY_WEIGHT = 0.6;
    static final double CATALOGUE_WEIGHT = 0.4;

    private DispatchAdvice() {
    }

    /**
     * @param categoryVotes history's category votes (codes), best first
     * @param unitVotes     history's lead-unit votes (codes)
     * @param catalogue     the catalogue's rule for a category code in the order's area, if any
     * @param unitName      a unit's display name by code
     */
    public static Advice advise(List<KnnVote.Vote> categoryVotes, List<KnnVote.Vote> unitVotes,
                                Function<String, Optional<CatalogueRule>> catalogue, Function<String, String> unitName,
                                int limit) {
        List<Category> categories = new ArrayList<>();
        for (KnnVote.Vote v : categoryVotes) {
            if (categories.size() == limit) {
                break;
            }
            categories.add(new Category(v.label(), round(v.score()), List.of(new Reason("history",
                    v.count() + " of the " + v.of() + " most similar closed orders", v.count(), v.of()))));
        }
        Map<String, double[]> score = new LinkedHashMap<>();
        Map<String, List<Reason>> reasons = new LinkedHashMap<>();
        for (KnnVote.Vote v : unitVotes) {
            score.computeIfAbsent(v.label(), k -> new double[1])[0] += HISTORY_WEIGHT * v.score();
            reasons.computeIfAbsent(v.label(), k -> new ArrayList<>()).add(new Reason("history",
                    v.count() + " of the " + v.of() + " most similar closed orders went to " + unitName.apply(v.label()),
                    v.count(), v.of()));
        }
        for (Category c : categories) {
            Optional<CatalogueRule> rule = catalogue.apply(c.code());
            if (rule.isEmpty()) {
                continue;
            }
            CatalogueRule r = rule.get();
            score.computeIfAbsent(r.unitCode(), k -> new double[1])[0] += CATALOGUE_WEIGHT * c.score();
            reasons.computeIfAbsent(r.unitCode(), k -> new ArrayList<>()).add(new Reason("catalogue",
                    "catalogue: " + r.categoryName() + (r.areaName() == null ? "" : " in " + r.areaName()) + " → "
                            + unitName.apply(r.unitCode()), 0, 0));
        }
        List<Unit> units = new ArrayList<>();
        score.forEach((code, s) -> units.add(new Unit(code, round(Math.min(1, s[0])), reasons.get(code))));
        units.sort(Comparator.comparingDouble(Unit::score).reversed());
        return new Advice(categories, units.size() > limit ? units.subList(0, limit) : units);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
