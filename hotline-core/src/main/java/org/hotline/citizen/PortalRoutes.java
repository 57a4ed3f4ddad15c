package org.hotline.citizen;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;
import org.hotline.http.ProblemException;

/**
 * {@code /api/v1/public/…}: the portal's operations, open to anyone. Each is rate-limited per client address by its
 * {@code x-rate-limit} in the API document; per phone and per order number inside the service.
 */
public final class PortalRoutes implements ApiRouter.Routes {

    /** Made by the citizen's browser for each new request: a UUID, or anything of this shape. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{16,128}");

    private final Db db;
    private final PortalService portal;

    public PortalRoutes(Db db, PortalService portal) {
        this.db = db;
        this.portal = portal;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("portalForm", this::form)
                .handle("portalSmsCode", this::smsCode)
                .handle("portalPhotoUpload", this::upload)
                .handle("portalSubmit", this::submit)
                .handle("portalLookup", this::lookup)
                .handle("portalRate", this::rate)
                .handle("portalComplain", this::complain);
    }

    private void form(RoutingContext rc) {
        db.blocking(portal::form).onSuccess(form -> {
            // The choices change rarely; a browser may keep them a minute.
            rc.response().putHeader("Cache-Control", "public, max-age=60");
            Json.send(rc, 200, form);
        }).onFailure(rc::fail);
    }

    private void smsCode(RoutingContext rc) {
        String phone = Json.body(rc).getString("phone");
        Json.reply(rc, 202, db.blocking(() -> portal.sendCode(phone)));
    }

    private void upload(RoutingContext rc) {
        Buffer body = rc.body() == null ? null : rc.body().buffer();
        byte[] data = body == null ? new byte[0] : body.getBytes();
        Json.reply(rc, 201, db.blocking(() -> portal.upload(data)));
    }

    private void submit(RoutingContext rc) {
        String key = rc.request().getHeader("Idempotency-Key");
        if (key == null || !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw ProblemException.field("Idempotency-Key", "required: 16–128 letters, digits, '.', '_', ':' or "
                    + "'-', new for each request (the page makes one)");
        }
        JsonObject b = Json.body(rc);
        List<String> photos = new ArrayList<>();
        JsonArray given = b.getJsonArray("photos", new JsonArray());
        given.forEach(p -> photos.add(String.valueOf(p)));
        PortalService.Submission s = new PortalService.Submission(b.getString("type"), b.getLong("categoryId"),
                b.getLong("areaId"), b.getString("address"), b.getString("content"),
                b.getBoolean("anonymous", false), b.getString("name"), b.getString("phone"),
                b.getBoolean("confidential", false), b.getBoolean("consent", false), b.getString("consentVersion"),
                b.getString("smsCode"), photos);
        // The request as understood: the same fields in another order, or other whitespace, are the same request.
        String hash = PortalService.sha256(io.vertx.core.json.Json.encode(s).getBytes(StandardCharsets.UTF_8));
        db.blocking(() -> portal.submit(s, key, hash))
                .onSuccess(answer -> rc.response().setStatusCode(answer.status())
                        .putHeader("Content-Type", "application/json; charset=utf-8")
                        .end(answer.body()))
                .onFailure(rc::fail);
    }

    private void lookup(RoutingContext rc) {
        JsonObject b = Json.body(rc);
        PortalService.Proof proof = proof(b);
        String number = b.getString("number");
        Json.reply(rc, db.blocking(() -> portal.lookup(number, proof)));
    }

    private void rate(RoutingContext rc) {
        JsonObject b = Json.body(rc);
        String number = Json.pathParam(rc, "number");
        PortalService.Proof proof = proof(b);
        Boolean resolved = b.getBoolean("resolved");
        if (resolved == null) {
            throw ProblemException.field("resolved", "is required: was the problem solved?");
        }
        Json.reply(rc, db.blocking(() -> portal.rate(number, proof, resolved,
                b.getString("satisfaction"), b.getBoolean("contacted"), b.getString("comment"))));
    }

    private void complain(RoutingContext rc) {
        JsonObject b = Json.body(rc);
        String number = Json.pathParam(rc, "number");
        PortalService.Proof proof = proof(b);
        Json.reply(rc, 201, db.blocking(() -> portal.complain(number, proof, b.getString("content"))));
    }

    private static PortalService.Proof proof(JsonObject b) {
        return new PortalService.Proof(b.getString("pickupCode"), b.getString("phoneLastFour"));
    }
}
