package org.hotline.assessment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rankings are published per kind of unit — districts against districts, streets against streets, city bureaus and
 * enterprises each among themselves — by composite score, highest first; units without a score (nothing rated) come
 * last, unranked. Equal scores share a rank (1, 2, 2, 4).
 */
public final class Ranking {

    public record Row(long unitId, String unitName, String unitKind, Indicators indicators, Integer rank) {
    }

    private Ranking() {
    }

    public static List<Row> rank(List<Row> rows) {
        Map<String, List<Row>> byKind = new HashMap<>();
        rows.forEach(r -> byKind.computeIfAbsent(r.unitKind(), k -> new ArrayList<>()).add(r));
        Map<Long, Integer> ranks = new HashMap<>();
        for (List<Row> group : byKind.values()) {
            List<Row> scored = group.stream().filter(r -> r.indicators().score() != null)
                    .sorted(Comparator.comparingDouble((Row r) -> r.indicators().score()).reversed()).toList();
            for (int i = 0; i < scored.size(); i++) {
                boolean tie = i > 0 && scored.get(i).indicators().score().equals(scored.get(i - 1).indicators().score());
                ranks.put(scored.get(i).unitId(), tie ? ranks.get(scored.get(i - 1).unitId()) : i + 1);
            }
        }
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Row(r.unitId(), r.unitName(), r.unitKind(), r.indicators(), ranks.get(r.unitId())));
        }
        out.sort(Comparator.comparing(Row::unitKind).thenComparing(r -> r.rank() == null ? Integer.MAX_VALUE
                : r.rank()).thenComparing(Row::unitName));
        return out;
    }
}
