package org.hotline.workorder;

import static org.hotline.db.generated.Tables.ORDER_CLOCK;
import static org.hotline.db.generated.Tables.WORK_ORDER;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hotline.auth.Principal;
import org.hotline.http.ProblemException;
import org.hotline.reference.ReferenceCache;
import org.hotline.reference.UnitHierarchy;
import org.hotline.sla.ClockStore;
import org.hotline.sla.OrderClock;
import org.hotline.sla.WorkingTime;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The overdue and at-risk views: open clocks across orders, per unit for a unit's staff and for the whole city for
 * the centre and its leadership, with the escalation level each has reached. Answered from the clock table's
 * {@code (status, deadline)} and {@code (unit_id, status, deadline)} indexes.
 */
public final class ClockQueries {

    /** Which open clocks a view lists. */
    public enum View {
        /** Past the deadline and still running. */
        OVERDUE,
        /** Warned (the policy's threshold passed) but not yet overdue. */
        AT_RISK,
        /** Escalated at least once (level 1 = 催办 and up), highest level first. */
        ESCALATED;

        public static View parse(String id) {
            try {
                return valueOf(id.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (RuntimeException e) {
                throw ProblemException.field("view", "one of overdue, at-risk, escalated");
            }
        }
    }

    private final ReferenceCache reference;
    private final OrderClocks clocks;
    private final Clock clock;

    public ClockQueries(ReferenceCache reference, OrderClocks clocks, Clock clock) {
        this.reference = reference;
        this.clocks = clocks;
        this.clock = clock;
    }

    /** One view's clocks with their orders, and per-unit counts of the open clocks in scope. */
    public JsonObject list(DSLContext dsl, Principal p, View view, Long unitId, String kind, int limit) {
        Instant now = clock.instant();
        UnitHierarchy units = reference.get().units();
        List<Condition> where = new ArrayList<>();
        where.add(ORDER_CLOCK.STATUS.eq(OrderClock.RUNNING));
        where.add(scope(p, units));
        if (unitId != null) {
            where.add(ORDER_CLOCK.UNIT_ID.in(units.selfAndBelow(unitId)));
        }
        if (kind != null) {
            where.add(ORDER_CLOCK.KIND.eq(kind));
        }
        Condition overdue = ORDER_CLOCK.BREACHED_AT.isNotNull().or(ORDER_CLOCK.DEADLINE.le(now));
        Condition atRisk = ORDER_CLOCK.BREACHED_AT.isNull().and(ORDER_CLOCK.DEADLINE.gt(now))
                .and(ORDER_CLOCK.WARNED_AT.isNotNull());
        List<Condition> rows = new ArrayList<>(where);
        rows.add(switch (view) {
            case OVERDUE -> overdue;
            case AT_RISK -> atRisk;
            case ESCALATED -> ORDER_CLOCK.LEVEL.ge(1);
        });
        var order = view == View.ESCALATED
                ? List.of(ORDER_CLOCK.LEVEL.desc(), ORDER_CLOCK.DEADLINE.asc(), ORDER_CLOCK.ID.asc())
                : List.of(ORDER_CLOCK.DEADLINE.asc(), ORDER_CLOCK.ID.asc());
        WorkingTime t = clocks.time().get();
        ReferenceCache.Snapshot ref = reference.get();
        JsonArray items = new JsonArray();
        dsl.select().from(ORDER_CLOCK).join(WORK_ORDER).on(WORK_ORDER.ID.eq(ORDER_CLOCK.ORDER_ID))
                .where(rows).orderBy(order).limit(limit)
                .forEach(r -> {
                    OrderClock c = ClockStore.clock(r.into(ORDER_CLOCK));
                    var o = r.into(WORK_ORDER);
                    JsonObject item = OrderClocks.json(c, now, t, units);
                    item.put("order", new JsonObject().put("id", o.getId()).put("number", o.getNumber())
                            .put("status", o.getStatus())
                            .put("statusName", OrderStatus.valueOf(o.getStatus()).chineseName())
                            .put("type", o.getType()).put("urgency", o.getUrgency())
                            .put("category", ref.category(o.getCategoryId()).map(ReferenceCache.Node::name)
                                    .orElse(null))
                            .put("excerpt", WorkOrderQueries.excerpt(o.getContent())));
                    items.add(item);
                });
        Map<String, JsonObject> byUnit = new TreeMap<>();
        dsl.select(ORDER_CLOCK.UNIT_ID,
                        DSL.count(),
                        DSL.count().filterWhere(overdue),
                        DSL.count().filterWhere(atRisk),
                        DSL.max(ORDER_CLOCK.LEVEL))
                .from(ORDER_CLOCK).where(where).groupBy(ORDER_CLOCK.UNIT_ID)
                .forEach(r -> {
                    Long u = r.value1();
                    String name = u == null ? "中心" : units.name(u);
                    byUnit.put(name + "#" + u, new JsonObject().put("unitId", u).put("unitName", name)
                            .put("open", r.value2()).put("overdue", r.value3()).put("atRisk", r.value4())
                            .put("maxLevel", r.value5() == null ? 0 : r.value5()));
                });
        List<JsonObject> units2 = new ArrayList<>(byUnit.values());
        units2.sort((a, b) -> b.getInteger("overdue") != a.getInteger("overdue").intValue()
                ? b.getInteger("overdue") - a.getInteger("overdue")
                : b.getInteger("atRisk") - a.getInteger("atRisk"));
        // Totals over everything in scope, not just the page: the leadership's headline numbers.
        JsonObject byLevel = new JsonObject();
        int[] totals = new int[3];
        dsl.select(ORDER_CLOCK.LEVEL, DSL.count(), DSL.count().filterWhere(overdue), DSL.count().filterWhere(atRisk))
                .from(ORDER_CLOCK).where(where).groupBy(ORDER_CLOCK.LEVEL)
                .forEach(r -> {
                    if (r.value1() > 0) {
                        byLevel.put(Integer.toString(r.value1()), r.value2());
                        totals[2] += r.value2();
                    }
                    totals[0] += r.value3();
                    totals[1] += r.value4();
                });
        return new JsonObject().put("view", view.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .put("now", now.toString()).put("items", items).put("byUnit", new JsonArray(units2))
                .put("totals", new JsonObject().put("overdue", totals[0]).put("atRisk", totals[1])
                        .put("escalated", totals[2]).put("byLevel", byLevel));
    }

    /** Centre staff see every clock; a unit's staff the clocks running against their unit or those below it. */
    private static Condition scope(Principal p, UnitHierarchy units) {
        if (Scope.isCentre(p)) {
            return DSL.noCondition();
        }
        Set<Long> scope = Scope.unitScope(p, units);
        return scope.isEmpty() ? DSL.falseCondition() : ORDER_CLOCK.UNIT_ID.in(scope);
    }
}
