package org.hotline.hotspot;

import static org.hotline.db.generated.Tables.ASSESSMENT_DAY;
import static org.hotline.db.generated.Tables.ASSESSMENT_JOURNAL;
import static org.hotline.db.generated.Tables.WORK_ORDER;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.hotline.assessment.Period;
import org.hotline.db.Db;
import org.hotline.kb.ChineseAnalyzers;
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
    /** Orders read per side of the top-terms comparison: enough for a stable top 20, few enough to segment fast. */
    static final int TERM_SAMPLE = 2000;
    /** The most orders the repeated-place search reads (the newest); the answer says when it stopped there. */
    static final int PLACE_SCAN = 50_000;

    private final Analyzer words = ChineseAnalyzers.words(ChineseAnalyzers.defaultStopWords());
    /** A week's terms are computed at most every few minutes: the sample hardly moves in between. */
    private final KeptAnswers<String, JsonObject> terms;
    /**
     * Repeated places are computed at most once a minute per question: reading and grouping the last week's orders
     * (up to {@link #PLACE_SCAN}) takes longer than a dashboard should wait, and a minute changes little in a week.
     */
    private final KeptAnswers<String, JsonObject> places;

    /** How long the weeks before a day are kept before they are read again. */
    static final Duration HISTORY_FRESH = Duration.ofMinutes(10);
    private final Map<LocalDate, KeptHistory> keptHistory = new java.util.concurrent.ConcurrentHashMap<>();

    private final Db db;
    private final ReferenceCache reference;
    private final Clock clock;
    private final ZoneId zone;

    public HotspotRoutes(Db db, ReferenceCache reference, Clock clock, ZoneId zone) {
        this.db = db;
        this.reference = reference;
        this.clock = clock;
        this.zone = zone;
        this.terms = new KeptAnswers<>(clock, Duration.ofMinutes(5), 8);
        this.places = new KeptAnswers<>(clock, Duration.ofMinutes(1), 8);
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("hotspots", this::hotspots)
                .handle("hotspotPlaces", this::places)
                .handle("hotspotTerms", this::terms);
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
            // Only what has enough orders today can be rising: the weeks before are read for those keys alone (a few
            // hundred rows), not for all of a busy day's ~20,000 category × area pairs four times over.
            List<Rising.Key> candidates = today.entrySet().stream().filter(e -> e.getValue() >= Rising.MIN_COUNT)
                    .map(Map.Entry::getKey).toList();
            Map<Rising.Key, long[]> history = history(dsl, centre, date, past, candidates);
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

    /**
     * The weeks before {@code date} for {@code candidates}: what is kept for that date, and what is not yet kept read
     * from the database. Past days hardly change, so a dashboard polling all day reads each pair's history once (a
     * busy day has ~800 candidate pairs: reading their four weeks took ~150 ms of the request at 10 million orders);
     * everything kept is read again after {@link #HISTORY_FRESH}, which picks up late corrections.
     */
    private Map<Rising.Key, long[]> history(DSLContext dsl, Long centre, LocalDate date, List<LocalDate> past,
                                            List<Rising.Key> candidates) {
        Instant now = clock.instant();
        KeptHistory kept = keptHistory.compute(date, (d, k) -> k == null || k.at().isBefore(now.minus(HISTORY_FRESH))
                ? new KeptHistory(now, new java.util.concurrent.ConcurrentHashMap<>()) : k);
        if (keptHistory.size() > 8) {
            keptHistory.keySet().removeIf(d -> !d.equals(date));
        }
        List<Rising.Key> missing = candidates.stream().filter(k -> !kept.weeks().containsKey(k)).toList();
        if (!missing.isEmpty()) {
            Map<LocalDate, Map<Rising.Key, Long>> before = taken(dsl, centre, past, missing);
            for (Rising.Key k : missing) {
                long[] weeks = new long[WEEKS];
                for (int w = 0; w < past.size(); w++) {
                    weeks[w] = before.getOrDefault(past.get(w), Map.of()).getOrDefault(k, 0L);
                }
                kept.weeks().put(k, weeks);
            }
        }
        Map<Rising.Key, long[]> out = new HashMap<>();
        for (Rising.Key k : candidates) {
            long[] weeks = kept.weeks().get(k);
            if (weeks != null) {
                out.put(k, weeks);
            }
        }
        return out;
    }

    private record KeptHistory(Instant at, Map<Rising.Key, long[]> weeks) {
    }

    /** For {@code keys} alone: the rows named by their whole primary key, a few hundred at a time. */
    private static Map<LocalDate, Map<Rising.Key, Long>> taken(DSLContext dsl, Long centre, List<LocalDate> days,
                                                               List<Rising.Key> keys) {
        Map<LocalDate, Map<Rising.Key, Long>> out = new HashMap<>();
        if (centre == null) {
            return out;
        }
        var d = ASSESSMENT_DAY;
        var j = ASSESSMENT_JOURNAL;
        List<org.jooq.Row4<Long, LocalDate, Long, Long>> rows = new ArrayList<>();
        for (Rising.Key k : keys) {
            for (LocalDate day : days) {
                rows.add(DSL.row(centre, day, k.categoryId(), k.areaId()));
            }
        }
        for (int i = 0; i < rows.size(); i += 500) {
            var chunk = rows.subList(i, Math.min(rows.size(), i + 500));
            collect(dsl, d.STAT_DATE, d.CATEGORY_ID, d.AREA_ID, d.TAKEN, d,
                    DSL.row(d.UNIT_ID, d.STAT_DATE, d.CATEGORY_ID, d.AREA_ID).in(chunk),
                    j, DSL.row(j.UNIT_ID, j.STAT_DATE, j.CATEGORY_ID, j.AREA_ID).in(chunk), out);
        }
        return out;
    }

    /** Orders taken per day and category × area (the centre's TAKEN counts). */
    private static Map<LocalDate, Map<Rising.Key, Long>> taken(DSLContext dsl, Long centre, List<LocalDate> days) {
        Map<LocalDate, Map<Rising.Key, Long>> out = new HashMap<>();
        if (centre == null) {
            return out;
        }
        var d = ASSESSMENT_DAY;
        var j = ASSESSMENT_JOURNAL;
        collect(dsl, d.STAT_DATE, d.CATEGORY_ID, d.AREA_ID, d.TAKEN, d, d.UNIT_ID.eq(centre).and(d.STAT_DATE.in(days))
                .and(d.TAKEN.gt(0)), j, j.UNIT_ID.eq(centre).and(j.STAT_DATE.in(days)), out);
        return out;
    }

    /**
     * Orders taken per day and category × area from {@code assessment_day} rows matching {@code where} and the
     * journal's pending counts matching {@code pending}, in one statement (one snapshot: a fold committing between two
     * statements would have its counts read twice or not at all).
     */
    private static void collect(DSLContext dsl, org.jooq.Field<LocalDate> day, org.jooq.Field<Long> category,
                                org.jooq.Field<Long> area, org.jooq.Field<Integer> taken, org.jooq.Table<?> table,
                                org.jooq.Condition where, org.jooq.Table<?> journal, org.jooq.Condition pending,
                                Map<LocalDate, Map<Rising.Key, Long>> out) {
        var j = ASSESSMENT_JOURNAL;
        // A plain UNION ALL, summed here: grouping it in the database made it materialise the day's ~17,000 rows in a
        // temporary table first (20–35 ms at 10 million orders, against 7 ms for the rows as they are).
        Map<LocalDate, Map<Rising.Key, Long>> sums = new HashMap<>();
        dsl.select(day, category, area, taken).from(table).where(where)
                .unionAll(dsl.select(j.STAT_DATE, j.CATEGORY_ID, j.AREA_ID, j.TAKEN).from(journal).where(pending))
                .forEach(r -> sums.computeIfAbsent(r.value1(), x -> new HashMap<>())
                        .merge(new Rising.Key(r.value2(), r.value3()), r.value4().longValue(), Long::sum));
        sums.forEach((d, byKey) -> byKey.forEach((k, n) -> {
            if (n > 0) {
                out.computeIfAbsent(d, x -> new HashMap<>()).put(k, n);
            }
        }));
    }

    private static JsonObject key(Rising.Key k, ReferenceCache.Snapshot ref) {
        return new JsonObject().put("categoryId", k.categoryId())
                .put("category", ref.category(k.categoryId()).map(ReferenceCache.Node::path).orElse(null))
                .put("areaId", k.areaId() == 0 ? null : k.areaId())
                .put("area", k.areaId() == 0 ? null : ref.area(k.areaId()).map(ReferenceCache.Node::path).orElse(null));
    }

    private static int intQuery(RoutingContext rc, String name, int fallback, int min, int max) {
        String v = Json.query(rc, name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the problem below
        }
        throw ProblemException.field(name, "a whole number from " + min + " to " + max);
    }

    /** {@code GET /hotspots/places}: places with at least {@code min} orders in the last {@code days} days. */
    private void places(RoutingContext rc) {
        int days = intQuery(rc, "days", 7, 1, 31);
        int min = intQuery(rc, "min", 3, 2, 100);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Json.reply(rc, places.get(today + "/" + days + "/" + min, () -> db.read(dsl -> {
            Instant since = today.minusDays(days - 1L).atStartOfDay(zone).toInstant();
            List<Places.Order> recent = dsl.select(WORK_ORDER.ID, WORK_ORDER.AREA_ID, WORK_ORDER.ADDRESS,
                            WORK_ORDER.CATEGORY_ID).from(WORK_ORDER)
                    .where(WORK_ORDER.CREATED_AT.ge(since)).and(WORK_ORDER.ADDRESS.isNotNull())
                    .orderBy(WORK_ORDER.CREATED_AT.desc(), WORK_ORDER.ID.desc()).limit(PLACE_SCAN)
                    .fetch(r -> new Places.Order(r.value1(), r.value2(), r.value3(), r.value4()));
            var ref = reference.get();
            JsonArray found = new JsonArray();
            for (Places.Place p : Places.repeated(recent, min).stream().limit(30).toList()) {
                Map<Long, Integer> byCategory = new HashMap<>();
                p.orders().forEach(o -> byCategory.merge(o.categoryId(), 1, Integer::sum));
                long top = byCategory.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                found.add(new JsonObject().put("address", p.address()).put("areaId", p.areaId())
                        .put("area", p.areaId() == null ? null : ref.area(p.areaId()).map(ReferenceCache.Node::path)
                                .orElse(null))
                        .put("orders", p.orders().size())
                        .put("topCategory", ref.category(top).map(ReferenceCache.Node::path).orElse(null))
                        .put("orderIds", new JsonArray(p.orders().stream().limit(20).map(Places.Order::id).toList())));
            }
            return new JsonObject().put("days", days).put("min", min).put("since", since.atZone(zone)
                    .toOffsetDateTime().toString()).put("places", found).put("scanned", recent.size())
                    .put("truncated", recent.size() == PLACE_SCAN);
        })));
    }

    /** {@code GET /hotspots/terms}: the week's top terms against the four weeks before. */
    private void terms(RoutingContext rc) {
        String raw = Json.query(rc, "week");
        Period week = raw == null ? Period.containing(Period.Kind.WEEK, LocalDate.now(clock.withZone(zone)))
                : Period.parse(raw);
        if (week == null || week.kind() != Period.Kind.WEEK) {
            throw ProblemException.field("week", "an ISO week like 2026-W48");
        }
        Json.reply(rc, terms.get(week.label(), () -> db.read(dsl -> {
            Long centre = reference.get().units().centre().map(u -> u.id()).orElse(null);
            List<String> now7 = sample(dsl, week.from(), week.to());
            List<String> before = sample(dsl, week.from().minusWeeks(WEEKS), week.from().minusDays(1));
            long total = centre == null ? now7.size() : taken(dsl, centre, week.from(), week.to());
            var analyse = (java.util.function.Function<String, List<String>>) t -> ChineseAnalyzers.terms(words, t);
            JsonArray out = new JsonArray();
            for (TopTerms.Term t : TopTerms.top(TopTerms.documentFrequency(now7, analyse), now7.size(),
                    Math.max(total, now7.size()), TopTerms.documentFrequency(before, analyse), before.size(), 20)) {
                out.add(new JsonObject().put("term", t.term()).put("orders", t.orders()).put("usual", t.before()));
            }
            JsonObject value = new JsonObject().put("week", week.label()).put("from", week.from().toString())
                    .put("to", week.to().toString()).put("orders", total).put("sampled", now7.size())
                    .put("terms", out);
            return value;
        })));
    }

    /** Up to {@link #TERM_SAMPLE} orders' texts spread evenly over the days, by id (ids grow with time). */
    private List<String> sample(DSLContext dsl, LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        var range = WORK_ORDER.CREATED_AT.ge(start).and(WORK_ORDER.CREATED_AT.lt(end));
        Long first = dsl.select(WORK_ORDER.ID).from(WORK_ORDER).where(range).orderBy(WORK_ORDER.CREATED_AT)
                .limit(1).fetchOne(WORK_ORDER.ID);
        Long last = dsl.select(WORK_ORDER.ID).from(WORK_ORDER).where(range).orderBy(WORK_ORDER.CREATED_AT.desc())
                .limit(1).fetchOne(WORK_ORDER.ID);
        if (first == null || last == null) {
            return List.of();
        }
        long lo = Math.min(first, last);
        long hi = Math.max(first, last);
        List<Long> ids = new ArrayList<>();
        double step = Math.max(1.0, (hi - lo + 1) / (double) TERM_SAMPLE);
        for (double id = lo; id <= hi && ids.size() < TERM_SAMPLE; id += step) {
            ids.add((long) id);
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 1000) {
            dsl.select(WORK_ORDER.CONTENT).from(WORK_ORDER)
                    .where(WORK_ORDER.ID.in(ids.subList(i, Math.min(ids.size(), i + 1000)))).and(range)
                    .forEach(r -> texts.add(r.value1()));
        }
        return texts;
    }

    /** Orders the centre took over [from, to], from the daily aggregates. */
    private static long taken(DSLContext dsl, long centre, LocalDate from, LocalDate to) {
        var d = ASSESSMENT_DAY;
        var j = ASSESSMENT_JOURNAL;
        var both = dsl.select(d.TAKEN.as("t")).from(d).where(d.UNIT_ID.eq(centre)).and(d.STAT_DATE.between(from, to))
                .unionAll(dsl.select(j.TAKEN).from(j).where(j.UNIT_ID.eq(centre)).and(j.STAT_DATE.between(from, to)))
                .asTable("x");
        Object n = dsl.select(DSL.sum(both.field("t", Integer.class))).from(both).fetchOne(0);
        return n == null ? 0 : ((Number) n).longValue();
    }

}
