package org.hotline.workorder;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.hotline.auth.AuthGuard;
import org.hotline.auth.Principal;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;
import org.hotline.http.Problem;
import org.hotline.http.ProblemException;

/** {@code /api/v1/work-orders}: intake, actions, reading, inboxes and the caller's contact. */
public final class WorkOrderRoutes implements ApiRouter.Routes {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern VERSION = Pattern.compile("(?:W/)?\"?(\\d{1,9})\"?");

    private final Db db;
    private final WorkOrderService orders;
    private final WorkOrderQueries queries;
    /** Keys whose first request is running on this node: a duplicate gets 409 at once instead of waiting. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /** Intakes grouped into shared transactions; null: each in its own. */
    private final IntakeGroup group;

    public WorkOrderRoutes(Db db, WorkOrderService orders, WorkOrderQueries queries) {
        this(db, orders, queries, null);
    }

    public WorkOrderRoutes(Db db, WorkOrderService orders, WorkOrderQueries queries, IntakeGroup group) {
        this.group = group;
        this.db = db;
        this.orders = orders;
        this.queries = queries;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("createWorkOrder", this::create)
                .handle("listWorkOrders", this::list)
                .handle("workOrderInbox", this::inbox)
                .handle("getWorkOrder", this::get)
                .handle("performWorkOrderAction", this::perform)
                .handle("revealCitizenContact", this::reveal)
                .handle("callerHistory", this::callerHistory)
                .handle("linkWorkOrder", this::link)
                .handle("unlinkWorkOrder", this::unlink)
                .handle("getWorkOrderPhoto", this::photo)
                .handle("requestCitizenRating", this::askForRating);
    }

    private void photo(RoutingContext rc) {
        db.blocking(() -> orders.photo(AuthGuard.principal(rc), Json.pathLong(rc, "id"), Json.pathLong(rc, "photoId")))
                .onSuccess(p -> rc.response().putHeader("Content-Type", p.contentType())
                        .putHeader("Cache-Control", "private, max-age=86400")
                        .end(io.vertx.core.buffer.Buffer.buffer(p.data())))
                .onFailure(rc::fail);
    }

    private void askForRating(RoutingContext rc) {
        Json.reply(rc, 202, db.blocking(() -> orders.askForRating(AuthGuard.principal(rc), Json.pathLong(rc, "id"))));
    }

