package org.hotline.assessment;

import static org.hotline.db.generated.Tables.ASSESSMENT_EXCLUSION;
import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.hotline.db.generated.Tables.WORK_ORDER_ASSIGNMENT;
import static org.hotline.db.generated.Tables.WORK_ORDER_EVENT;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * The orders behind a number of the assessment: the timeline events that moved one count of one unit in a period,
 * found by applying the same {@link TimelineCounts} rule the aggregates apply, so the list has exactly as many
 * entries as the number shows (an order transferred to a unit twice is listed twice for "received").
 */
public final class DrillDown {

    /** What may be drilled into: every count, and the shortfalls behind the rates (a rate's denominator minus hits). */
    public enum Measure {
        RECEIVED("received", TimelineCounts.Count.RECEIVED, null),
        SIGN_MET("signMet", TimelineCounts.Count.SIGN_MET, null),
        SIGN_LATE("signLate", TimelineCounts.Count.SIGN_LATE, null),
        HANDLE_MET("handleMet", TimelineCounts.Count.HANDLE_MET, null),
        HANDLE_LATE("handleLate", TimelineCounts.Count.HANDLE_LATE, null),
        RATED("rated", TimelineCounts.Count.RATED, null),
        RESOLVED("resolved", TimelineCounts.Count.RESOLVED, null),
        SATISFIED("satisfied", TimelineCounts.Count.SATISFIED, null),
        CONTACTED("contacted", TimelineCounts.Count.CONTACTED, null),
        UNRESOLVED("unresolved", TimelineCounts.Count.RATED, TimelineCounts.Count.RESOLVED),
        DISSATISFIED("dissatisfied", TimelineCounts.Count.RATED, TimelineCounts.Count.SATISFIED),
        NOT_CONTACTED("notContacted", TimelineCounts.Count.CONTACT_RATED, TimelineCounts.Count.CONTACTED),
        RETURNED("returned", TimelineCounts.Count.RETURNED, null),
        REPLIES("replies", TimelineCounts.Count.REPLIES, null),
        REHANDLED("rehandled", TimelineCounts.Count.REHANDLED, null),
        OVERDUE("overdue", TimelineCounts.Count.OVERDUE, null),
        TAKEN("taken", TimelineCounts.Count.TAKEN, null),
        ANSWERED_DIRECTLY("answeredDirectly", TimelineCounts.Count.ANSWERED_DIRECTLY, null);

        final String id;
        final TimelineCounts.Count count;
        final TimelineCounts.Count unless;

        Measure(String id, TimelineCounts.Count count, TimelineCounts.Count unless) {
            this.id = id;
            this.count = count;
            this.unless = unless;
        }

        public String id() {
            return id;
        }

        public static Measure parse(String id) {
            for (Measure m : values()) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
            return null;
        }

        /** The centre's own counts are not tied to an assignment of the centre. */
        boolean centreOnly() {
            return this == TAKEN || this == ANSWERED_DIRECTLY;
        }
    }

    /** The timeline actions that can move each count (what {@link TimelineCounts#deltas} switches on). */
    private static final Map<TimelineCounts.Count, Set<String>> ACTIONS = Map.ofEntries(
            Map.entry(TimelineCounts.Count.RECEIVED, Set.of("dispatch", "transfer", "sub-dispatch")),
            Map.entry(TimelineCounts.Count.SIGN_MET, Set.of("clock-met")),
            Map.entry(TimelineCounts.Count.SIGN_LATE, Set.of("clock-late")),
            Map.entry(TimelineCounts.Count.HANDLE_MET, Set.of("clock-met")),
            Map.entry(TimelineCounts.Count.HANDLE_LATE, Set.of("clock-late")),
            Map.entry(TimelineCounts.Count.RATED, Set.of("callback")),
            Map.entry(TimelineCounts.Count.CONTACT_RATED, Set.of("callback")),
            Map.entry(TimelineCounts.Count.CONTACTED, Set.of("callback")),
            Map.entry(TimelineCounts.Count.RESOLVED, Set.of("callback")),
            Map.entry(TimelineCounts.Count.SATISFIED, Set.of("callback")),
            Map.entry(TimelineCounts.Count.RETURNED, Set.of("return")),
            Map.entry(TimelineCounts.Count.REPLIES, Set.of("reply")),
            Map.entry(TimelineCounts.Count.REHANDLED, Set.of("reject-reply", "callback")),
            Map.entry(TimelineCounts.Count.OVERDUE, Set.of("clock-breached")),
            Map.entry(TimelineCounts.Count.TAKEN, Set.of("create")),
            Map.entry(TimelineCounts.Count.ANSWERED_DIRECTLY, Set.of("answer-directly")));

