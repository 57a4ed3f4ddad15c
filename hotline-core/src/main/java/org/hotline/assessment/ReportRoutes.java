package org.hotline.assessment;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
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
import org.hotline.kb.KbStore;
import org.hotline.reference.ReferenceCache;
import org.hotline.reference.UnitHierarchy;
import org.jooq.DSLContext;

/**
 * The published side of assessment: a period's indicators and ranking ({@code /assessment}), the same as a report
 * file (CSV, XLSX, PDF; each download audited as an export), the orders behind any number, and the score's weights.
 */
public final class ReportRoutes implements ApiRouter.Routes {

    private final Db db;
    private final ReferenceCache reference;
    private final AuditLog audit;
    private final Clock clock;
    private final ZoneId zone;
    private final AssessmentWeights weights = new AssessmentWeights();
    private final KbStore kb = new KbStore();
    private final DrillDown drill;

    public ReportRoutes(Db db, ReferenceCache reference, AuditLog audit, Clock clock, ZoneId zone) {
        this.db = db;
        this.reference = reference;
        this.audit = audit;
        this.clock = clock;
        this.zone = zone;
        this.drill = new DrillDown(zone);
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("assessment", this::assessment)
                .handle("assessmentReport", this::report)
                .handle("assessmentOrders", this::orders)
                .handle("assessmentWeights", this::getWeights)
                .handle("setAssessmentWeights", this::setWeights);
    }

    private static Period period(RoutingContext rc) {
        Period p = Period.parse(Json.query(rc, "period"));
        if (p == null) {
            throw ProblemException.field("period",
                    "a day 2026-03-05, a week 2026-W10, a month 2026-03, a quarter 2026-Q1 or a year 2026");
        }
        return p;
    }

    /** The report over the aggregates: two sums (the period and the one before) and the live KB figures. */
    private AssessmentReport build(DSLContext dsl, Period period) {
        Map<Long, Integer> stale = new HashMap<>();
        LocalDate today = LocalDate.now(clock.withZone(zone));
        kb.ownerStats(dsl, today).forEach(s -> {
            if (s.ownerUnitId() != null) {
                stale.put(s.ownerUnitId(), s.stale());
            }
        });
        Period before = period.previous();
        return AssessmentReport.of(period, clock.instant().atZone(zone).toOffsetDateTime(),
                weights.on(dsl, period.from()), reference.get().units(),
                AssessmentRoutes.counts(dsl, period.from(), period.to()),
                AssessmentRoutes.counts(dsl, before.from(), before.to()), stale);
    }

    private void assessment(RoutingContext rc) {
        Period period = period(rc);
        Json.reply(rc, db.read(dsl -> build(dsl, period).json()));
    }

