package org.hotline.hotspot;

import static org.hotline.db.generated.Tables.ASSESSMENT_DAY;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;
import org.hotline.http.ProblemException;
import org.hotline.reference.ReferenceCache;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * {@code /api/v1/hotspots} (社情民意): orders taken per category × area on a day, read from the centre's row of the
 * daily aggregates, and the rising ones against the same weekday of the previous weeks.
 */
public final class HotspotRoutes implements ApiRouter.Routes {

    static final int WEEKS = 4;

    private final Db db;
    private final ReferenceCache reference;
    private final Clock clock;
    private final ZoneId zone;

    public HotspotRoutes(Db db, ReferenceCache reference, Clock clock, ZoneId zone) {
        this.db = db;
        this.reference = reference;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("hotspots", this::hotspots);
    }

    private void hotspots(RoutingContext rc) {
        String raw = Json.query(rc, "date");
        LocalDate day;
        try {
            day = raw == null ? LocalDate.now(clock.withZone(zone)) : LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw ProblemException.field("date", "a date like 2026-11-25");
        }
        LocalDate date = day;
        Json.reply(rc, db.read(dsl -> {
            Long centre = reference.get().units().centre().map(u -> u.id()).orElse(null);
            Map<Rising.Key, Long> today = taken(dsl, centre, List.of(date)).getOrDefault(date, Map.of());
            List<LocalDate> past = java.util.stream.IntStream.rangeClosed(1, WEEKS)
                    .mapToObj(w -> date.minusWeeks(w)).toList();
            Map<LocalDate, Map<Rising.Key, Long>> before = taken(dsl, centre, past);
            Map<Rising.Key, long[]> history = new HashMap<>();
            for (int w = 0; w < past.size(); w++) {
                int week = w;
                before.getOrDefault(past.get(w), Map.of()).forEach((k, n) ->
                        history.computeIfAbsent(k, x -> new long[WEEKS])[week] = n);
            }
            var ref = reference.get();
            JsonArray rising = new JsonArray();
            for (Rising.Rise r : Rising.detect(today, history, WEEKS)) {
                rising.add(key(r.key(), ref).put("today", r.today()).put("usual", r.usual()).put("z", r.z()));
            }
            JsonArray counts = new JsonArray();
            today.entrySet().stream().sorted(Map.Entry.<Rising.Key, Long>comparingByValue().reversed()).limit(50)
                    .forEach(e -> counts.add(key(e.getKey(), ref).put("count", e.getValue())));
            return new JsonObject().put("date", date.toString()).put("weeks", WEEKS).put("rising", rising)
                    .put("counts", counts);
        }));
    }

    /** Orders taken per day and category × area (the centre's TAKEN counts). */
    private static Map<LocalDate, Map<Rising.Key, Long>> taken(DSLContext dsl, Long centre, List<LocalDate> days) {
        Map<LocalDate, Map<Rising.Key, Long>> out = new HashMap<>();
        if (centre == null) {
            return out;
        }
        var d = ASSESSMENT_DAY;
        dsl.select(d.STAT_DATE, d.CATEGORY_ID, d.AREA_ID, DSL.sum(d.TAKEN)).from(d)
                .where(d.UNIT_ID.eq(centre)).and(d.STAT_DATE.in(days)).and(d.TAKEN.gt(0))
                .groupBy(d.STAT_DATE, d.CATEGORY_ID, d.AREA_ID)
                .forEach(r -> out.computeIfAbsent(r.value1(), x -> new HashMap<>())
                        .put(new Rising.Key(r.value2(), r.value3()), r.value4().longValue()));
        return out;
    }

    private static JsonObject key(Rising.Key k, ReferenceCache.Snapshot ref) {
        return new JsonObject().put("categoryId", k.categoryId())
                .put("category", ref.category(k.categoryId()).map(ReferenceCache.Node::path).orElse(null))
                .put("areaId", k.areaId() == 0 ? null : k.areaId())
                .put("area", k.areaId() == 0 ? null : ref.area(k.areaId()).map(ReferenceCache.Node::path).orElse(null));
    }
}
