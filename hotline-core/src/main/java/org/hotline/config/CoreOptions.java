package org.hotline.config;

import java.util.List;

/** Options that belong to no single feature: where files live, logging, shutdown, demo data. */
public final class CoreOptions {

    private CoreOptions() {
    }

    public static final Option CONFIG_FILE = Option.path("config-file", "conf/hotline.conf",
            "The options file (name=value lines); command line and environment override it.");
    public static final Option DATA_DIR = Option.path("data-dir", "data",
            "Directory for the embedded database and the search indexes.");
    public static final Option LOG_FORMAT = Option.string("log-format", "text",
            "Log line format: text for people, json for log collectors.", "text", "json");
    public static final Option LOG_LEVEL = Option.string("log-level", "INFO",
            "Root log level.", "trace", "debug", "info", "warn", "error");
    public static final Option DEMO_PASSWORD = new Option("demo-password", Option.Type.STRING, "demo",
            "Password of the demo accounts that start-dev creates.", List.of(), true);
    public static final Option DEMO_ORDERS = Option.integer("demo-orders", 400,
            "How many orders start-dev generates for a new demo, spread over the last 90 days (0 for none).");
    public static final Option DEMO_HISTORY = Option.integer("demo-history", 52000,
            "How many historical closed orders start-dev imports for a new demo, with their timelines, over the 12 "
                    + "months before the live ones: what dispatch suggestions learn from and the leadership's "
                    + "rankings and dashboards compare (0 for none).");
    public static final Option SHUTDOWN_TIMEOUT = Option.duration("shutdown-timeout", "30s",
            "How long a graceful shutdown waits for requests in flight.");

    public static List<Option> all() {
        return List.of(CONFIG_FILE, DATA_DIR, LOG_FORMAT, LOG_LEVEL, DEMO_PASSWORD, DEMO_ORDERS, DEMO_HISTORY,
                SHUTDOWN_TIMEOUT);
    }
}
