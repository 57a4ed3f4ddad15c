package org.hotline.assist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.kb.KnnVote;
import org.hotline.reference.ReferenceCache;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The desk's assistants' rules in plain Java: ranking duplicates, combining history with the catalogue, areas. */
class AssistRulesTest {

    @Test
    @DisplayName("duplicates rank by what matches about the problem; a category alone is never a duplicate")
    void similarRanking() {
        var q = new SimilarOrders.Query("滨江花园3栋楼下烧烤店油烟很大", "滨江花园3栋", null, null, "caller-a", "020201");
        var sameCallerAndText = new SimilarOrders.Candidate(1, "滨江花园3栋楼下的烧烤店油烟太大了", "滨江花园3栋", null, null,
                "caller-a", "020201");
        var textOnly = new SimilarOrders.Candidate(2, "楼下烧烤店油烟很大，熏得不能开窗", null, null, null, "caller-b",
                "020201");
        var categoryOnly = new SimilarOrders.Candidate(3, "火锅店排烟管道对着学校", null, null, null, null, "020201");
        var placeOnly = new SimilarOrders.Candidate(4, "滨江花园3栋电梯坏了", "滨江花园3栋", null, null, null, "010101");
        List<SimilarOrders.Match> out = SimilarOrders.rank(q, List.of(textOnly, categoryOnly, placeOnly,
                sameCallerAndText), 10);
        assertEquals(List.of(1L, 2L), out.stream().map(m -> m.order().id()).toList());
        assertEquals(List.of("same-caller", "same-place", "similar-text", "same-category"), out.getFirst().reasons()
                .stream().map(SimilarOrders.Reason::kind).toList());
    }

    @Test
    @DisplayName("a unit is suggested by history and by the catalogue for the likely category, with both reasons")
    void dispatchAdvice() {
        var categories = List.of(new KnnVote.Vote("020201", 0.7, 14, 20), new KnnVote.Vote("020103", 0.3, 6, 20));
        var units = List.of(new KnnVote.Vote("cgj", 0.6, 12, 20), new KnnVote.Vote("sthjj", 0.4, 8, 20));
        Map<String, DispatchAdvice.CatalogueRule> catalogue = Map.of(
                "020201", new DispatchAdvice.CatalogueRule("sthjj", "餐饮油烟", "江北区"));
        var advice = DispatchAdvice.advise(categories, units, c -> Optional.ofNullable(catalogue.get(c)),
                c -> c.equals("sthjj") ? "江城市生态环境局" : "江城市城市管理局", 5);
        assertEquals("sthjj", advice.units().getFirst().code(), "0.6×0.4 + 0.4×0.7 beats 0.6×0.6");
        assertEquals(List.of("8 of the 20 most similar closed orders went to 江城市生态环境局",
                "catalogue: 餐饮油烟 in 江北区 → 江城市生态环境局"), advice.units().getFirst().reasons().stream()
                .map(DispatchAdvice.Reason::text).toList());
        assertEquals("14 of the 20 most similar closed orders", advice.categories().getFirst().reasons().getFirst()
                .text());
    }

    @Test
    @DisplayName("the most specific area named wins, also when callers drop the suffix")
    void areaGuess() {
        var district = new ReferenceCache.Node(1, null, "JC02", "江南区", "江南区", true, false);
        var street = new ReferenceCache.Node(2, 1L, "JC0201", "南门街道", "江南区 / 南门街道", true, true);
        var other = new ReferenceCache.Node(3, null, "JC01", "江北区", "江北区", true, false);
        assertEquals(2L, AreaGuess.guess(List.of(district, street, other), "江南区南门街道书院街12号").orElseThrow().id());
        assertEquals(2L, AreaGuess.guess(List.of(district, street, other), "南门老街菜场门口").orElseThrow().id());
        assertEquals(3L, AreaGuess.guess(List.of(district, street, other), null, "江北区某小区").orElseThrow().id());
        assertTrue(AreaGuess.guess(List.of(district, street, other), "不知道在哪").isEmpty());
    }
}
