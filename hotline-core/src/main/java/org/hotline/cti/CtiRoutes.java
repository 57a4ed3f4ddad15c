package org.hotline.cti;

import static org.hotline.db.generated.Tables.WORK_ORDER;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Optional;
import org.hotline.audit.AuditEntry;
import org.hotline.audit.AuditLog;
import org.hotline.auth.AuthGuard;
import org.hotline.auth.AuthService;
import org.hotline.auth.Principal;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;
import org.hotline.http.ProblemException;
import org.hotline.workorder.Timeline;

/**
 * Telephony: call events from the PBX (authenticated by the integration's own token), the answering operator's
 * screen pop over the desk's event stream, the call log, and the missed-call callback list (漏接回拨).
 */
public final class CtiRoutes implements ApiRouter.Routes {

    public static final String TOKEN_HEADER = "X-Hotline-Cti-Token";

    private final Db db;
    private final CallStore calls;
    private final DeskEvents desk;
    private final AuditLog audit;
    private final Clock clock;
    private final Timeline timeline = new Timeline();

    public CtiRoutes(Db db, CallStore calls, DeskEvents desk, AuditLog audit, Clock clock) {
        this.db = db;
        this.calls = calls;
        this.desk = desk;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("ctiEvent", this::event)
                .handle("deskEvents", this::stream)
                .handle("listCalls", this::list)
                .handle("callBack", this::callBack)
                .handle("callOrder", this::callOrder)
                .handle("listCtiIntegrations", this::integrations)
                .handle("createCtiIntegration", this::createIntegration)
                .handle("deactivateCtiIntegration", this::deactivate);
    }

    /** From the PBX: applied, then the answering operator's console pops the caller and a pre-filled form. */
    private void event(RoutingContext rc) {
        String token = rc.request().getHeader(TOKEN_HEADER);
        CallEvent e = CallEvent.parse(Json.body(rc), clock.instant());
        db.tx(dsl -> {
            long integration = calls.integrationFor(dsl, token).orElseThrow(() ->
                    ProblemException.unauthorized("Send the integration's token in " + TOKEN_HEADER + "."));
            Long operator = null;
            if (e.operator() != null) {
                operator = calls.staffId(dsl, e.operator()).orElse(null);
                if (operator == null && e.kind() == CallEvent.Kind.ANSWER) {
                    throw ProblemException.field("operator", "no active staff account '" + e.operator() + "'");
                }
            }
            return calls.apply(dsl, integration, e, operator);
        }).onSuccess(call -> {
            if (call.operatorId() != null) {
                JsonObject data = json(call).put("event", e.kind().id());
                if (e.kind() == CallEvent.Kind.ANSWER) {
                    // Only the operator who answered gets the number: the intake form needs it.
                    data.put("caller", calls.callerNumber(call));
                }
                desk.send(call.operatorId(), "call", data);
            }
            Json.send(rc, 200, json(call));
        }).onFailure(rc::fail);
    }

    private void stream(RoutingContext rc) {
        desk.stream(rc, AuthGuard.principal(rc).userId());
    }

    private void list(RoutingContext rc) {
        String view = Optional.ofNullable(Json.query(rc, "view")).orElse("missed");
        Principal p = AuthGuard.principal(rc);
        Json.reply(rc, db.read(dsl -> {
            var list = switch (view) {
                case "missed" -> calls.missed(dsl, 200);
                case "mine" -> calls.recent(dsl, p.userId(), 50);
                default -> calls.recent(dsl, null, 200);
            };
            JsonArray items = new JsonArray();
            list.forEach(c -> items.add(json(c)));
            return new JsonObject().put("items", items).put("view", view);
        }));
    }