    private void create(RoutingContext rc) {
        Principal p = AuthGuard.principal(rc);
        JsonObject b = Json.body(rc);
        WorkOrderService.CreateCommand command = command(b);
        String key = rc.request().getHeader("Idempotency-Key");
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw ProblemException.field("Idempotency-Key", "1–128 letters, digits, '.', '_', ':' or '-'");
        }
        // The request as understood, not as spelled: the same order with its fields in another order is the same.
        String hash = sha256(io.vertx.core.json.Json.encode(command));
        String runningKey = p.userId() + ":" + key;
        if (key != null && !running.add(runningKey)) {
            throw new ProblemException(new Problem("idempotency-in-progress", "Request in progress", 409,
                    "The first request with this Idempotency-Key is still running; retry shortly."), 1);
        }
        io.vertx.core.Context context = rc.vertx().getOrCreateContext();
        (group == null ? db.blocking(() -> orders.create(p, command, key, hash))
                : db.blocking(() -> group.submit(new WorkOrderService.Intake(p, command, key, hash)))
                        .compose(answer -> io.vertx.core.Future.fromCompletionStage(answer, context)))
                .onComplete(ar -> {
                    if (key != null) {
                        running.remove(runningKey);
                    }
                })
                .onSuccess(answer -> {
                    JsonObject view = new JsonObject(answer.body());
                    rc.response()
                            .setStatusCode(answer.status())
                            .putHeader("Content-Type", "application/json; charset=utf-8")
                            .putHeader("ETag", etag(view.getInteger("version")))
                            .putHeader("Location", "/api/v1/work-orders/" + view.getLong("id"))
                            .end(answer.body());
                })
                .onFailure(rc::fail);
    }

    static WorkOrderService.CreateCommand command(JsonObject b) {
        JsonObject citizen = b.getJsonObject("citizen");
        if (citizen == null) {
            citizen = new JsonObject();
        }
        return new WorkOrderService.CreateCommand(
                Channel.parse(b.getString("channel")),
                OrderType.parse(b.getString("type")),
                Urgency.parse(b.getString("urgency")),
                b.getLong("categoryId"),
                b.getLong("areaId"),
                b.getString("address"),
                b.getString("content"),
                decimal(b.getValue("latitude")),
                decimal(b.getValue("longitude")),
                b.getBoolean("confidential", false),
                citizen.getString("name"),
                citizen.getString("phone"));
    }

    private void perform(RoutingContext rc) {
        Principal p = AuthGuard.principal(rc);
        long id = Json.pathLong(rc, "id");
        String actionId = Json.pathParam(rc, "action");
        OrderAction action = OrderAction.parse(actionId).orElseThrow(() -> ProblemException.notFound(
                "There is no action '" + actionId + "'."));
        int version = ifMatch(rc);
        JsonObject body = Json.bodyOrEmpty(rc);
        var caller = AuthGuard.caller(rc);
        db.blocking(() -> orders.perform(p, id, action, version, body, caller))
                .onSuccess(view -> sendOrder(rc, view))
                .onFailure(rc::fail);
    }

    private void get(RoutingContext rc) {
        Principal p = AuthGuard.principal(rc);
        long id = Json.pathLong(rc, "id");
        db.blocking(() -> orders.get(p, id)).onSuccess(view -> sendOrder(rc, view)).onFailure(rc::fail);
    }

    private void link(RoutingContext rc) {
        Principal p = AuthGuard.principal(rc);
        long id = Json.pathLong(rc, "id");
        Long other = Json.body(rc).getLong("orderId");
        if (other == null) {
            throw ProblemException.field("orderId", "required: the order to link to");
        }
        Json.reply(rc, db.blocking(() -> orders.link(p, id, other, true)));
    }

    private void unlink(RoutingContext rc) {
        Principal p = AuthGuard.principal(rc);
        long id = Json.pathLong(rc, "id");
        long other = Json.pathLong(rc, "linkedId");
        Json.reply(rc, db.blocking(() -> orders.link(p, id, other, false)));
    }

    private void list(RoutingContext rc) {
        Principal p = AuthGuard.principal(rc);
        WorkOrderQueries.Filter filter = filter(rc, null);
        Json.reply(rc, db.blocking(() -> queries.list(p, filter)));
    }

    private void inbox(RoutingContext rc) {
        Principal p = AuthGuard.principal(rc);
        Json.reply(rc, db.blocking(() -> queries.inbox(p)));
    }

    private void callerHistory(RoutingContext rc) {
        Principal p = AuthGuard.principal(rc);
        String phone = Json.query(rc, "phone");
        WorkOrderQueries.Filter filter = filter(rc, phone);
        Json.reply(rc, db.blocking(() -> queries.list(p, filter)));
    }

    private void reveal(RoutingContext rc) {
        Principal p = AuthGuard.principal(rc);
        long id = Json.pathLong(rc, "id");
        JsonObject b = Json.body(rc);
        var caller = AuthGuard.caller(rc);
        Json.reply(rc, db.blocking(() -> orders.revealContact(p, id, b.getString("reason"), b.getString("note"),
                caller)));
    }

    private static WorkOrderQueries.Filter filter(RoutingContext rc, String phone) {
        String box = Json.query(rc, "box");
        String status = Json.query(rc, "status");
        String limit = Json.query(rc, "limit");
        String after = Json.query(rc, "after");
        return new WorkOrderQueries.Filter(
                box == null ? null : WorkOrderQueries.Box.parse(box),
                status == null ? null : Arrays.stream(status.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .toList(),
                longOrNull(Json.query(rc, "unitId")),
                longOrNull(Json.query(rc, "categoryId")),
                longOrNull(Json.query(rc, "areaId")),
                Json.query(rc, "channel"),
                Json.query(rc, "type"),
                Json.query(rc, "urgency"),
                Json.query(rc, "overdue") == null ? null : Boolean.valueOf(Json.query(rc, "overdue")),
                instant(rc, "createdFrom"),
                instant(rc, "createdTo"),
                Json.query(rc, "q"),
                phone,
                limit == null ? 50 : Integer.parseInt(limit),
                longOrNull(after),
                Json.query(rc, "sort"));
    }

    private static Long longOrNull(String s) {
        return s == null ? null : Long.valueOf(s);
    }

    private static Instant instant(RoutingContext rc, String name) {
        String s = Json.query(rc, name);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw ProblemException.field(name, "an ISO-8601 instant such as 2026-11-25T08:00:00Z");
        }
    }

    /** The order version the client read: {@code If-Match: "3"} (or W/"3", or 3). Required for every action. */
    static int ifMatch(RoutingContext rc) {
        String header = rc.request().getHeader("If-Match");
        if (header == null || header.isBlank()) {
            throw new ProblemException(new Problem("precondition-required", "Precondition required", 428,
                    "Send If-Match with the order's version (its ETag), so that changes made meanwhile are not "
                            + "overwritten."));
        }
        var m = VERSION.matcher(header.trim());
        if (!m.matches()) {
            throw ProblemException.field("If-Match", "the order's version, e.g. \"3\"");
        }
        return Integer.parseInt(m.group(1));
    }

    private static void sendOrder(RoutingContext rc, JsonObject view) {
        rc.response()
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("ETag", etag(view.getInteger("version")))
                .end(view.encode());
    }

    static String etag(Integer version) {
        return "\"" + version + "\"";
    }

    private static BigDecimal decimal(Object v) {
        return v instanceof Number n ? new BigDecimal(n.toString()) : null;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
