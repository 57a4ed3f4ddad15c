package org.hotline.reference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Builds a forest from rows that name their parent; rows arrive in display order and keep it. */
public final class Tree {

    private Tree() {
    }

    /**
     * @param rows     flat rows, each with an id and a parent id (null for roots)
     * @param id       a row's id
     * @param parentId a row's parent id
     * @param node     makes the output node from a row and its (already built) children
     */
    public static <R, N> List<N> build(List<R> rows, Function<R, Long> id, Function<R, Long> parentId,
                                       BiFunction<R, List<N>, N> node) {
        Map<Long, List<R>> byParent = new HashMap<>();
        List<R> roots = new ArrayList<>();
        Map<Long, R> byId = new HashMap<>();
        rows.forEach(r -> byId.put(id.apply(r), r));
        for (R r : rows) {
            Long p = parentId.apply(r);
            if (p == null || !byId.containsKey(p)) {
                roots.add(r);
            } else {
                byParent.computeIfAbsent(p, k -> new ArrayList<>()).add(r);
            }
        }
        return make(roots, byParent, id, node);
    }

    private static <R, N> List<N> make(List<R> level, Map<Long, List<R>> byParent, Function<R, Long> id,
                                       BiFunction<R, List<N>, N> node) {
        List<N> out = new ArrayList<>(level.size());
        for (R r : level) {
            List<N> children = make(byParent.getOrDefault(id.apply(r), List.of()), byParent, id, node);
            out.add(node.apply(r, children));
        }
        return out;
    }
}