    /** A missed call called back: who, when, how it went. The number is revealed to the caller-back, audited. */
    private void callBack(RoutingContext rc) {
        long id = Json.pathLong(rc, "id");
        JsonObject b = Json.bodyOrEmpty(rc);
        boolean reveal = b.getBoolean("reveal", false);
        String note = b.getString("note");
        Principal p = AuthGuard.principal(rc);
        AuthService.Caller caller = AuthGuard.caller(rc);
        Json.reply(rc, db.tx(dsl -> {
            var call = calls.find(dsl, id, true).orElseThrow(() -> ProblemException.notFound("No call " + id));
            var now = clock.instant();
            if (reveal) {
                audit.append(dsl, new AuditEntry(null, now, p.userId(), p.username(), p.roleList(),
                        caller.address(), AuditLog.PII_REVEALED, "call_record", Long.toString(id), AuditEntry.SUCCESS,
                        "callback", caller.requestId()));
                return json(call).put("caller", calls.callerNumber(call));
            }
            if (!CallStore.MISSED.equals(call.state())) {
                throw ProblemException.conflict("Call " + id + " was not missed.");
            }
            if (call.callbackAt() != null) {
                throw ProblemException.conflict("Call " + id + " was already called back.");
            }
            calls.calledBack(dsl, id, p.userId(), note, now);
            return json(calls.find(dsl, id, false).orElseThrow());
        }));
    }

    /** The order taken on a call: the call is logged on the order's timeline. */
    private void callOrder(RoutingContext rc) {
        long id = Json.pathLong(rc, "id");
        Long orderId = Json.body(rc).getLong("orderId");
        if (orderId == null) {
            throw ProblemException.field("orderId", "required");
        }
        Principal p = AuthGuard.principal(rc);
        Json.reply(rc, db.tx(dsl -> {
            var call = calls.find(dsl, id, true).orElseThrow(() -> ProblemException.notFound("No call " + id));
            if (!dsl.fetchExists(WORK_ORDER, WORK_ORDER.ID.eq(orderId))) {
                throw ProblemException.field("orderId", "no order with id " + orderId);
            }
            calls.takenAs(dsl, id, orderId);
            String role = p.roles().stream().map(r -> r.id()).sorted().findFirst().orElse(null);
            timeline.append(dsl, new Timeline.Event(null, orderId, clock.instant(), p.userId(), p.displayName(), role,
                    p.unitId(), "call", null, null, null, json(call).put("orderId", orderId)));
            return json(calls.find(dsl, id, false).orElseThrow());
        }));
    }

    private void integrations(RoutingContext rc) {
        Json.reply(rc, db.read(dsl -> {
            JsonArray items = new JsonArray();
            calls.integrations(dsl).forEach(i -> items.add(new JsonObject().put("id", i.id()).put("name", i.name())
                    .put("active", i.active()).put("createdAt", i.createdAt().toString())));
            return new JsonObject().put("items", items);
        }));
    }

    private void createIntegration(RoutingContext rc) {
        String name = Json.body(rc).getString("name");
        if (name == null || name.isBlank() || name.length() > 100) {
            throw ProblemException.field("name", "required, at most 100 characters");
        }
        Principal p = AuthGuard.principal(rc);
        AuthService.Caller caller = AuthGuard.caller(rc);
        Json.reply(rc, 201, db.tx(dsl -> {
            var now = clock.instant();
            var created = calls.createIntegration(dsl, name.strip(), p.userId(), now);
            audit.append(dsl, new AuditEntry(null, now, p.userId(), p.username(), p.roleList(), caller.address(),
                    AuditLog.CTI_INTEGRATION_CREATED, "cti_integration", Long.toString(created.integration().id()),
                    AuditEntry.SUCCESS, name, caller.requestId()));
            return new JsonObject().put("id", created.integration().id()).put("name", name.strip())
                    .put("token", created.token())
                    .put("header", TOKEN_HEADER);
        }));
    }

    private void deactivate(RoutingContext rc) {
        long id = Json.pathLong(rc, "id");
        db.tx(dsl -> calls.deactivate(dsl, id)).onSuccess(done -> {
            if (done) {
                rc.response().setStatusCode(204).end();
            } else {
                rc.fail(ProblemException.notFound("No integration " + id));
            }
        }).onFailure(rc::fail);
    }

    private JsonObject json(CallStore.Call c) {
        return new JsonObject().put("id", c.id()).put("callId", c.callId()).put("callerMasked", c.callerMasked())
                .put("called", c.called()).put("state", c.state()).put("operatorId", c.operatorId())
                .put("startedAt", c.startedAt().toString())
                .put("answeredAt", c.answeredAt() == null ? null : c.answeredAt().toString())
                .put("endedAt", c.endedAt() == null ? null : c.endedAt().toString())
                .put("orderId", c.orderId())
                .put("callbackAt", c.callbackAt() == null ? null : c.callbackAt().toString())
                .put("callbackNote", c.callbackNote());
    }
}
