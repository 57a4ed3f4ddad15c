package org.hotline.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * Runs blocking database work off the event loop, on a named worker pool sized to the connection pool, and hands
 * the result back as a {@link Future} on the caller's context.
 */
public final class Db implements AutoCloseable {

    private final Database database;
    private final WorkerExecutor workers;

    public Db(Vertx vertx, Database database, int poolSize) {
        this(vertx, database, "hotline-db", poolSize);
    }

    /** A pool of its own for work that must not starve the database pool (e.g. password hashing). */
    public Db(Vertx vertx, Database database, String poolName, int poolSize) {
        this.database = database;
        this.workers = vertx.createSharedWorkerExecutor(poolName, poolSize);
    }

    /** Reads without an explicit transaction. */
    public <T> Future<T> read(Function<DSLContext, T> work) {
        return blocking(() -> work.apply(database.dsl()));
    }

    /** Runs {@code work} in one transaction: commit on return, rollback on exception. */
    public <T> Future<T> tx(Function<DSLContext, T> work) {
        return blocking(() -> database.transaction(work));
    }

    /** Any other blocking call that needs the database's worker pool. */
    public <T> Future<T> blocking(Callable<T> work) {
        return workers.executeBlocking(work, false);
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        workers.close();
    }
}
