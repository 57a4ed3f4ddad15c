package org.hotline.assessment;

import static org.hotline.db.generated.Tables.ASSESSMENT_UNIT_DAY;
import static org.hotline.db.generated.Tables.WORK_ORDER;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
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
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Reviewers' exclusions of orders judged unreasonable, and the sums of the daily aggregates that every published
 * figure reads ({@link ReportRoutes}).
 */
public final class AssessmentRoutes implements ApiRouter.Routes {

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
        ops.handle("excludeFromAssessment", this::exclude)
                .handle("includeInAssessment", this::include);
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
