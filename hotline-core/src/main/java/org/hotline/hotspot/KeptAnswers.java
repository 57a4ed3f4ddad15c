package org.hotline.hotspot;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers that take long to compute and change slowly (a week's top terms, the places asked about repeatedly over
 * days), kept in memory per question: a fresh answer is served as it is; a stale one is served at once while one
 * computation in the background replaces it, so no request waits for the work except the very first, and the work
 * runs at most once per {@code fresh} per question whatever the number of screens asking. An answer older than
 * {@code 10 × fresh} (the background computation kept failing) is not served: the request computes it again.
 */
final class KeptAnswers<K, V> {

    private record Kept<V>(V value, Instant at) {
    }

    private final Clock clock;
    private final Duration fresh;
    private final int maxKeys;
    private final Map<K, Kept<V>> answers = new ConcurrentHashMap<>();
    /** Computations in flight, one per question: requests arriving meanwhile wait for the same one. */
    private final Map<K, Future<V>> computing = new ConcurrentHashMap<>();

    KeptAnswers(Clock clock, Duration fresh, int maxKeys) {
        this.clock = clock;
        this.fresh = fresh;
        this.maxKeys = maxKeys;
    }

    /** The answer to {@code key}: kept, or computed by {@code compute} (which runs its work off the event loop). */
    Future<V> get(K key, Supplier<Future<V>> compute) {
        Instant now = clock.instant();
        Kept<V> kept = answers.get(key);
        if (kept != null && kept.at().isAfter(now.minus(fresh))) {
            return Future.succeededFuture(kept.value());
        }
        if (kept != null && kept.at().isAfter(now.minus(fresh.multipliedBy(10)))) {
            computeOnce(key, compute);
            return Future.succeededFuture(kept.value());
        }
        return computeOnce(key, compute);
    }

    private Future<V> computeOnce(K key, Supplier<Future<V>> compute) {
        Future<V> running = computing.get(key);
        if (running != null) {
            return running;
        }
        Future<V> started = compute.get();
        Future<V> raced = computing.putIfAbsent(key, started);
        if (raced != null) {
            return raced;
        }
        return started.onComplete(r -> {
            computing.remove(key);
            if (r.succeeded()) {
                if (answers.size() >= maxKeys && !answers.containsKey(key)) {
                    // Questions are few in practice (the dashboard asks the same ones); a flood of odd ones is dropped.
                    answers.clear();
                }
                answers.put(key, new Kept<>(r.result(), clock.instant()));
            }
        });
    }
}
