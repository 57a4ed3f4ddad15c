package org.hotline.hotspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlacesTest {

    @Test
    @DisplayName("one place however the caller wrote it: spacing, full-width digits, building and room detail")
    void samePlace() {
        String k = Places.key("江北区滨江花园3栋2单元");
        assertEquals(k, Places.key("江北区 滨江花园５栋"));
        assertEquals(k, Places.key("江北区滨江花园，12幢1201室"));
        assertEquals(Places.key("解放路88号"), Places.key("解放路８８号"));
        assertNotEquals(Places.key("解放路88号"), Places.key("解放路86号"), "another door number is another place");
    }

    @Test
    @DisplayName("three orders about one compound in one area are a repeated place; other areas and vague addresses are not")
    void repeated() {
        List<Places.Order> orders = List.of(
                new Places.Order(5, 1L, "滨江花园3栋", 10),
                new Places.Order(4, 1L, "滨江花园 7栋", 11),
                new Places.Order(3, 2L, "滨江花园3栋", 10),
                new Places.Order(2, 1L, "滨江花园１栋", 10),
                new Places.Order(1, 1L, "江北区", 10),
                new Places.Order(0, 1L, "江北区", 10));
        List<Places.Place> places = Places.repeated(orders, 3);
        assertEquals(1, places.size());
        assertEquals(List.of(5L, 4L, 2L), places.get(0).orders().stream().map(Places.Order::id).toList());
        assertEquals(0, Places.repeated(orders, 4).size());
    }

    @Test
    @DisplayName("top terms: counted once per order, scaled to the week, generic words left out, with the usual level")
    void topTerms() {
        List<String> week = List.of("停水 小区 停水", "停水 小区", "停水 噪声", "小区 噪声", "小区 路灯", "小区 停车",
                "小区 垃圾", "路灯 噪声");
        List<String> before = List.of("噪声 小区", "路灯 小区", "停水 小区", "噪声 垃圾");
        var split = (java.util.function.Function<String, List<String>>) s -> Arrays.asList(s.split(" "));
        Map<String, Integer> df = TopTerms.documentFrequency(week, split);
        assertEquals(3, df.get("停水"), "once per order");
        List<TopTerms.Term> top = TopTerms.top(df, week.size(), 80, TopTerms.documentFrequency(before, split),
                before.size(), 5);
        assertEquals(List.of("停水", "噪声", "路灯"), top.stream().map(TopTerms.Term::term).toList(),
                "小区 (7 of 8 orders) says nothing; single mentions are noise; ties by term");
        assertEquals(30, top.get(0).orders(), "3 of 8 sampled orders stand for 30 of 80");
        assertEquals(20.0, top.get(0).before(), 1e-9, "1 of 4 before: 20 of a week of 80");
    }
}
