package org.hotline.hotspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rising issues: today against the same weekday's usual level, with a significance threshold. */
class RisingTest {

    static final Rising.Key NOISE = new Rising.Key(22, 3);
    static final Rising.Key WATER = new Rising.Key(40, 3);
    static final Rising.Key BUSY = new Rising.Key(15, 4);
    static final Rising.Key FEW = new Rising.Key(16, 4);

    @Test
    @DisplayName("a burst well above the usual level rises; a busy but usual category, or a handful, does not")
    void detect() {
        Map<Rising.Key, Long> today = Map.of(NOISE, 6L, WATER, 31L, BUSY, 52L, FEW, 4L);
        Map<Rising.Key, long[]> history = Map.of(
                NOISE, new long[] {0, 1, 0, 0},
                WATER, new long[] {3, 5, 4, 4},
                BUSY, new long[] {48, 55, 50, 47},
                FEW, new long[] {0, 0, 0, 0});
        List<Rising.Rise> rises = Rising.detect(today, history, 4);
        assertEquals(List.of(WATER, NOISE), rises.stream().map(Rising.Rise::key).toList(), rises.toString());
        Rising.Rise water = rises.getFirst();
        assertEquals(4.0, water.usual());
        assertTrue(water.z() > 10, "31 against about 4 a day: " + water.z());
    }
}
