package org.hotline.kb;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one thread that writes a search index: a start-up task, then a pass every {@code poll}, and on-demand work
 * (a catch-up after a commit, a rebuild) queued behind them — so index writes never race and arrive in order.
 */
public final class IndexWorker implements AutoCloseable {

    /** A step that may throw (index I/O, database access). */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private final ScheduledExecutorService thread;
    private final String name;

    public IndexWorker(String name) {
        this.name = name;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code startUp} now, then {@code pass} every {@code poll}; a failing pass is logged and retried. */
    public void start(Runnable startUp, Step pass, Duration poll) {
        thread.execute(startUp);
        thread.scheduleWithFixedDelay(() -> {
            try {
                pass.run();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(IndexWorker.class).warn("{}: pass failed (will retry): {}", name,
                        e.toString());
            }
        }, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code work} on the index thread after what is queued, and waits for it. */
    public <T> T call(Callable<T> work) {
        try {
            return thread.submit(work).get(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(name + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + ": timed out", e);
        }
    }

    public void run(Step work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** Lets the task in hand finish (up to 30 s); nothing queued runs after. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
