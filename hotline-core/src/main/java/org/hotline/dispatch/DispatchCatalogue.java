package org.hotline.dispatch;

import static org.hotline.db.generated.Tables.DISPATCH_RULE;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.db.generated.tables.records.DispatchRuleRecord;
import org.hotline.reference.ReferenceCache;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The dispatch catalogue (派单目录): which unit is responsible for a category in an area, over time. A rule names a
 * category (covering its subcategories) and optionally an area (covering the areas inside it); the most specific
 * rule valid at the moment wins — the closest category first, then the closest area, then the newest.
 */
public final class DispatchCatalogue {

    /** One catalogue rule. */
    public record Rule(long id, long categoryId, Long areaId, long unitId, Instant validFrom, Instant validTo,
                       String note) {
    }

    private final ReferenceCache reference;

    public DispatchCatalogue(ReferenceCache reference) {
        this.reference = reference;
    }

    public Optional<Rule> suggest(DSLContext dsl, long categoryId, Long areaId, Instant at) {
        ReferenceCache.Snapshot ref = reference.get();
        Map<Long, Integer> categoryDistance = distances(ref.categories(), categoryId);
        Map<Long, Integer> areaDistance = areaId == null ? Map.of() : distances(ref.areas(), areaId);
        var areaCondition = areaDistance.isEmpty() ? DISPATCH_RULE.AREA_ID.isNull()
                : DISPATCH_RULE.AREA_ID.isNull().or(DISPATCH_RULE.AREA_ID.in(areaDistance.keySet()));
        List<Rule> candidates = dsl.selectFrom(DISPATCH_RULE)
                .where(DISPATCH_RULE.CATEGORY_ID.in(categoryDistance.keySet()))
                .and(areaCondition)
                .and(DISPATCH_RULE.VALID_FROM.le(at))
                .and(DISPATCH_RULE.VALID_TO.isNull().or(DISPATCH_RULE.VALID_TO.gt(at)))
                .fetch(DispatchCatalogue::toRule);
        return candidates.stream().min(Comparator
                .comparingInt((Rule r) -> categoryDistance.get(r.categoryId()))
                .thenComparingInt(r -> r.areaId() == null ? Integer.MAX_VALUE : areaDistance.get(r.areaId()))
                .thenComparing(Rule::validFrom, Comparator.reverseOrder()));
    }

    /** Rules valid at {@code at} (all when null), newest first. */
    public List<Rule> list(DSLContext dsl, Instant at) {
        var condition = at == null ? DSL.noCondition()
                : DISPATCH_RULE.VALID_FROM.le(at).and(DISPATCH_RULE.VALID_TO.isNull().or(DISPATCH_RULE.VALID_TO.gt(at)));
        return dsl.selectFrom(DISPATCH_RULE).where(condition).orderBy(DISPATCH_RULE.ID.desc())
                .fetch(DispatchCatalogue::toRule);
    }

    public long add(DSLContext dsl, long categoryId, Long areaId, long unitId, Instant validFrom, String note,
                    Long createdBy, Instant now) {
        return dsl.insertInto(DISPATCH_RULE)
                .set(DISPATCH_RULE.CATEGORY_ID, categoryId)
                .set(DISPATCH_RULE.AREA_ID, areaId)
                .set(DISPATCH_RULE.UNIT_ID, unitId)
                .set(DISPATCH_RULE.VALID_FROM, validFrom)
                .set(DISPATCH_RULE.NOTE, note)
                .set(DISPATCH_RULE.CREATED_BY, createdBy)
                .set(DISPATCH_RULE.CREATED_AT, now)
                .returningResult(DISPATCH_RULE.ID).fetchOne().value1();
    }

    /** Ends a rule's validity at {@code at}; the rule stays on record, so past dispatches remain explainable. */
    public boolean retire(DSLContext dsl, long id, Instant at) {
        return dsl.update(DISPATCH_RULE).set(DISPATCH_RULE.VALID_TO, at)
                .where(DISPATCH_RULE.ID.eq(id)).and(DISPATCH_RULE.VALID_TO.isNull().or(DISPATCH_RULE.VALID_TO.gt(at)))
                .execute() == 1;
    }

    /** Distance from {@code id} to each of its ancestors (itself 0, parent 1, …). */
    private static Map<Long, Integer> distances(Map<Long, ReferenceCache.Node> nodes, long id) {
        Map<Long, Integer> out = new HashMap<>();
        Long current = id;
        int d = 0;
        List<Long> seen = new ArrayList<>();
        while (current != null && !seen.contains(current)) {
            seen.add(current);
            out.put(current, d++);
            ReferenceCache.Node n = nodes.get(current);
            current = n == null ? null : n.parentId();
        }
        return out;
    }

    private static Rule toRule(DispatchRuleRecord r) {
        return new Rule(r.getId(), r.getCategoryId(), r.getAreaId(), r.getUnitId(), r.getValidFrom(), r.getValidTo(),
                r.getNote());
    }
}
