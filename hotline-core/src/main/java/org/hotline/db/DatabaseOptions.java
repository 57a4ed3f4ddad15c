package org.hotline.db;

import java.util.List;
import org.hotline.config.Option;

/** How Hotline reaches its database. */
public final class DatabaseOptions {

    private DatabaseOptions() {
    }

    public static final Option DB = Option.string("db", null,
            "Database kind: dev-file (embedded H2 under --data-dir), dev-mem (embedded, lost on exit) or mysql "
                    + "(production; MySQL 8 or MariaDB 10.11+). start-dev defaults to dev-file; start needs mysql.",
            "dev-file", "dev-mem", "mysql");
    public static final Option DB_URL = Option.string("db-url", null,
            "JDBC URL of the MySQL database, e.g. jdbc:mysql://127.0.0.1:3306/hotline.");
    public static final Option DB_USERNAME = Option.string("db-username", null, "Database user.");
    public static final Option DB_PASSWORD = Option.secret("db-password", "Database password.");
    public static final Option DB_POOL_SIZE = Option.integer("db-pool-size", 16,
            "Connections in the pool; blocking database work runs on a worker pool of the same size.");
    public static final Option DB_CONNECT_TIMEOUT = Option.duration("db-connect-timeout", "5s",
            "How long a request waits for a connection before it gets 503.");

    public static List<Option> all() {
        return List.of(DB, DB_URL, DB_USERNAME, DB_PASSWORD, DB_POOL_SIZE, DB_CONNECT_TIMEOUT);
    }
}
