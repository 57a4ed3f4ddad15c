package org.hotline.assessment;

import static org.hotline.db.generated.Tables.ASSESSMENT_UNIT_DAY;
import static org.hotline.db.generated.Tables.WORK_ORDER;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.audit.AuditEntry;
import org.hotline.audit.AuditLog;
import org.hotline.auth.AuthGuard;
import org.hotline.auth.AuthService;
import org.hotline.auth.Principal;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;
import org.hotline.http.ProblemException;
import org.hotline.reference.ReferenceCache;
import org.hotline.reference.UnitHierarchy;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * {@code /api/v1/assessment}: every unit's indicators for a period, summed from the daily aggregates, scored and
 * ranked within its kind; and reviewers' exclusions of orders judged unreasonable.
 */
public final class AssessmentRoutes implements ApiRouter.Routes {

    /** The kinds of unit that are assessed and ranked (the centre is assessed on direct answers only). */
    static final Set<String> RANKED = Set.of("district_government", "street_office", "city_bureau", "enterprise");

    private final Db db;
    private final ReferenceCache reference;
    private final AuditLog audit;
    private final Clock clock;
    private final AssessmentLedger ledger;

    public AssessmentRoutes(Db db, ReferenceCache reference, AuditLog audit, Clock clock, AssessmentLedger ledger) {
        this.db = db;
        this.reference = reference;
        this.audit = audit;
        this.clock = clock;
        this.ledger = ledger;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("assessment", this::assessment)
                .handle("excludeFromAssessment", this::exclude)
                .handle("includeInAssessment", this::include);
    }

    private void assessment(RoutingContext rc) {
        String raw = Json.query(rc, "period");
        Period period = Period.parse(raw);
        if (period == null) {
            throw ProblemException.field("period", "a month 2026-03, a quarter 2026-Q1 or a year 2026");
        }
        Json.reply(rc, db.read(dsl -> {
            Map<Long, Indicators.Counts> counts = counts(dsl, period.from(), period.to());
            UnitHierarchy units = reference.get().units();
            List<Ranking.Row> rows = new ArrayList<>();
            for (UnitHierarchy.Unit u : units.all()) {
                if (u.active() && RANKED.contains(u.kind())) {
                    rows.add(new Ranking.Row(u.id(), u.name(), u.kind(), Indicators.of(counts.getOrDefault(u.id(),
                            Indicators.Counts.ZERO), Indicators.Weights.DEFAULT), null));
                }
            }
            JsonArray out = new JsonArray();
            for (Ranking.Row r : Ranking.rank(rows)) {
                Indicators i = r.indicators();
                Indicators.Counts c = i.counts();
                out.add(new JsonObject().put("unitId", r.unitId()).put("unitName", r.unitName())
                        .put("unitKind", r.unitKind()).put("received", c.received())
                        .put("onTimeSigningRate", i.onTimeSigningRate())
                        .put("onTimeCompletionRate", i.onTimeCompletionRate())
                        .put("responseRate", i.responseRate()).put("resolutionRate", i.resolutionRate())
                        .put("satisfactionRate", i.satisfactionRate()).put("returnRate", i.returnRate())
                        .put("rehandlingRate", i.rehandlingRate()).put("overdue", c.overdue())
                        .put("rated", c.rated()).put("score", i.score()).put("rank", r.rank()));
            }
            JsonObject centre = new JsonObject();
            counts.forEach((unitId, c) -> units.unit(unitId).filter(u -> "center".equals(u.kind())).ifPresent(u ->
                    centre.put("unitId", u.id()).put("taken", c.taken()).put("answeredDirectly", c.answeredDirectly())
                            .put("directAnswerRate", Indicators.of(c, Indicators.Weights.DEFAULT)
                                    .directAnswerRate())));
            Indicators.Weights w = Indicators.Weights.DEFAULT;
            return new JsonObject().put("period", period.label()).put("from", period.from().toString())
                    .put("to", period.to().toString()).put("units", out).put("centre", centre)
                    .put("weights", new JsonObject().put("response", w.response()).put("resolution", w.resolution())
                            .put("satisfaction", w.satisfaction()));
        }));
    }

