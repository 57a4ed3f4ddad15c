package org.hotline.hotspot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Sudden rises (突发热点): a category in an area is rising when today's count stands well above its usual level for
 * this weekday — the mean of the same weekday over the previous weeks — by a Poisson significance test, and is not
 * trivially small. Comparing like weekdays keeps Monday's backlog from looking like news every week.
 */
public final class Rising {

    /** What is compared: a category in an area (0 for no area). */
    public record Key(long categoryId, long areaId) {
    }

    /** A rise: today's count, the usual level, and how many standard deviations above it. */
    public record Rise(Key key, long today, double usual, double z) {
    }

    /** At least this many orders today, so three calls instead of one is no alarm. */
    public static final int MIN_COUNT = 5;
    /** Standard deviations above the usual level (Poisson: the square root of the mean). */
    public static final double MIN_Z = 3.0;

    private Rising() {
    }

    /**
     * @param today   counts per key today
     * @param history per key, the counts on the same weekday in each of the previous {@code weeks} weeks (missing
     *                weeks count as 0)
     */
    public static List<Rise> detect(Map<Key, Long> today, Map<Key, long[]> history, int weeks) {
        List<Rise> out = new ArrayList<>();
        for (Map.Entry<Key, Long> e : today.entrySet()) {
            long n = e.getValue();
            if (n < MIN_COUNT) {
                continue;
            }
            long[] past = history.getOrDefault(e.getKey(), new long[0]);
            long sum = 0;
            for (long p : past) {
                sum += p;
            }
            double usual = weeks == 0 ? 0 : (double) sum / weeks;
            // A level of nothing is treated as half an order a day, so a first burst is measured, not divided by 0.
            double sd = Math.sqrt(Math.max(usual, 0.5));
            double z = (n - usual) / sd;
            if (z >= MIN_Z) {
                out.add(new Rise(e.getKey(), n, Math.round(usual * 100) / 100.0, Math.round(z * 100) / 100.0));
            }
        }
        out.sort(Comparator.comparingDouble(Rise::z).reversed());
        return out;
    }
}
