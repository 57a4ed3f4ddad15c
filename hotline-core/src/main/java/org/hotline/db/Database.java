package org.hotline.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool, the schema migrations and the jOOQ context. Plain blocking Java: callers on Vert.x reach it
 * through {@link Db}, tests and tools use it directly.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** H2 in MySQL mode, with lower-case names so the generated (quoted, lower-case) jOOQ names match. */
    static final String H2_OPTIONS = ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE"
            + ";DEFAULT_NULL_ORDERING=HIGH";

    private final DatabaseKind kind;
    private final HikariDataSource dataSource;
    private final SQLDialect dialect;
    private final DSLContext dsl;
    private final DSLContext readCommitted;
    private final String description;

    private Database(DatabaseKind kind, HikariDataSource dataSource) {
        this.kind = kind;
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String product = meta.getDatabaseProductName();
            String version = meta.getDatabaseProductVersion();
            this.dialect = dialectOf(product, version);
            this.description = product + " " + version;
        } catch (SQLException e) {
            dataSource.close();
            throw new DatabaseException("Cannot connect to the database at " + safeUrl(dataSource.getJdbcUrl())
                    + ": " + rootMessage(e), e);
        }
        Settings settings = new Settings()
                .withRenderSchema(false)
                .withExecuteLogging(false);
        this.dsl = DSL.using(dataSource, dialect, settings);
        this.readCommitted = readCommitted(dsl, dataSource);
    }

    /** Settings to open a database with; {@code dataDir} is where dev-file keeps its files. */
    public record Settings_(DatabaseKind kind, String url, String username, String password, int poolSize,
                            Duration connectTimeout, Path dataDir) {
    }

    /** Opens the pool (not yet migrated). Registers pool metrics when {@code registry} is given. */
    public static Database open(Settings_ s, MeterRegistry registry) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("hotline-db");
        hc.setMaximumPoolSize(s.poolSize());
        hc.setMinimumIdle(Math.min(2, s.poolSize()));
        hc.setConnectionTimeout(Math.max(250, s.connectTimeout().toMillis()));
        hc.setValidationTimeout(Math.max(250, Math.min(5000, s.connectTimeout().toMillis())));
        hc.setAutoCommit(true);
        hc.setInitializationFailTimeout(-1);
        switch (s.kind()) {
            case DEV_FILE -> {
                try {
                    Files.createDirectories(s.dataDir().resolve("db"));
                } catch (java.io.IOException e) {
                    throw new DatabaseException("Cannot create " + s.dataDir().resolve("db") + ": " + e.getMessage(), e);
                }
                hc.setJdbcUrl("jdbc:h2:file:" + s.dataDir().resolve("db").resolve("hotline").toAbsolutePath()
                        + H2_OPTIONS);
                hc.setUsername("sa");
                hc.setPassword("");
            }
            case DEV_MEM -> {
                hc.setJdbcUrl("jdbc:h2:mem:hotline-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + H2_OPTIONS);
                hc.setUsername("sa");
                hc.setPassword("");
            }
            case MYSQL -> {
                if (s.url() == null || s.url().isBlank()) {
                    throw new DatabaseException("--db=mysql needs --db-url (e.g. jdbc:mysql://127.0.0.1:3306/hotline)",
                            null);
                }
                if (!s.url().startsWith("jdbc:mysql:") && !s.url().startsWith("jdbc:mariadb:")) {
                    throw new DatabaseException("--db-url must be a MySQL JDBC URL (jdbc:mysql://…), got "
                            + safeUrl(s.url()), null);
                }
                hc.setJdbcUrl(s.url().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:"));
                hc.setUsername(s.username());
                hc.setPassword(s.password() == null ? "" : s.password());
                // Datetimes are UTC and written as-is; the driver must not shift them.
                hc.addDataSourceProperty("connectionTimeZone", "UTC");
                hc.addDataSourceProperty("forceConnectionTimeZoneToSession", "true");
                hc.addDataSourceProperty("characterEncoding", "UTF-8");
                hc.addDataSourceProperty("rewriteBatchedStatements", "true");
                hc.addDataSourceProperty("cachePrepStmts", "true");
                hc.addDataSourceProperty("prepStmtCacheSize", "250");
                hc.addDataSourceProperty("prepStmtCacheSqlLimit", "2048");
                hc.addDataSourceProperty("useServerPrepStmts", "true");
                hc.addDataSourceProperty("connectTimeout", Long.toString(s.connectTimeout().toMillis()));
                hc.addDataSourceProperty("socketTimeout", "60000");
                hc.addDataSourceProperty("sessionVariables",
                        "sql_mode='STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
            }
            default -> throw new IllegalStateException();
        }
        if (registry != null) {
            hc.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        return new Database(s.kind(), new HikariDataSource(hc));
    }

    /** Applies pending migrations; a failure leaves the database as Flyway left it and throws with a clear message. */
    public MigrateResult migrate() {
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .validateMigrationNaming(true)
                    .load()
                    .migrate();
            LOG.info("Database schema at version {} ({} migration(s) applied) on {}",
                    result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                    result.migrationsExecuted, description);
            return result;
        } catch (FlywayException e) {
            throw new DatabaseException("Database migration failed: " + e.getMessage(), e);
        }
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** Runs {@code work} in one transaction: it commits when {@code work} returns and rolls back when it throws. */
    public <T> T transaction(Function<DSLContext, T> work) {
        return dsl.transactionResult(cfg -> work.apply(cfg.dsl()));
    }

    /**
     * As {@link #transaction}, retried (up to 3 times) when the database chose it as a deadlock victim or failed it
     * for serialisation: only for work that is safe to run again from the start.
     */
    public <T> T transactionRetrying(Function<DSLContext, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction(work);
            } catch (org.jooq.exception.DataAccessException e) {
                if (attempt >= 3 || !isRetryable(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(5L * attempt + java.util.concurrent.ThreadLocalRandom.current().nextInt(10));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Listens to every transaction this database runs from now on, at either isolation (benchmarks time commits
     * with it; the read-committed context is a copy, so setting the listener on {@link #dsl()} alone misses it).
     */
    public void listenToTransactions(org.jooq.TransactionListener listener) {
        var provider = new org.jooq.impl.DefaultTransactionListenerProvider(listener);
        dsl.configuration().set(provider);
        readCommitted.configuration().set(provider);
    }

    /**
     * As {@link #transactionRetrying}, at READ COMMITTED: for claimers of work queues (due timers, the notification
     * outbox). At MySQL's default REPEATABLE READ a claim's locking range scan ({@code FOR UPDATE SKIP LOCKED}) also
     * locks the gaps of the index it scans, and new work is inserted into those very gaps: every intake that queues a
     * notice would wait for the claimer's commit, and concurrent claimers deadlock. READ COMMITTED locks only the rows
     * claimed.
     */
    public <T> T transactionReadCommitted(Function<DSLContext, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return readCommitted.transactionResult(cfg -> work.apply(cfg.dsl()));
            } catch (org.jooq.exception.DataAccessException e) {
                if (attempt >= 3 || !isRetryable(e)) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS
                        .toNanos(5L * attempt));
            }
        }
    }

    /** Connections from the same pool at READ COMMITTED; the pool resets them to its default when they return. */
    private static DSLContext readCommitted(DSLContext dsl, javax.sql.DataSource pool) {
        org.jooq.ConnectionProvider connections = new org.jooq.ConnectionProvider() {
            @Override
            public java.sql.Connection acquire() {
                java.sql.Connection c = null;
                try {
                    c = pool.getConnection();
                    c.setTransactionIsolation(java.sql.Connection.TRANSACTION_READ_COMMITTED);
                    return c;
                } catch (java.sql.SQLException e) {
                    release(c);
                    throw new org.jooq.exception.DataAccessException("Cannot get a connection: " + e.getMessage(), e);
                }
            }

            @Override
            public void release(java.sql.Connection c) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (java.sql.SQLException ignored) {
                        // Closing returns it to the pool; nothing more to do if that fails.
                    }
                }
            }
        };
        return org.jooq.impl.DSL.using(dsl.configuration().derive(connections));
    }

    /** Deadlock victim or serialisation failure (SQL state class 40, MySQL error 1213). */
    public static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s
                    && (s.getSQLState() != null && s.getSQLState().startsWith("40") || s.getErrorCode() == 1213)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    public DatabaseKind kind() {
        return kind;
    }

    public SQLDialect dialect() {
        return dialect;
    }

    /** Product and version, e.g. {@code MySQL 5.5.5-10.11.19-MariaDB}. */
    public String description() {
        return description;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    /** Readiness: a connection answers within the pool's validation timeout. */
    public boolean isHealthy() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    static SQLDialect dialectOf(String product, String version) {
        String p = product == null ? "" : product.toLowerCase(java.util.Locale.ROOT);
        if (p.contains("h2")) {
            return SQLDialect.H2;
        }
        // MariaDB is reached through MySQL Connector/J, which cannot run jOOQ's MARIADB-dialect
        // INSERT … RETURNING; the MYSQL dialect (generated keys) is what both servers understand alike.
        return SQLDialect.MYSQL;
    }

    /** The pool's own message hides the driver's reason; people need the reason. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root.getMessage() + ")";
    }

    /** The URL without credentials that some drivers accept inside it. */
    static String safeUrl(String url) {
        return url == null ? "" : url.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=******");
    }
}