    /**
     * Sums of the daily aggregates per unit over [from, to], from the unit × day rollup: one range of its clustered
     * key, units × days rows (a month for 400 units: 12,400), whatever the number of orders.
     */
    public static Map<Long, Indicators.Counts> counts(DSLContext dsl, LocalDate from, LocalDate to) {
        var d = ASSESSMENT_UNIT_DAY;
        Map<Long, Indicators.Counts> out = new HashMap<>();
        dsl.select(d.UNIT_ID, DSL.sum(d.RECEIVED), DSL.sum(d.SIGN_MET), DSL.sum(d.SIGN_LATE), DSL.sum(d.HANDLE_MET),
                        DSL.sum(d.HANDLE_LATE), DSL.sum(d.RATED), DSL.sum(d.CONTACT_RATED), DSL.sum(d.CONTACTED),
                        DSL.sum(d.RESOLVED), DSL.sum(d.SATISFIED), DSL.sum(d.RETURNED), DSL.sum(d.REPLIES),
                        DSL.sum(d.REHANDLED), DSL.sum(d.OVERDUE), DSL.sum(d.TAKEN), DSL.sum(d.ANSWERED_DIRECTLY))
                .from(d).where(d.STAT_DATE.between(from, to)).groupBy(d.UNIT_ID)
                .forEach(r -> {
                    long[] v = new long[16];
                    for (int i = 0; i < 16; i++) {
                        Object x = r.get(i + 1);
                        v[i] = x == null ? 0 : ((Number) x).longValue();
                    }
                    out.put(r.value1(), new Indicators.Counts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8],
                            v[9], v[10], v[11], v[12], v[13], v[14], v[15]));
                });
        return out;
    }

    private void exclude(RoutingContext rc) {
        JsonObject b = Json.body(rc);
        Long orderId = b.getLong("orderId");
        String reason = b.getString("reason");
        if (orderId == null) {
            throw ProblemException.field("orderId", "required");
        }
        if (reason == null || reason.isBlank()) {
            throw ProblemException.field("reason", "required: why the order does not count");
        }
        Principal p = AuthGuard.principal(rc);
        AuthService.Caller caller = AuthGuard.caller(rc);
        db.tx(dsl -> {
            if (!dsl.fetchExists(WORK_ORDER, WORK_ORDER.ID.eq(orderId))) {
                throw ProblemException.field("orderId", "no order with id " + orderId);
            }
            var now = clock.instant();
            if (!ledger.exclude(dsl, orderId, reason.strip(), p.userId(), now)) {
                throw ProblemException.conflict("Order " + orderId + " is already excluded.");
            }
            audit.append(dsl, new AuditEntry(null, now, p.userId(), p.username(), p.roleList(), caller.address(),
                    AuditLog.ASSESSMENT_EXCLUDED, "work_order", Long.toString(orderId), AuditEntry.SUCCESS,
                    reason.strip(), caller.requestId()));
            return null;
        }).onSuccess(x -> rc.response().setStatusCode(204).end()).onFailure(rc::fail);
    }

    private void include(RoutingContext rc) {
        long orderId = Json.pathLong(rc, "orderId");
        Principal p = AuthGuard.principal(rc);
        AuthService.Caller caller = AuthGuard.caller(rc);
        db.tx(dsl -> {
            if (!ledger.include(dsl, orderId)) {
                throw ProblemException.notFound("Order " + orderId + " is not excluded.");
            }
            audit.append(dsl, new AuditEntry(null, clock.instant(), p.userId(), p.username(), p.roleList(),
                    caller.address(), AuditLog.ASSESSMENT_EXCLUDED, "work_order", Long.toString(orderId),
                    AuditEntry.SUCCESS, "included again", caller.requestId()));
            return null;
        }).onSuccess(x -> rc.response().setStatusCode(204).end()).onFailure(rc::fail);
    }
}
