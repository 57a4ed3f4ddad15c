package org.hotline.assist;

import static org.hotline.db.generated.Tables.CITIZEN;
import static org.hotline.db.generated.Tables.WORK_ORDER;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hotline.citizen.CitizenRepository;
import org.hotline.db.Db;
import org.hotline.dispatch.DispatchCatalogue;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;
import org.hotline.http.ProblemException;
import org.hotline.kb.DispatchSuggester;
import org.hotline.kb.OrderIndex;
import org.hotline.reference.ReferenceCache;
import org.hotline.workorder.OrderStatus;
import org.jooq.Record;

/**
 * {@code /api/v1/assist/…}: what the desk shows while the operator types — recent orders that look like the same
 * problem, and the category and unit to dispatch to, each with its reasons.
 */
public final class AssistRoutes implements ApiRouter.Routes {

    private static final int DEFAULT_DAYS = 60;
    private static final double NEARBY_METRES = 300;

    private final Db db;
    private final OrderSearch orders;
    private final DispatchCatalogue catalogue;
    private final ReferenceCache reference;
    private final CitizenRepository citizens;
    private final Clock clock;

    public AssistRoutes(Db db, OrderSearch orders, DispatchCatalogue catalogue, ReferenceCache reference,
                        CitizenRepository citizens, Clock clock) {
        this.db = db;
        this.orders = orders;
        this.catalogue = catalogue;
        this.reference = reference;
        this.citizens = citizens;
        this.clock = clock;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("assistSimilar", this::similar).handle("assistDispatch", this::dispatch);
    }

    private void similar(RoutingContext rc) {
        JsonObject b = Json.body(rc);
        String content = b.getString("content", "");
        String address = b.getString("address");
        String phone = b.getString("phone");
        Double lat = b.getDouble("latitude");
        Double lon = b.getDouble("longitude");
        Long categoryId = b.getLong("categoryId");
        Long exclude = b.getLong("excludeId");
        int days = b.getInteger("days", DEFAULT_DAYS);
        int limit = b.getInteger("limit", 5);
        if (content.isBlank() && (address == null || address.isBlank()) && (phone == null || phone.isBlank())
                && lat == null) {
            throw ProblemException.field("content", "say what the problem is (or give the address or phone)");
        }
        Json.reply(rc, db.blocking(() -> {
            var ref = reference.get();
            String callerKey = phone == null || phone.isBlank() ? null : citizens.phoneHash(phone);
            long since = clock.instant().minus(Duration.ofDays(days)).getEpochSecond();
            OrderIndex.Candidates c = orders.index().similar(content, address, lat, lon, callerKey, since,
                    NEARBY_METRES, 20);
            Set<Long> ids = new LinkedHashSet<>();
            for (List<OrderIndex.Neighbour> list : List.of(c.caller(), c.text(), c.address(), c.nearby())) {
                list.forEach(n -> ids.add(Long.parseLong(n.id())));
            }
            if (exclude != null) {
                ids.remove(exclude);
            }
            Map<Long, Record> rows = rows(ids);
            String categoryCode = categoryId == null ? null
                    : ref.category(categoryId).map(ReferenceCache.Node::code).orElse(null);
            List<SimilarOrders.Candidate> candidates = new ArrayList<>();
            for (Record r : rows.values()) {
                var blat = r.get(WORK_ORDER.LATITUDE);
                var blon = r.get(WORK_ORDER.LONGITUDE);
                candidates.add(new SimilarOrders.Candidate(r.get(WORK_ORDER.ID), r.get(WORK_ORDER.CONTENT),
                        r.get(WORK_ORDER.ADDRESS), blat == null ? null : blat.doubleValue(),
                        blon == null ? null : blon.doubleValue(), r.get(CITIZEN.PHONE_HASH),
                        ref.category(r.get(WORK_ORDER.CATEGORY_ID)).map(ReferenceCache.Node::code).orElse(null)));
            }
            var matches = SimilarOrders.rank(new SimilarOrders.Query(content, address, lat, lon, callerKey,
                    categoryCode), candidates, limit);
            JsonArray items = new JsonArray();
            for (SimilarOrders.Match m : matches) {
                Record r = rows.get(m.order().id());
                OrderStatus status = OrderStatus.parse(r.get(WORK_ORDER.STATUS)).orElse(OrderStatus.ACCEPTED);
                boolean confidential = Boolean.TRUE.equals(r.get(WORK_ORDER.CONFIDENTIAL));
                String text = confidential ? null : r.get(WORK_ORDER.CONTENT);
                JsonArray reasons = new JsonArray();
                m.reasons().forEach(x -> reasons.add(new JsonObject().put("kind", x.kind()).put("value", x.value())
                        .put("text", reasonText(x))));
                items.add(new JsonObject().put("id", m.order().id()).put("number", r.get(WORK_ORDER.NUMBER))
                        .put("status", status.name()).put("statusName", status.chineseName())
                        .put("createdAt", r.get(WORK_ORDER.CREATED_AT).toString())
                        .put("content", text == null ? null : text.length() > 200 ? text.substring(0, 200) + "…" : text)
                        .put("confidential", confidential)
                        .put("address", confidential ? null : r.get(WORK_ORDER.ADDRESS))
                        .put("categoryName", ref.category(r.get(WORK_ORDER.CATEGORY_ID)).map(ReferenceCache.Node::path)
                                .orElse(null))
                        .put("leadUnit", r.get(WORK_ORDER.LEAD_UNIT_ID) == null ? null
                                : ref.units().name(r.get(WORK_ORDER.LEAD_UNIT_ID)))
                        .put("score", m.score()).put("reasons", reasons)
                        .put("canMergeInto", status != OrderStatus.MERGED && status != OrderStatus.CLOSED));
            }
            return new JsonObject().put("items", items).put("days", days);
        }));
    }

