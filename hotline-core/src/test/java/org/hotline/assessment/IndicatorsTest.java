package org.hotline.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The assessment formulas on hand-built timelines: what each event counts, for whom, on which day. */
class IndicatorsTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final long CENTRE = 1;
    static final long BUREAU = 7;
    static final long STREET = 9;

    static TimelineCounts.Event ev(String at, String action, JsonObject details) {
        return new TimelineCounts.Event(Instant.parse(at), action, details, BUREAU);
    }

    @Test
    @DisplayName("one order's story: taken, dispatched, signed late, replied in time, sent back, replied, rated")
    void handBuiltTimeline() {
        TimelineCounts rule = new TimelineCounts(CENTRE, SHANGHAI);
        List<TimelineCounts.Event> story = List.of(
                ev("2026-03-02T01:00:00Z", "create", null),
                ev("2026-03-02T01:05:00Z", "dispatch", new JsonObject().put("leadUnitId", BUREAU)),
                ev("2026-03-02T09:00:00Z", "clock-late", new JsonObject().put("kind", "sign").put("unitId", BUREAU)),
                ev("2026-03-02T09:00:00Z", "clock-breached", new JsonObject().put("kind", "sign").put("unitId", BUREAU)),
                ev("2026-03-05T02:00:00Z", "reply", new JsonObject().put("unitId", BUREAU)),
                ev("2026-03-05T02:00:00Z", "clock-met", new JsonObject().put("kind", "handle").put("unitId", BUREAU)),
                ev("2026-03-05T06:00:00Z", "reject-reply", new JsonObject()),
                ev("2026-03-06T02:00:00Z", "reply", new JsonObject().put("unitId", BUREAU)),
                ev("2026-03-06T08:00:00Z", "callback", new JsonObject().put("resolved", true)
                        .put("satisfaction", "basically_satisfied").put("contacted", true)),
                // Another order: sub-dispatched to a street which returns it, and one answered on the spot.
                ev("2026-03-06T09:00:00Z", "sub-dispatch", new JsonObject().put("unitId", STREET)),
                ev("2026-03-06T10:00:00Z", "return", new JsonObject().put("unitId", STREET)),
                ev("2026-03-06T11:00:00Z", "create", null),
                ev("2026-03-06T11:02:00Z", "answer-directly", null));
        List<TimelineCounts.Delta> deltas = new ArrayList<>();
        story.forEach(e -> deltas.addAll(rule.deltas(e)));

        var bureau = TimelineCounts.sum(deltas.stream().filter(d -> d.unitId() == BUREAU).toList());
        Indicators i = Indicators.of(bureau, Indicators.Weights.DEFAULT);
        assertEquals(1, bureau.received());
        assertEquals(0.0, i.onTimeSigningRate());
        assertEquals(1.0, i.onTimeCompletionRate());
        assertEquals(1, bureau.overdue());
        assertEquals(0.5, i.rehandlingRate(), "one of two replies sent back");
        assertEquals(1.0, i.resolutionRate());
        assertEquals(1.0, i.satisfactionRate(), "basically satisfied counts as satisfied");
        assertEquals(1.0, i.responseRate());
        assertEquals(100.0, i.score());
        assertNull(i.directAnswerRate(), "a bureau takes no calls");

        var street = Indicators.of(TimelineCounts.sum(deltas.stream().filter(d -> d.unitId() == STREET).toList()),
                Indicators.Weights.DEFAULT);
        assertEquals(1.0, street.returnRate());
        assertNull(street.satisfactionRate(), "nothing rated: no rate, not a perfect one");
        assertNull(street.score());

        var centre = Indicators.of(TimelineCounts.sum(deltas.stream().filter(d -> d.unitId() == CENTRE).toList()),
                Indicators.Weights.DEFAULT);
        assertEquals(0.5, centre.directAnswerRate());

        // Days are the centre's: 2026-03-02T17:00Z is already the 3rd in Shanghai.
        assertEquals(LocalDate.of(2026, 3, 3), rule.deltas(ev("2026-03-02T17:00:00Z", "dispatch",
                new JsonObject().put("leadUnitId", BUREAU))).getFirst().day());
    }

    @Test
    @DisplayName("the composite score weighs response, resolution and satisfaction 30/35/35, or as configured")
    void compositeScore() {
        var counts = new Indicators.Counts(10, 0, 0, 0, 0, 10, 10, 6, 8, 9, 0, 0, 0, 0, 0, 0);
        assertEquals(0.3 * 60 + 0.35 * 80 + 0.35 * 90, Indicators.of(counts, Indicators.Weights.DEFAULT).score(),
                1e-9);
        assertEquals(90.0, Indicators.of(counts, new Indicators.Weights(0, 0, 100)).score());
        // Without the contact question asked, the response weight is spread over the other two.
        var noContact = new Indicators.Counts(10, 0, 0, 0, 0, 10, 0, 0, 8, 9, 0, 0, 0, 0, 0, 0);
        assertEquals((35 * 80 + 35 * 90) / 70.0, Indicators.of(noContact, Indicators.Weights.DEFAULT).score(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new Indicators.Weights(30, 30, 30));
    }

    @Test
    @DisplayName("periods are months, quarters or years; rankings are within a kind of unit, ties share a rank")
    void periodsAndRanking() {
        assertEquals(LocalDate.of(2026, 2, 28), Period.parse("2026-02").to());
        assertEquals(LocalDate.of(2026, 4, 1), Period.parse("2026-Q2").from());
        assertEquals(LocalDate.of(2026, 6, 30), Period.parse("2026-q2").to());
        assertEquals(LocalDate.of(2026, 12, 31), Period.parse("2026").to());
        assertNull(Period.parse("2026-13"));
        assertNull(Period.parse("March"));
        assertEquals(LocalDate.of(2026, 3, 2), Period.parse("2026-W10").from(), "ISO weeks start on Monday");
        assertEquals(LocalDate.of(2026, 3, 8), Period.parse("2026-w10").to());
        assertEquals(LocalDate.of(2020, 12, 28), Period.parse("2020-W53").from(), "2020 has 53 ISO weeks");
        assertEquals(LocalDate.of(2027, 1, 3), Period.parse("2026-W53").to(), "2026 starts on a Thursday: 53 weeks");
        assertNull(Period.parse("2025-W53"), "2025 has 52");
        assertEquals(LocalDate.of(2026, 2, 28), Period.parse("2026-02-28").to());
        assertNull(Period.parse("2026-02-30"));
        assertEquals("2026-W09", Period.parse("2026-W10").previous().label());
        assertEquals("2025-Q4", Period.parse("2026-Q1").previous().label());
        assertEquals("2026-02", Period.parse("2026-03").previous().label());
        assertEquals("2025-12-31", Period.parse("2026-01-01").previous().label());

        var high = new Indicators.Counts(5, 0, 0, 0, 0, 10, 10, 10, 10, 10, 0, 0, 0, 0, 0, 0);
        var low = new Indicators.Counts(5, 0, 0, 0, 0, 10, 10, 5, 5, 5, 0, 0, 0, 0, 0, 0);
        var none = Indicators.Counts.ZERO;
        var w = Indicators.Weights.DEFAULT;
        List<Ranking.Row> ranked = Ranking.rank(List.of(
                new Ranking.Row(1, "甲局", "city_bureau", Indicators.of(low, w), null),
                new Ranking.Row(2, "乙局", "city_bureau", Indicators.of(high, w), null),
                new Ranking.Row(3, "丙局", "city_bureau", Indicators.of(high, w), null),
                new Ranking.Row(4, "丁局", "city_bureau", Indicators.of(none, w), null),
                new Ranking.Row(5, "江北区", "district_government", Indicators.of(low, w), null)));
        assertEquals(List.of("丙局=1", "乙局=1", "甲局=3", "丁局=null", "江北区=1"), ranked.stream()
                .map(r -> r.unitName() + "=" + r.rank()).toList());
    }
}
