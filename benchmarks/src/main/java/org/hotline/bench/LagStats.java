package org.hotline.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of lags, in milliseconds. Exact, not a histogram's estimate. */
record LagStats(int count, double p50, double p99, double max) {

    static final LagStats NONE = new LagStats(0, Double.NaN, Double.NaN, Double.NaN);

    static LagStats ofMicros(long[] micros) {
        if (micros.length == 0) {
            return NONE;
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new LagStats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1] / 1000.0);
    }

    private static double rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }
}
