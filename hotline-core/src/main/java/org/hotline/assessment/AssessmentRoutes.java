package org.hotline.assessment;

import static org.hotline.db.generated.Tables.ASSESSMENT_UNIT_DAY;
import static org.hotline.db.generated.Tables.ASSESSMENT_UNIT_MONTH;
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
     * Sums of the daily aggregates per unit over [from, to]: the whole calendar months inside the range from the unit ×
     * month rollup (one row per unit and month: a month for 400 units is 400 rows, a year 4,800), the days before and
     * after them from the unit × day rollup (a week for 400 units: 2,800 rows), whatever the number of orders. Summing
     * a month's day rows instead took 15–20 ms at 350 units on two cores (16 sums over ~10,500 rows).
     */
    public static Map<Long, Indicators.Counts> counts(DSLContext dsl, LocalDate from, LocalDate to) {
        Map<Long, long[]> sums = new HashMap<>();
        LocalDate firstWhole = from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
        // Exclusive: the first day after the last whole month.
        LocalDate afterWhole = to.equals(to.withDayOfMonth(to.lengthOfMonth())) ? to.plusDays(1) : to.withDayOfMonth(1);
        if (firstWhole.isBefore(afterWhole)) {
            var m = ASSESSMENT_UNIT_MONTH;
            add(sums, dsl.select(m.UNIT_ID, DSL.sum(m.RECEIVED), DSL.sum(m.SIGN_MET), DSL.sum(m.SIGN_LATE),
                            DSL.sum(m.HANDLE_MET), DSL.sum(m.HANDLE_LATE), DSL.sum(m.RATED), DSL.sum(m.CONTACT_RATED),
                            DSL.sum(m.CONTACTED), DSL.sum(m.RESOLVED), DSL.sum(m.SATISFIED), DSL.sum(m.RETURNED),
                            DSL.sum(m.REPLIES), DSL.sum(m.REHANDLED), DSL.sum(m.OVERDUE), DSL.sum(m.TAKEN),
                            DSL.sum(m.ANSWERED_DIRECTLY))
                    .from(m).where(m.MONTH_START.ge(firstWhole)).and(m.MONTH_START.lt(afterWhole)).groupBy(m.UNIT_ID)
                    .fetch());
            if (from.isBefore(firstWhole)) {
                addDays(sums, dsl, from, firstWhole.minusDays(1));
            }
            if (!afterWhole.isAfter(to)) {
                addDays(sums, dsl, afterWhole, to);
            }
        } else {
            addDays(sums, dsl, from, to);
        }
        Map<Long, Indicators.Counts> out = new HashMap<>();
        sums.forEach((unit, v) -> out.put(unit, new Indicators.Counts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
                v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15])));
        return out;
    }

    private static void addDays(Map<Long, long[]> sums, DSLContext dsl, LocalDate from, LocalDate to) {
        var d = ASSESSMENT_UNIT_DAY;
        add(sums, dsl.select(d.UNIT_ID, DSL.sum(d.RECEIVED), DSL.sum(d.SIGN_MET), DSL.sum(d.SIGN_LATE),
                        DSL.sum(d.HANDLE_MET), DSL.sum(d.HANDLE_LATE), DSL.sum(d.RATED), DSL.sum(d.CONTACT_RATED),
                        DSL.sum(d.CONTACTED), DSL.sum(d.RESOLVED), DSL.sum(d.SATISFIED), DSL.sum(d.RETURNED),
                        DSL.sum(d.REPLIES), DSL.sum(d.REHANDLED), DSL.sum(d.OVERDUE), DSL.sum(d.TAKEN),
                        DSL.sum(d.ANSWERED_DIRECTLY))
                .from(d).where(d.STAT_DATE.between(from, to)).groupBy(d.UNIT_ID).fetch());
    }

    /** Adds rows of (unit, 16 sums) to the sums per unit. */
    private static void add(Map<Long, long[]> sums, org.jooq.Result<? extends org.jooq.Record> rows) {
        for (org.jooq.Record r : rows) {
            long[] v = sums.computeIfAbsent(r.get(0, Long.class), u -> new long[16]);
            for (int i = 0; i < 16; i++) {
                Object x = r.get(i + 1);
                v[i] += x == null ? 0 : ((Number) x).longValue();
            }
        }
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
