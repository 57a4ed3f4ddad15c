package org.hotline.bench;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open workload: requests start at a fixed arrival rate whatever the server does, and each latency is measured
 * from when the request was meant to start, not from when a client got round to sending it — so a server that stalls
 * is charged for every request that queued behind the stall (no coordinated omission). Latencies go to an
 * HdrHistogram (microseconds, 3 significant digits). A closed loop ({@link #saturate}) finds the most a number of
 * concurrent clients can get through, for the saturation rate the open runs are set against.
 */
final class OpenLoad {

    /** What one run offered and got. */
    record Result(String name, double offered, double achieved, long ok, long errors, Histogram latency) {

        double p50() {
            return ms(latency.getValueAtPercentile(50));
        }

        double p99() {
            return ms(latency.getValueAtPercentile(99));
        }

        double p999() {
            return ms(latency.getValueAtPercentile(99.9));
        }

        double max() {
            return ms(latency.getMaxValue());
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }

        String row() {
            return String.format("| %s | %,.0f | %,.0f | %.2f | %.2f | %.2f | %.2f | %d |", name, offered, achieved,
                    p50(), p99(), p999(), max(), errors);
        }

        static String header() {
            return "| scenario | offered /s | achieved /s | p50 ms | p99 ms | p99.9 ms | max ms | errors |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|";
        }

        @Override
        public String toString() {
            return String.format("%s: offered %.0f/s, achieved %.0f/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, "
                    + "max %.2f ms, %d errors", name, offered, achieved, p50(), p99(), p999(), max(), errors);
        }
    }

    /** One request: the i-th of the run; completes with true when it succeeded. Must not block. */
    @FunctionalInterface
    interface Call extends LongFunction<Future<Boolean>> {
    }

    private OpenLoad() {
    }

    /**
     * Starts {@code call} {@code rate} times a second for {@code warmup} (not recorded) and then {@code measure}
     * (recorded), and waits up to {@code drain} for the last ones to finish; those still running then are errors.
     */
    static Result run(String name, double rate, Duration warmup, Duration measure, Duration drain, Call call) {
        Recorder recorder = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong outstanding = new AtomicLong();
        long interval = Math.max(1, Math.round(1e9 / rate));
        long start = System.nanoTime();
        long recordFrom = start + warmup.toNanos();
        long end = recordFrom + measure.toNanos();
        long issued = 0;
        long recordedIssued = 0;
        for (long i = 0; ; i++) {
            long intended = start + i * interval;
            if (intended >= end) {
                break;
            }
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean recorded = intended >= recordFrom;
            issued++;
            if (recorded) {
                recordedIssued++;
            }
            outstanding.incrementAndGet();
            Future<Boolean> f;
            try {
                f = call.apply(i);
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            f.onComplete(ar -> {
                long done = System.nanoTime();
                if (recorded) {
                    if (ar.succeeded() && Boolean.TRUE.equals(ar.result())) {
                        ok.incrementAndGet();
                        recorder.recordValue(Math.max(1, (done - intended) / 1000));
                    } else {
                        errors.incrementAndGet();
                    }
                }
                outstanding.decrementAndGet();
            });
        }
        long drainUntil = System.nanoTime() + drain.toNanos();
        while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
            LockSupport.parkNanos(1_000_000);
        }
        long late = outstanding.get();
        Histogram h = recorder.getIntervalHistogram();
        double seconds = measure.toNanos() / 1e9;
        // Requests still running after the drain never answered in time: they count as errors.
        Result r = new Result(name, recordedIssued / seconds, ok.get() / seconds, ok.get(), errors.get() + late, h);
        System.out.println("  " + r);
        return r;
    }

    /**
     * A closed loop: {@code clients} callers, each starting its next request when the previous one answered, for
     * {@code warmup} then {@code measure}; answers the rate they got through and the latency they saw.
     */
    static Result saturate(String name, int clients, Duration warmup, Duration measure, Call call) {
        Recorder recorder = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong counter = new AtomicLong();
        long start = System.nanoTime();
        long recordFrom = start + warmup.toNanos();
        long end = recordFrom + measure.toNanos();
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            loop(call, counter, recorder, ok, errors, recordFrom, end, finished);
        }
        try {
            finished.await(measure.toSeconds() + warmup.toSeconds() + 120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = measure.toNanos() / 1e9;
        Result r = new Result(name, Double.NaN, ok.get() / seconds, ok.get(), errors.get(),
                recorder.getIntervalHistogram());
        System.out.println("  " + r);
        return r;
    }

    private static void loop(Call call, AtomicLong counter, Recorder recorder, AtomicLong ok, AtomicLong errors,
                             long recordFrom, long end, java.util.concurrent.CountDownLatch finished) {
        long begin = System.nanoTime();
        if (begin >= end) {
            finished.countDown();
            return;
        }
        Future<Boolean> f;
        try {
            f = call.apply(counter.getAndIncrement());
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f.onComplete(ar -> {
            long done = System.nanoTime();
            if (begin >= recordFrom && done <= end) {
                if (ar.succeeded() && Boolean.TRUE.equals(ar.result())) {
                    ok.incrementAndGet();
                    recorder.recordValue(Math.max(1, (done - begin) / 1000));
                } else {
                    errors.incrementAndGet();
                }
            }
            loop(call, counter, recorder, ok, errors, recordFrom, end, finished);
        });
    }
}
