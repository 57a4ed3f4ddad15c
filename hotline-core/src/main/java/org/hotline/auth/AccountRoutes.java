package org.hotline.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;

/** {@code /api/v1/users}: account administration for admins. */
public final class AccountRoutes implements ApiRouter.Routes {

    private final Db db;
    private final AccountService accounts;
    private final org.hotline.reference.ReferenceCache units;

    public AccountRoutes(Db db, AccountService accounts, org.hotline.reference.ReferenceCache units) {
        this.db = db;
        this.accounts = accounts;
        this.units = units;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("listUsers", this::list)
                .handle("createUser", this::create)
                .handle("updateUser", this::update)
                .handle("listUnitMembers", this::members);
    }

    private void list(RoutingContext rc) {
        Json.reply(rc, db.blocking(() -> Map.of("items",
                accounts.list().stream().map(StaffAccount::view).toList())));
    }

    private void create(RoutingContext rc) {
        JsonObject b = Json.body(rc);
        var a = new AccountService.NewAccount(b.getString("username"), b.getString("displayName"),
                b.getString("password"), strings(b.getJsonArray("roles")), b.getLong("unitId"));
        Principal actor = AuthGuard.principal(rc);
        var caller = AuthGuard.caller(rc);
        Json.reply(rc, 201, db.blocking(() -> accounts.create(actor, a, caller).view()));
    }

    private void update(RoutingContext rc) {
        long id = Json.pathLong(rc, "id");
        JsonObject b = Json.body(rc);
        var c = new AccountService.Change(b.getString("displayName"),
                b.containsKey("roles") ? strings(b.getJsonArray("roles")) : null,
                b.getLong("unitId"), b.containsKey("unitId") && b.getValue("unitId") == null,
                b.getBoolean("enabled"), b.getString("password"));
        Principal actor = AuthGuard.principal(rc);
        var caller = AuthGuard.caller(rc);
        Json.reply(rc, db.blocking(() -> accounts.update(actor, id, c, caller).view()));
    }

    private void members(RoutingContext rc) {
        long unitId = Json.pathLong(rc, "id");
        Principal p = AuthGuard.principal(rc);
        Json.reply(rc, db.blocking(() -> {
            boolean centre = p.roles().stream().anyMatch(Role::isCentre);
            if (!centre && (p.unitId() == null || !units.get().units().isSelfOrAbove(p.unitId(), unitId))) {
                throw org.hotline.http.ProblemException.notFound("No unit " + unitId + " within your scope.");
            }
            return Map.of("items", accounts.list().stream()
                    .filter(a -> a.enabled() && a.unitId() != null && a.unitId() == unitId)
                    .map(a -> Map.of("id", a.id(), "username", a.username(), "displayName", a.displayName(),
                            "roles", a.roles().stream().map(Role::id).sorted().toList()))
                    .toList());
        }));
    }

    private static List<String> strings(JsonArray a) {
        return a == null ? null : a.stream().map(String::valueOf).toList();
    }
}
