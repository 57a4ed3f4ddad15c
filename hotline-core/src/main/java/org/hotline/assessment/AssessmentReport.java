package org.hotline.assessment;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hotline.reference.UnitHierarchy;

/**
 * A period's assessment as published: every assessed unit's indicators, score and rank among its kind, the centre's
 * own figures, the totals over all units and the same totals for the period before. One model behind the JSON, the
 * CSV, the XLSX and the PDF, so the four cannot disagree. Plain Java: the numbers come in, nothing is read here.
 */
public record AssessmentReport(Period period, OffsetDateTime generatedAt, Indicators.Weights weights, List<Row> rows,
                               Centre centre, Indicators total, Indicators previousTotal) {

    /** The kinds ranked, in the order reports list them. */
    public static final List<String> KINDS = List.of("district_government", "street_office", "city_bureau",
            "enterprise");

    /** One unit's line. {@code kbStale}: its live knowledge-base articles overdue for review now (知识库维护). */
    public record Row(long unitId, String unitName, String unitKind, Indicators indicators, Integer rank,
                      int kbStale) {
    }

    /** The centre's line: orders taken and answered on the spot (直办). */
    public record Centre(Long unitId, long taken, long answeredDirectly, Double directAnswerRate) {
    }

    /**
     * Builds the report from summed counts per unit ({@link AssessmentRoutes#counts}) for the period and the one
     * before, and stale articles per owner unit.
     */
    public static AssessmentReport of(Period period, OffsetDateTime at, Indicators.Weights weights,
                                      UnitHierarchy units, Map<Long, Indicators.Counts> counts,
                                      Map<Long, Indicators.Counts> previous, Map<Long, Integer> kbStale) {
        List<Ranking.Row> ranked = new ArrayList<>();
        Indicators.Counts total = Indicators.Counts.ZERO;
        Indicators.Counts before = Indicators.Counts.ZERO;
        for (UnitHierarchy.Unit u : units.all()) {
            if (u.active() && KINDS.contains(u.kind())) {
                Indicators.Counts c = counts.getOrDefault(u.id(), Indicators.Counts.ZERO);
                ranked.add(new Ranking.Row(u.id(), u.name(), u.kind(), Indicators.of(c, weights), null));
                total = total.plus(c);
                before = before.plus(previous.getOrDefault(u.id(), Indicators.Counts.ZERO));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Ranking.Row r : Ranking.rank(ranked)) {
            rows.add(new Row(r.unitId(), r.unitName(), r.unitKind(), r.indicators(), r.rank(),
                    kbStale.getOrDefault(r.unitId(), 0)));
        }
        rows.sort(java.util.Comparator.comparingInt((Row r) -> KINDS.indexOf(r.unitKind()))
                .thenComparing(r -> r.rank() == null ? Integer.MAX_VALUE : r.rank()).thenComparing(Row::unitName));
        Centre centre = units.centre().map(u -> {
            Indicators.Counts c = counts.getOrDefault(u.id(), Indicators.Counts.ZERO);
            return new Centre(u.id(), c.taken(), c.answeredDirectly(), Indicators.rate(c.answeredDirectly(),
                    c.taken()));
        }).orElse(new Centre(null, 0, 0, null));
        return new AssessmentReport(period, at, weights, rows, centre, Indicators.of(total, weights),
                Indicators.of(before, weights));
    }

    /** The API's shape ({@code GET /api/v1/assessment}). */
    public JsonObject json() {
        JsonArray units = new JsonArray();
        for (Row r : rows) {
            units.add(indicators(r.indicators()).put("unitId", r.unitId()).put("unitName", r.unitName())
                    .put("unitKind", r.unitKind()).put("rank", r.rank()).put("kbStaleArticles", r.kbStale()));
        }
        return new JsonObject().put("period", period.label()).put("kind", period.kind().name().toLowerCase())
                .put("from", period.from().toString()).put("to", period.to().toString())
                .put("generatedAt", generatedAt.toString())
                .put("units", units)
                .put("centre", new JsonObject().put("unitId", centre.unitId()).put("taken", centre.taken())
                        .put("answeredDirectly", centre.answeredDirectly())
                        .put("directAnswerRate", centre.directAnswerRate()))
                .put("total", indicators(total)).put("previous", indicators(previousTotal)
                        .put("period", period.previous().label()))
                .put("weights", new JsonObject().put("response", weights.response())
                        .put("resolution", weights.resolution()).put("satisfaction", weights.satisfaction()));
    }

    private static JsonObject indicators(Indicators i) {
        Indicators.Counts c = i.counts();
        return new JsonObject().put("received", c.received())
                .put("onTimeSigningRate", i.onTimeSigningRate())
                .put("onTimeCompletionRate", i.onTimeCompletionRate())
                .put("responseRate", i.responseRate()).put("resolutionRate", i.resolutionRate())
                .put("satisfactionRate", i.satisfactionRate()).put("returnRate", i.returnRate())
                .put("rehandlingRate", i.rehandlingRate()).put("overdue", c.overdue()).put("rated", c.rated())
                .put("signLate", c.signLate()).put("handleLate", c.handleLate()).put("returned", c.returned())
                .put("rehandled", c.rehandled()).put("replies", c.replies())
                .put("unresolved", c.rated() - c.resolved()).put("dissatisfied", c.rated() - c.satisfied())
                .put("notContacted", c.contactRated() - c.contacted())
                .put("score", i.score());
    }
}