    /** One order behind the number: the event that counted, and enough of the order to recognise it. */
    public record Hit(long eventId, Instant at, long orderId, String number, String status, long categoryId,
                      Long areaId, String excerpt) {
    }

    /** A page of hits; {@code next} is the cursor for the following page, null at the end. */
    public record Page(List<Hit> hits, Long next, boolean scanLimited) {
    }

    /** Events read per round trip; a page stops early after {@link #MAX_SCANNED} events so a request stays bounded. */
    private static final int BATCH = 500;
    private static final int MAX_SCANNED = 20_000;

    private final ZoneId zone;

    public DrillDown(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * The events in {@code period} that moved {@code measure} for {@code unitId} (the centre's id for taken and
     * answered directly), oldest first, after event id {@code after}; excluded orders are left out as in the counts.
     */
    public Page find(DSLContext dsl, Period period, long unitId, long centreUnitId, Measure measure, long after,
                     int limit) {
        Instant from = period.from().atStartOfDay(zone).toInstant();
        Instant to = period.to().plusDays(1).atStartOfDay(zone).toInstant();
        TimelineCounts rule = new TimelineCounts(centreUnitId, zone);
        var e = WORK_ORDER_EVENT;
        Condition c = e.OCCURRED_AT.ge(from).and(e.OCCURRED_AT.lt(to)).and(e.ACTION.in(ACTIONS.get(measure.count)))
                .and(e.ORDER_ID.notIn(dsl.select(ASSESSMENT_EXCLUSION.ORDER_ID).from(ASSESSMENT_EXCLUSION)));
        if (!measure.centreOnly()) {
            // Every count of a unit is about an order it was assigned at some time: the unit's assignments narrow
            // the events to read from the whole centre's to the unit's own.
            c = c.and(e.ORDER_ID.in(dsl.select(WORK_ORDER_ASSIGNMENT.ORDER_ID).from(WORK_ORDER_ASSIGNMENT)
                    .where(WORK_ORDER_ASSIGNMENT.UNIT_ID.eq(unitId))));
        }
        List<Hit> hits = new ArrayList<>();
        long cursor = after;
        int scanned = 0;
        while (hits.size() < limit && scanned < MAX_SCANNED) {
            var rows = dsl.select(e.ID, e.OCCURRED_AT, e.ACTION, e.DETAILS, e.ORDER_ID, WORK_ORDER.NUMBER,
                            WORK_ORDER.STATUS, WORK_ORDER.CATEGORY_ID, WORK_ORDER.AREA_ID, WORK_ORDER.CONTENT,
                            WORK_ORDER.CONFIDENTIAL)
                    .from(e).join(WORK_ORDER).on(WORK_ORDER.ID.eq(e.ORDER_ID))
                    .where(c).and(e.ID.gt(cursor)).orderBy(e.ID).limit(BATCH).fetch();
            for (var r : rows) {
                cursor = r.value1();
                scanned++;
                JsonObject details = r.value4() == null ? null : new JsonObject(r.value4());
                List<TimelineCounts.Delta> deltas = rule.deltas(new TimelineCounts.Event(r.value2(), r.value3(),
                        details, null));
                boolean counts = deltas.stream().anyMatch(d -> d.unitId() == unitId && d.count() == measure.count);
                boolean unless = measure.unless != null && deltas.stream()
                        .anyMatch(d -> d.unitId() == unitId && d.count() == measure.unless);
                if (counts && !unless) {
                    hits.add(new Hit(r.value1(), r.value2(), r.value5(), r.value6(), r.value7(), r.value8(),
                            r.value9(), Boolean.TRUE.equals(r.value11()) ? null : excerpt(r.value10())));
                    if (hits.size() == limit) {
                        break;
                    }
                }
            }
            if (rows.size() < BATCH) {
                return new Page(hits, hits.size() == limit ? cursor : null, false);
            }
        }
        return new Page(hits, cursor, scanned >= MAX_SCANNED && hits.size() < limit);
    }

    private static String excerpt(String content) {
        if (content == null) {
            return null;
        }
        String s = content.strip().replaceAll("\\s+", " ");
        return s.codePointCount(0, s.length()) <= 60 ? s : s.substring(0, s.offsetByCodePoints(0, 60)) + "…";
    }
}
