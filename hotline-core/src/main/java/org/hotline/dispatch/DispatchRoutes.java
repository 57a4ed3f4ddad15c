package org.hotline.dispatch;

import static org.hotline.db.generated.Tables.CATEGORY;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.hotline.auth.AuthGuard;
import org.hotline.auth.Principal;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;
import org.hotline.http.ProblemException;
import org.hotline.reference.ReferenceCache;

/** {@code /api/v1/dispatch-rules}: the dispatch catalogue, its suggestion for an order, and its upkeep by admins. */
public final class DispatchRoutes implements ApiRouter.Routes {

    private final Db db;
    private final DispatchCatalogue catalogue;
    private final ReferenceCache reference;
    private final Clock clock;

    public DispatchRoutes(Db db, DispatchCatalogue catalogue, ReferenceCache reference, Clock clock) {
        this.db = db;
        this.catalogue = catalogue;
        this.reference = reference;
        this.clock = clock;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("listDispatchRules", this::list)
                .handle("createDispatchRule", this::create)
                .handle("retireDispatchRule", this::retire)
                .handle("suggestDispatch", this::suggest);
    }

    private void list(RoutingContext rc) {
        boolean all = "true".equals(Json.query(rc, "includeRetired"));
        Json.reply(rc, db.read(dsl -> {
            JsonArray items = new JsonArray();
            catalogue.list(dsl, all ? null : clock.instant()).forEach(r -> items.add(json(r)));
            return new JsonObject().put("items", items);
        }));
    }

    private void create(RoutingContext rc) {
        Principal p = AuthGuard.principal(rc);
        JsonObject b = Json.body(rc);
        long categoryId = b.getLong("categoryId");
        Long areaId = b.getLong("areaId");
        long unitId = b.getLong("unitId");
        Instant validFrom = b.getString("validFrom") == null ? null : parse(b.getString("validFrom"), "validFrom");
        String note = b.getString("note");
        Json.reply(rc, 201, db.tx(dsl -> {
            // Reference data may reload from the database: checked here, on the worker, not on the event loop.
            ReferenceCache.Snapshot ref = reference.get();
            if (ref.category(categoryId).isEmpty()) {
                throw ProblemException.field("categoryId", "no category with id " + categoryId);
            }
            if (areaId != null && ref.area(areaId).isEmpty()) {
                throw ProblemException.field("areaId", "no area with id " + areaId);
            }
            var unit = ref.units().unit(unitId);
            if (unit.isEmpty() || !unit.get().active() || "center".equals(unit.get().kind())) {
                throw ProblemException.field("unitId", "no active handling unit with id " + unitId);
            }
            Instant now = clock.instant();
            long id = catalogue.add(dsl, categoryId, areaId, unitId, validFrom == null ? now : validFrom, note,
                    p.userId(), now);
            return json(catalogue.list(dsl, null).stream().filter(r -> r.id() == id).findFirst().orElseThrow());
        }));
    }

    private void retire(RoutingContext rc) {
        long id = Json.pathLong(rc, "id");
        Json.reply(rc, db.tx(dsl -> {
            if (!catalogue.retire(dsl, id, clock.instant())) {
                throw ProblemException.notFound("No rule " + id + " in force.");
            }
            return json(catalogue.list(dsl, null).stream().filter(r -> r.id() == id).findFirst().orElseThrow());
        }));
    }

    private void suggest(RoutingContext rc) {
        long categoryId = Long.parseLong(Json.query(rc, "categoryId"));
        String area = Json.query(rc, "areaId");
        Long areaId = area == null ? null : Long.valueOf(area);
        Json.reply(rc, db.read(dsl -> {
            if (!dsl.fetchExists(CATEGORY, CATEGORY.ID.eq(categoryId))) {
                throw ProblemException.field("categoryId", "no category with id " + categoryId);
            }
            var rule = catalogue.suggest(dsl, categoryId, areaId, clock.instant());
            return new JsonObject().put("rule", rule.map(this::json).orElse(null));
        }));
    }

    private JsonObject json(DispatchCatalogue.Rule r) {
        ReferenceCache.Snapshot ref = reference.get();
        return new JsonObject()
                .put("id", r.id())
                .put("category", ref.category(r.categoryId()).map(c -> new JsonObject().put("id", c.id())
                        .put("name", c.name()).put("path", c.path())).orElse(null))
                .put("area", r.areaId() == null ? null : ref.area(r.areaId()).map(a -> new JsonObject()
                        .put("id", a.id()).put("name", a.name()).put("path", a.path())).orElse(null))
                .put("unit", ref.units().unit(r.unitId()).map(u -> new JsonObject().put("id", u.id())
                        .put("name", u.name()).put("kind", u.kind())).orElse(null))
                .put("validFrom", r.validFrom().toString())
                .put("validTo", r.validTo() == null ? null : r.validTo().toString())
                .put("note", r.note());
    }

    private static Instant parse(String s, String field) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw ProblemException.field(field, "an ISO-8601 instant such as 2027-01-01T00:00:00Z");
        }
    }
}