    private static String reasonText(SimilarOrders.Reason r) {
        return switch (r.kind()) {
            case "same-caller" -> "same caller";
            case "nearby" -> Math.round(r.value()) + " m away";
            case "same-place" -> "same place (address " + Math.round(r.value() * 100) + "% alike)";
            case "similar-text" -> "similar description (" + Math.round(r.value() * 100) + "% alike)";
            case "same-category" -> "same category";
            default -> r.kind();
        };
    }

    private Map<Long, Record> rows(Set<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return db.database().dsl().select(WORK_ORDER.ID, WORK_ORDER.NUMBER, WORK_ORDER.STATUS, WORK_ORDER.CONTENT,
                        WORK_ORDER.ADDRESS, WORK_ORDER.LATITUDE, WORK_ORDER.LONGITUDE, WORK_ORDER.CATEGORY_ID,
                        WORK_ORDER.LEAD_UNIT_ID, WORK_ORDER.CREATED_AT, WORK_ORDER.CONFIDENTIAL, CITIZEN.PHONE_HASH)
                .from(WORK_ORDER).leftJoin(CITIZEN).on(CITIZEN.ID.eq(WORK_ORDER.CITIZEN_ID))
                .where(WORK_ORDER.ID.in(ids))
                .fetch().stream().collect(Collectors.toMap(r -> r.get(WORK_ORDER.ID), r -> r, (a, x) -> a,
                        java.util.LinkedHashMap::new));
    }

    private void dispatch(RoutingContext rc) {
        JsonObject b = Json.body(rc);
        String content = b.getString("content");
        if (content == null || content.isBlank()) {
            throw ProblemException.field("content", "required: the description to suggest for");
        }
        String address = b.getString("address");
        Long areaId = b.getLong("areaId");
        Long exclude = b.getLong("excludeId");
        int limit = b.getInteger("limit", 5);
        Json.reply(rc, db.blocking(() -> {
            var ref = reference.get();
            if (areaId != null && ref.area(areaId).isEmpty()) {
                throw ProblemException.field("areaId", "no area with id " + areaId);
            }
            Optional<ReferenceCache.Node> area = areaId != null ? ref.area(areaId)
                    : AreaGuess.guess(ref.areas().values(), address, content);
            DispatchSuggester.Suggestion s = orders.suggester().suggest(content, exclude == null ? null
                    : exclude.toString());
            Map<String, ReferenceCache.Node> byCode = ref.categories().values().stream()
                    .collect(Collectors.toMap(ReferenceCache.Node::code, n -> n, (x, y) -> x));
            var at = clock.instant();
            Function<String, Optional<DispatchAdvice.CatalogueRule>> rule = code -> {
                ReferenceCache.Node category = byCode.get(code);
                if (category == null) {
                    return Optional.empty();
                }
                return db.database().transaction(dsl -> catalogue.suggest(dsl, category.id(),
                        area.map(ReferenceCache.Node::id).orElse(null), at)).flatMap(r ->
                        ref.units().unit(r.unitId()).map(u -> new DispatchAdvice.CatalogueRule(u.code(),
                                category.name(), r.areaId() == null ? null
                                : ref.area(r.areaId()).map(ReferenceCache.Node::name).orElse(null))));
            };
            Function<String, String> unitName = code -> ref.units().byCode(code).map(u -> u.name()).orElse(code);
            DispatchAdvice.Advice advice = DispatchAdvice.advise(s.categories(), s.units(), rule, unitName, limit);
            JsonArray categories = new JsonArray();
            for (DispatchAdvice.Category c : advice.categories()) {
                ReferenceCache.Node n = byCode.get(c.code());
                if (n == null) {
                    continue;
                }
                categories.add(new JsonObject().put("id", n.id()).put("code", n.code()).put("name", n.name())
                        .put("path", n.path()).put("score", c.score()).put("reasons", reasons(c.reasons())));
            }
            JsonArray units = new JsonArray();
            for (DispatchAdvice.Unit u : advice.units()) {
                ref.units().byCode(u.code()).ifPresent(unit -> units.add(new JsonObject().put("id", unit.id())
                        .put("code", unit.code()).put("name", unit.name()).put("score", u.score())
                        .put("reasons", reasons(u.reasons()))));
            }
            return new JsonObject().put("categories", categories).put("units", units)
                    .put("area", area.map(a -> new JsonObject().put("id", a.id()).put("name", a.path())).orElse(null))
                    .put("neighbours", s.neighbours().size());
        }));
    }

    private static JsonArray reasons(List<DispatchAdvice.Reason> reasons) {
        JsonArray out = new JsonArray();
        reasons.forEach(r -> out.add(new JsonObject().put("kind", r.kind()).put("text", r.text())
                .put("count", r.count()).put("of", r.of())));
        return out;
    }
}
