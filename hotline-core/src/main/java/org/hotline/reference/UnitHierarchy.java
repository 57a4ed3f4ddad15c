package org.hotline.reference;

import static org.hotline.db.generated.Tables.UNIT;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * The units as a hierarchy, in memory: who is above whom. Data scope rests on it — a unit sees what is assigned to
 * it or to the units below it. Immutable; reloaded when units change.
 */
public final class UnitHierarchy {

    /** One unit as the hierarchy knows it. */
    public record Unit(long id, Long parentId, String code, String name, String kind, boolean active) {
    }

    private final Map<Long, Unit> byId;
    private final Map<Long, List<Long>> children;

    private UnitHierarchy(Map<Long, Unit> byId, Map<Long, List<Long>> children) {
        this.byId = byId;
        this.children = children;
    }

    public static UnitHierarchy load(DSLContext dsl) {
        Map<Long, Unit> byId = new HashMap<>();
        Map<Long, List<Long>> children = new HashMap<>();
        dsl.selectFrom(UNIT).orderBy(UNIT.SORT_ORDER, UNIT.ID).forEach(r -> {
            byId.put(r.getId(), new Unit(r.getId(), r.getParentId(), r.getCode(), r.getName(), r.getKind(),
                    r.getActive()));
            if (r.getParentId() != null) {
                children.computeIfAbsent(r.getParentId(), k -> new ArrayList<>()).add(r.getId());
            }
        });
        return new UnitHierarchy(Map.copyOf(byId), Map.copyOf(children));
    }

    public Optional<Unit> unit(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every unit, in the order of the tree's loading (sort order, then id). */
    public java.util.Collection<Unit> all() {
        return byId.values();
    }

    /** The hotline centre: the unit that takes the calls. */
    public Optional<Unit> centre() {
        return byId.values().stream().filter(u -> "center".equals(u.kind())).min(java.util.Comparator.comparingLong(
                Unit::id));
    }

    /** The unit with this code (codes are unique). */
    public Optional<Unit> byCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return byId.values().stream().filter(u -> u.code().equals(code.trim())).findFirst();
    }

    public String name(Long id) {
        Unit u = id == null ? null : byId.get(id);
        return u == null ? null : u.name();
    }

    /** The unit itself and every unit below it. */
    public Set<Long> selfAndBelow(long id) {
        if (!byId.containsKey(id)) {
            return Set.of();
        }
        Set<Long> out = new HashSet<>();
        Deque<Long> todo = new ArrayDeque<>();
        todo.add(id);
        while (!todo.isEmpty()) {
            long u = todo.pop();
            if (out.add(u)) {
                todo.addAll(children.getOrDefault(u, List.of()));
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** True when {@code upper} is {@code unit} or above it. */
    public boolean isSelfOrAbove(long upper, long unit) {
        Long u = unit;
        int guard = 0;
        while (u != null && guard++ < 64) {
            if (u == upper) {
                return true;
            }
            Unit x = byId.get(u);
            u = x == null ? null : x.parentId();
        }
        return false;
    }

    /** True when {@code lower} is strictly below {@code upper}. */
    public boolean isBelow(long lower, long upper) {
        return lower != upper && isSelfOrAbove(upper, lower);
    }
}