    private void report(RoutingContext rc) {
        Period period = period(rc);
        String format = Json.query(rc, "format");
        if (format == null || !java.util.Set.of("csv", "xlsx", "pdf").contains(format)) {
            throw ProblemException.field("format", "csv, xlsx or pdf");
        }
        Principal p = AuthGuard.principal(rc);
        AuthService.Caller caller = AuthGuard.caller(rc);
        String centre = reference.get().units().centre().map(UnitHierarchy.Unit::name).orElse("12345热线");
        db.tx(dsl -> {
            AssessmentReport r = build(dsl, period);
            byte[] bytes = switch (format) {
                case "csv" -> ReportFiles.csv(r, centre);
                case "xlsx" -> ReportFiles.xlsx(r, centre);
                default -> ReportFiles.pdf(r, centre);
            };
            audit.append(dsl, new AuditEntry(null, clock.instant(), p.userId(), p.username(), p.roleList(),
                    caller.address(), AuditLog.REPORT_EXPORTED, "assessment_report", period.label(),
                    AuditEntry.SUCCESS, format, caller.requestId()));
            return Map.entry(ReportFiles.title(r, centre), bytes);
        }).onSuccess(file -> {
            String type = switch (format) {
                case "csv" -> "text/csv; charset=utf-8";
                case "xlsx" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                default -> "application/pdf";
            };
            String name = file.getKey().replace(' ', '-') + "." + format;
            // A PDF opens in the browser to be printed; the spreadsheets download.
            String disposition = format.equals("pdf") ? "inline" : "attachment";
            rc.response().putHeader("Content-Type", type)
                    .putHeader("Content-Disposition", disposition + "; filename=\"report." + format
                            + "\"; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                            .replace("+", "%20"))
                    .putHeader("Cache-Control", "no-store")
                    .end(Buffer.buffer(file.getValue()));
        }).onFailure(rc::fail);
    }

    private void orders(RoutingContext rc) {
        Period period = period(rc);
        DrillDown.Measure measure = DrillDown.Measure.parse(Json.query(rc, "measure"));
        if (measure == null) {
            throw ProblemException.field("measure", "one of " + java.util.Arrays.stream(DrillDown.Measure.values())
                    .map(DrillDown.Measure::id).toList());
        }
        UnitHierarchy units = reference.get().units();
        long centre = units.centre().map(UnitHierarchy.Unit::id).orElse(0L);
        String unitText = Json.query(rc, "unitId");
        long unitId;
        try {
            unitId = unitText == null ? centre : Long.parseLong(unitText);
        } catch (NumberFormatException e) {
            throw ProblemException.field("unitId", "a unit id");
        }
        if (units.unit(unitId).isEmpty()) {
            throw ProblemException.field("unitId", "no unit with id " + unitId);
        }
        long after = longQuery(rc, "after", 0);
        int limit = (int) Math.min(200, Math.max(1, longQuery(rc, "limit", 50)));
        Json.reply(rc, db.read(dsl -> {
            DrillDown.Page page = drill.find(dsl, period, unitId, centre, measure, after, limit);
            var cats = reference.get();
            JsonArray items = new JsonArray();
            for (DrillDown.Hit h : page.hits()) {
                items.add(new JsonObject().put("eventId", h.eventId())
                        .put("at", h.at().atZone(zone).toOffsetDateTime().toString())
                        .put("orderId", h.orderId()).put("number", h.number()).put("status", h.status())
                        .put("categoryId", h.categoryId()).put("category", cats.category(h.categoryId()).map(ReferenceCache.Node::path).orElse(null))
                        .put("areaId", h.areaId()).put("area", cats.area(h.areaId()).map(ReferenceCache.Node::name).orElse(null)).put("excerpt", h.excerpt()));
            }
            return new JsonObject().put("period", period.label()).put("unitId", unitId)
                    .put("unitName", units.name(unitId)).put("measure", measure.id()).put("items", items)
                    .put("next", page.next()).put("scanLimited", page.scanLimited());
        }));
    }

    private static long longQuery(RoutingContext rc, String name, long fallback) {
        String v = Json.query(rc, name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.field(name, "a whole number");
        }
    }

    private void getWeights(RoutingContext rc) {
        Json.reply(rc, db.read(dsl -> {
            LocalDate today = LocalDate.now(clock.withZone(zone));
            Indicators.Weights now = weights.on(dsl, today);
            JsonArray history = new JsonArray();
            UnitHierarchy units = reference.get().units();
            for (AssessmentWeights.Setting s : weights.history(dsl)) {
                history.add(weightsJson(s.weights()).put("effectiveFrom", YearMonth.from(s.effectiveFrom()).toString())
                        .put("reason", s.reason()).put("changedBy", s.changedBy())
                        .put("changedAt", s.changedAt().atZone(zone).toOffsetDateTime().toString()));
            }
            return weightsJson(now).put("defaults", weightsJson(Indicators.Weights.DEFAULT))
                    .put("history", history).put("unitsAssessed", units.all().stream()
                            .filter(u -> u.active() && AssessmentReport.KINDS.contains(u.kind())).count());
        }));
    }

    private static JsonObject weightsJson(Indicators.Weights w) {
        return new JsonObject().put("response", w.response()).put("resolution", w.resolution())
                .put("satisfaction", w.satisfaction());
    }

    private void setWeights(RoutingContext rc) {
        JsonObject b = Json.body(rc);
        Indicators.Weights w;
        try {
            w = new Indicators.Weights(b.getInteger("response"), b.getInteger("resolution"),
                    b.getInteger("satisfaction"));
        } catch (IllegalArgumentException e) {
            throw ProblemException.field("satisfaction", "response + resolution + satisfaction must be 100");
        }
        String reason = b.getString("reason");
        if (reason == null || reason.isBlank()) {
            throw ProblemException.field("reason", "required: the decision or rule behind the change");
        }
        LocalDate today = LocalDate.now(clock.withZone(zone));
        YearMonth from = YearMonth.from(today);
        if (b.getString("effectiveFrom") != null) {
            Period p = Period.parse(b.getString("effectiveFrom"));
            if (p == null || p.kind() != Period.Kind.MONTH) {
                throw ProblemException.field("effectiveFrom", "a month, like 2026-12");
            }
            from = YearMonth.from(p.from());
            // Rankings already published stay as published: a change applies to this month at the earliest.
            if (from.isBefore(YearMonth.from(today))) {
                throw ProblemException.field("effectiveFrom", "this month or a later one");
            }
        }
        Principal p = AuthGuard.principal(rc);
        AuthService.Caller caller = AuthGuard.caller(rc);
        YearMonth month = from;
        Json.reply(rc, db.tx(dsl -> {
            weights.set(dsl, w, month.atDay(1), reason.strip(), p.userId(), clock.instant());
            audit.append(dsl, new AuditEntry(null, clock.instant(), p.userId(), p.username(), p.roleList(),
                    caller.address(), AuditLog.ASSESSMENT_WEIGHTS_CHANGED, "assessment_weights", month.toString(),
                    AuditEntry.SUCCESS, w.response() + "/" + w.resolution() + "/" + w.satisfaction() + ": "
                    + reason.strip(), caller.requestId()));
            return weightsJson(w).put("effectiveFrom", month.toString());
        }));
    }
}
