package org.hotline.assessment;

import static org.hotline.db.generated.Tables.ASSESSMENT_JOURNAL;
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
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Select;
import org.jooq.Table;
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
        LocalDate firstWhole = from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
        // Exclusive: the first day after the last whole month.
        LocalDate afterWhole = to.equals(to.withDayOfMonth(to.lengthOfMonth())) ? to.plusDays(1) : to.withDayOfMonth(1);
        List<Select<Record>> parts = new ArrayList<>();
        if (firstWhole.isBefore(afterWhole)) {
            var m = ASSESSMENT_UNIT_MONTH;
            parts.add(sums(dsl, m, m.UNIT_ID, m.MONTH_START.ge(firstWhole).and(m.MONTH_START.lt(afterWhole))));
            if (from.isBefore(firstWhole)) {
                parts.add(days(dsl, from, firstWhole.minusDays(1)));
            }
            if (!afterWhole.isAfter(to)) {
                parts.add(days(dsl, afterWhole, to));
            }
        } else {
            parts.add(days(dsl, from, to));
        }
        // And what the fold has not moved into the rollups yet: all in one statement, so that it reads one snapshot
        // (a fold committing between two statements would have its counts read twice or not at all).
        var j = ASSESSMENT_JOURNAL;
        parts.add(sums(dsl, j, j.UNIT_ID, j.STAT_DATE.between(from, to)));
        Select<Record> all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            all = all.unionAll(parts.get(i));
        }
        var u = all.asTable("u");
        List<Field<?>> outer = new ArrayList<>();
        outer.add(u.field(0));
        for (int i = 1; i <= 16; i++) {
            outer.add(DSL.sum(u.field(i, Long.class)));
        }
        Map<Long, Indicators.Counts> out = new HashMap<>();
        for (Record r : dsl.select(outer).from(u).groupBy(u.field(0)).fetch()) {
            long[] v = new long[16];
            for (int i = 0; i < 16; i++) {
                Object x = r.get(i + 1);
                v[i] = x == null ? 0 : ((Number) x).longValue();
            }
            out.put(r.get(0, Long.class), new Indicators.Counts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
                    v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]));
        }
        return out;
    }

    private static Select<Record> days(DSLContext dsl, LocalDate from, LocalDate to) {
        var d = ASSESSMENT_UNIT_DAY;
        return sums(dsl, d, d.UNIT_ID, d.STAT_DATE.between(from, to));
    }

    /**
     * (unit, the 16 sums in the order of {@link Indicators.Counts}) per unit of {@code table}'s rows matching
     * {@code where}; the three tables share the count columns' names.
     */
    private static Select<Record> sums(DSLContext dsl, Table<?> table, Field<Long> unit, Condition where) {
        List<Field<?>> select = new ArrayList<>();
        select.add(unit.as("unit_id"));
        for (String c : COUNT_COLUMNS) {
            select.add(DSL.sum(table.field(c, Integer.class)).cast(Long.class).as(c));
        }
        return dsl.select(select).from(table).where(where).groupBy(unit);
    }

    /** The count columns of the assessment tables, in the order of {@link Indicators.Counts}. */
    private static final List<String> COUNT_COLUMNS = List.of("received", "sign_met", "sign_late", "handle_met",
            "handle_late", "rated", "contact_rated", "contacted", "resolved", "satisfied", "returned", "replies",
            "rehandled", "overdue", "taken", "answered_directly");

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
