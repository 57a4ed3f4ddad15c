package org.hotline.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hotline.audit.AuditLog;
import org.hotline.audit.AuditRoutes;
import org.hotline.auth.AccountRoutes;
import org.hotline.auth.AccountService;
import org.hotline.auth.AuthGuard;
import org.hotline.auth.AuthOptions;
import org.hotline.auth.AuthRoutes;
import org.hotline.auth.AuthService;
import org.hotline.auth.LoginThrottle;
import org.hotline.auth.PasswordHasher;
import org.hotline.auth.SessionRepository;
import org.hotline.auth.StaffRepository;
import org.hotline.config.Config;
import org.hotline.config.ConfigException;
import org.hotline.config.CoreOptions;
import org.hotline.db.Database;
import org.hotline.db.DatabaseKind;
import org.hotline.db.DatabaseOptions;
import org.hotline.db.Db;
import org.hotline.demo.DemoData;
import org.hotline.health.Health;
import org.hotline.http.ApiRouter;
import org.hotline.http.HttpOptions;
import org.hotline.http.RequestIds;
import org.hotline.http.TrustedProxies;
import org.hotline.citizen.CitizenOptions;
import org.hotline.citizen.CitizenRepository;
import org.hotline.citizen.PiiCipher;
import org.hotline.dispatch.DispatchCatalogue;
import org.hotline.dispatch.DispatchRoutes;
import org.hotline.kb.ChineseAnalyzers;
import org.hotline.kb.KbRoutes;
import org.hotline.kb.KbStore;
import org.hotline.kb.KnowledgeSearch;
import org.hotline.reference.ReferenceCache;
import org.hotline.sla.CalendarRoutes;
import org.hotline.sla.CalendarStore;
import org.hotline.sla.OfficeHours;
import org.hotline.sla.SlaOptions;
import org.hotline.notify.NotificationDispatcher;
import org.hotline.notify.NotificationRoutes;
import org.hotline.notify.Outbox;
import org.hotline.sla.PolicyRoutes;
import org.hotline.sla.PolicyStore;
import org.hotline.workorder.ClockQueries;
import org.hotline.workorder.ClockRoutes;
import org.hotline.timer.TimerScheduler;
import org.hotline.workorder.OrderClocks;
import org.hotline.workorder.WorkOrderQueries;
import org.hotline.workorder.WorkOrderRoutes;
import org.hotline.workorder.WorkOrderService;
import org.hotline.metrics.Metrics;
import org.hotline.reference.ReferenceData;
import org.hotline.reference.ReferenceRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Hotline: the database (migrated), the search indexes, Vert.x with the HTTP verticles, and everything
 * they share. {@link #start} brings it up in order; {@link #close} takes it down in reverse, gracefully.
 */
public final class Hotline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Hotline.class);

    static {
        // Vert.x requires context locals to be registered before the first Vert.x instance.
        RequestIds.LOCAL.getClass();
    }

    private final Config config;
    private final Mode mode;
    private final PiiCipher cipher;
    private final Metrics metrics;
    private final Database database;
    private final KnowledgeSearch articles;
    private final org.hotline.assist.OrderSearch orderSearch;
    private final Vertx vertx;
    private final Db db;
    /** Logins hash passwords (deliberately slow): on their own pool, so they never starve database work. */
    private final Db auth;
    private final Health health;
    private final List<String> deployments = new ArrayList<>();
    private volatile int port;
    private volatile TimerScheduler timers;
    private volatile NotificationDispatcher notifications;
    private volatile org.hotline.assessment.AssessmentFold fold;
    private volatile org.hotline.audit.AuditSealer sealer;
    private volatile org.hotline.workorder.IntakeGroup intake;
    private volatile Clock clock = MILLISECOND_CLOCK;
    private volatile boolean closed;

    private Hotline(Config config, Mode mode, Metrics metrics, Database database, KnowledgeSearch articles,
                    org.hotline.assist.OrderSearch orderSearch, Vertx vertx, PiiCipher cipher) {
        this.config = config;
        this.cipher = cipher;
        this.mode = mode;
        this.metrics = metrics;
        this.database = database;
        this.articles = articles;
        this.orderSearch = orderSearch;
        this.vertx = vertx;
        this.db = new Db(vertx, database, config.integer(DatabaseOptions.DB_POOL_SIZE));
        this.auth = new Db(vertx, database, "hotline-auth", Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.health = new Health(db).check("searchIndex", articles::isHealthy)
                .check("orderIndex", orderSearch::isHealthy);
    }

    /** Every option Hotline understands, for the command line, {@code --help} and the README. */
    public static List<org.hotline.config.Option> options() {
        List<org.hotline.config.Option> all = new ArrayList<>();
        all.addAll(CoreOptions.all());
        all.addAll(HttpOptions.all());
        all.addAll(DatabaseOptions.all());
        all.addAll(AuthOptions.all());
        all.addAll(CitizenOptions.all());
        all.addAll(org.hotline.audit.AuditOptions.all());
        all.addAll(SlaOptions.all());
        all.addAll(org.hotline.notify.NotifyOptions.all());
        all.addAll(org.hotline.open311.Open311Options.all());
        return all;
    }

    /** Which database a mode runs on, after the production safety checks. */
    public static DatabaseKind databaseKind(Config config, Mode mode) {
        String chosen = config.stringOrNull(DatabaseOptions.DB);
        if (mode == Mode.PRODUCTION) {
            if (chosen == null) {
                throw new ConfigException("start needs a production database: --db=mysql --db-url=jdbc:mysql://… "
                        + "--db-username=… --db-password=… (or use start-dev to try Hotline on the embedded database)");
            }
            DatabaseKind kind = DatabaseKind.parse(chosen);
            if (kind.isEmbedded()) {
                throw new ConfigException("start refuses the development database '" + chosen
                        + "': it is not for production. Use --db=mysql, or start-dev to try Hotline.");
            }
            return kind;
        }
        return chosen == null ? DatabaseKind.DEV_FILE : DatabaseKind.parse(chosen);
    }

    public static Database openDatabase(Config config, DatabaseKind kind, MeterRegistry registry) {
        return Database.open(new Database.Settings_(kind,
                config.stringOrNull(DatabaseOptions.DB_URL),
                config.stringOrNull(DatabaseOptions.DB_USERNAME),
                config.stringOrNull(DatabaseOptions.DB_PASSWORD),
                config.integer(DatabaseOptions.DB_POOL_SIZE),
                config.duration(DatabaseOptions.DB_CONNECT_TIMEOUT),
                config.path(CoreOptions.DATA_DIR)), registry);
    }

    /**
     * Starts Hotline. Blocking until the server listens (or failed): the caller is {@code main} or a test.
     *
     * @param web the assembly's own routes (console pages), mounted after the API
     */
    public static Hotline start(Config config, Mode mode, WebRoutes web) {
        return start(config, mode, web, MILLISECOND_CLOCK);
    }

    /**
     * The system clock in whole milliseconds: the precision the database keeps (DATETIME(3)), so an instant written
     * on a timeline reads the same as the one stored in its column.
     */
    public static final Clock MILLISECOND_CLOCK = Clock.tick(Clock.systemUTC(), java.time.Duration.ofMillis(1));

    /** As {@link #start(Config, Mode, WebRoutes)} on {@code clock}: tests move time on to see limits run out. */
    public static Hotline start(Config config, Mode mode, WebRoutes web, Clock clock) {
        org.hotline.notify.NotificationSender sender = org.hotline.notify.NotifyOptions.sender(config);
        long started = System.nanoTime();
        DatabaseKind kind = databaseKind(config, mode);
        PiiCipher cipher = CitizenOptions.cipher(config.stringOrNull(CitizenOptions.PII_KEY), mode == Mode.PRODUCTION,
                kind == DatabaseKind.DEV_MEM ? null : config.path(CoreOptions.DATA_DIR));
        Metrics metrics = new Metrics();
        Database database = null;
        KnowledgeSearch articles = null;
        org.hotline.assist.OrderSearch orderSearch = null;
        Vertx vertx = null;
        try {
            database = openDatabase(config, kind, metrics.registry());
            database.migrate();
            PasswordHasher hasher = new PasswordHasher();
            Installation.claim(database, mode, clock.instant());
            new CalendarStore(database, officeHours(config)).seedOfficial(clock.instant());
            database.transaction(dsl -> new PolicyStore().seedDefaults(dsl, clock.instant()));
            database.transaction(dsl -> new KbStore().seedSynonyms(dsl, ChineseAnalyzers.defaultSynonymGroups()
                    .stream().map(g -> java.util.List.of(g.split(","))).toList(), clock.instant()));
            if (mode == Mode.DEVELOPMENT) {
                DemoData demo = new DemoData(database, hasher, clock, cipher);
                demo.loadIfEmpty(config.string(CoreOptions.DEMO_PASSWORD),
                        Math.max(0, config.integer(CoreOptions.DEMO_ORDERS)),
                        Math.max(0, config.integer(CoreOptions.DEMO_HISTORY)));
                demo.ensureOpen311Client();
            }
            Path indexRoot = kind == DatabaseKind.DEV_MEM ? null : config.path(CoreOptions.DATA_DIR).resolve("index");
            articles = new KnowledgeSearch(indexRoot, database, new KbStore(), new ReferenceCache(database));
            // Searchable within a second of a change on any node; at once on the node that made it.
            articles.start(Duration.ofMillis(500));
            orderSearch = new org.hotline.assist.OrderSearch(indexRoot, database, new ReferenceCache(database),
                    clock);
            // Another node's changes within half a second; this node's at once (WorkOrderService.onChanged).
            orderSearch.start(Duration.ofMillis(500));

            MicrometerMetricsOptions metricsOptions = new MicrometerMetricsOptions()
                    .setEnabled(true)
                    .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.POOL_TYPE,
                            Label.POOL_NAME));
            vertx = Vertx.builder()
                    .with(new VertxOptions().setMetricsOptions(metricsOptions))
                    .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                    .build();
            Hotline hotline = new Hotline(config, mode, metrics, database, articles, orderSearch, vertx, cipher);
            hotline.port = resolvePort(config.integer(HttpOptions.HTTP_PORT));
            hotline.clock = clock;
            hotline.deploy(clock, hasher, web, sender).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            LOG.info("Hotline ready on http://{}:{}/ in {} ms ({} mode, database {})",
                    config.string(HttpOptions.HTTP_HOST), hotline.port(), (System.nanoTime() - started) / 1_000_000,
                    mode == Mode.DEVELOPMENT ? "development" : "production", database.description());
            return hotline;
        } catch (Exception e) {
            if (vertx != null) {
                vertx.close();
            }
            closeQuietly(articles);
            closeQuietly(orderSearch);
            if (database != null) {
                database.close();
            }
            metrics.close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("Hotline failed to start: " + cause.getMessage(), cause);
        }
    }

    /** Port 0 means "any free port": chosen once here, so every verticle instance shares it. */
    private static int resolvePort(int configured) {
        if (configured != 0) {
            return configured;
        }
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("No free port: " + e.getMessage(), e);
        }
    }

    private Future<Void> deploy(Clock clock, PasswordHasher hasher, WebRoutes web,
                                org.hotline.notify.NotificationSender sender) {
        StaffRepository staff = new StaffRepository();
        SessionRepository sessions = new SessionRepository();
        AuditLog audit = new AuditLog();
        AuthService authService = new AuthService(database, staff, sessions, audit, hasher,
                new LoginThrottle(config.integer(AuthOptions.LOGIN_MAX_FAILURES),
                        config.integer(AuthOptions.LOGIN_MAX_FAILURES_PER_ADDRESS),
                        config.duration(AuthOptions.LOGIN_FAILURE_WINDOW)),
                config.duration(AuthOptions.SESSION_IDLE_TIMEOUT), config.duration(AuthOptions.SESSION_MAX_LIFETIME),
                clock);
        AccountService accounts = new AccountService(database, staff, sessions, audit, hasher, clock);
        MeterRegistry registry = metrics.registry();
        ReferenceCache reference = new ReferenceCache(database);
        CitizenRepository citizens = new CitizenRepository(cipher);
        DispatchCatalogue catalogue = new DispatchCatalogue(reference);
        CalendarStore calendar = new CalendarStore(database, officeHours(config));
        PolicyStore policies = new PolicyStore();
        Outbox outbox = new Outbox(calendar::workingTime, cipher);
        OrderClocks clocks = new OrderClocks(calendar::workingTime, policies, reference, outbox);
        WorkOrderService orders = new WorkOrderService(database, reference, citizens, audit, clocks, catalogue, clock);
        WorkOrderQueries queries = new WorkOrderQueries(database, reference, citizens, clocks, clock);
        timers = new TimerScheduler(vertx, db, clock, nodeName(), Duration.ofSeconds(10),
                config.duration(SlaOptions.TIMER_SCAN_INTERVAL), registry)
                .handle(OrderClocks.WARNING, clocks)
                .handle(OrderClocks.DUE, clocks)
                .handle(OrderClocks.ESCALATION, clocks);
        orders.onScheduled(timers::scheduled);
        orders.onChanged(orderSearch::catchUpSoon);
        // Two groups in the database at once: one is written while the next forms.
        intake = new org.hotline.workorder.IntakeGroup(orders, 2, 64, registry);
        org.hotline.citizen.CitizenSms texts = new org.hotline.citizen.CitizenSms(outbox,
                config.stringOrNull(HttpOptions.PUBLIC_URL));
        orders.citizenSms(texts);
        org.hotline.http.RateLimits limits = org.hotline.http.RateLimits.of(
                config.stringOrNull(HttpOptions.RATE_LIMITS));
        TrustedProxies proxies = TrustedProxies.parse(config.stringOrNull(HttpOptions.TRUSTED_PROXIES));
        org.hotline.citizen.PortalService portal = new org.hotline.citizen.PortalService(database, reference,
                orders, citizens, texts, limits, clock, java.time.ZoneId.of(config.string(SlaOptions.TIME_ZONE)),
                config.bool(org.hotline.citizen.CitizenOptions.PORTAL_SMS_VERIFICATION));
        org.hotline.supervision.SupervisionService supervision = new org.hotline.supervision.SupervisionService(
                database, reference, outbox, clock, java.time.ZoneId.of(config.string(SlaOptions.TIME_ZONE)));
        supervision.onScheduled(timers::scheduled);
        timers.handle(org.hotline.supervision.SupervisionService.WARNING, supervision)
                .handle(org.hotline.supervision.SupervisionService.DUE, supervision)
                .handle(org.hotline.supervision.SupervisionService.ESCALATION, supervision)
                .handle(org.hotline.supervision.SupervisionService.ITEM_DUE, supervision);
        org.hotline.open311.ClientKeys open311Keys = new org.hotline.open311.ClientKeys();
        org.hotline.open311.Open311Routes open311 = new org.hotline.open311.Open311Routes(db,
                new org.hotline.open311.Open311Service(database, reference, orders, policies, open311Keys, clock,
                        java.time.ZoneId.of(config.string(SlaOptions.TIME_ZONE)),
                        config.stringOrNull(org.hotline.open311.Open311Options.OPEN311_JURISDICTION_ID),
                        mode == Mode.PRODUCTION),
                config.stringOrNull(HttpOptions.PUBLIC_URL), limits, proxies);
        fold = new org.hotline.assessment.AssessmentFold(vertx, db,
                new org.hotline.assessment.AssessmentLedger(org.hotline.workorder.OrderNumbers.ZONE),
                Duration.ofMillis(250), registry);
        sealer = new org.hotline.audit.AuditSealer(vertx, db, new org.hotline.audit.AuditSeals(
                org.hotline.audit.AuditOptions.chain(config.stringOrNull(org.hotline.audit.AuditOptions.AUDIT_KEY),
                        cipher)), clock, Duration.ofSeconds(1));
        notifications = new NotificationDispatcher(vertx, db, outbox, sender, clock,
                config.duration(org.hotline.notify.NotifyOptions.NOTIFY_INTERVAL), registry);
        List<ApiRouter.Routes> features = List.of(
                new WorkOrderRoutes(db, orders, queries, intake),
                new org.hotline.citizen.PortalRoutes(db, portal),
                new DispatchRoutes(db, catalogue, reference, clock),
                new CalendarRoutes(db, calendar, clock),
                new PolicyRoutes(db, policies, reference, audit, clock),
                new KbRoutes(db, new KbStore(), articles, reference, audit, clock,
                        java.time.ZoneId.of(config.string(SlaOptions.TIME_ZONE))),
                new org.hotline.assist.AssistRoutes(db, orderSearch, catalogue, reference, citizens, clock),
                new org.hotline.hotspot.HotspotRoutes(db, reference, clock,
                        java.time.ZoneId.of(config.string(SlaOptions.TIME_ZONE))),
                new org.hotline.assessment.AssessmentRoutes(db, reference, audit, clock,
                        new org.hotline.assessment.AssessmentLedger(org.hotline.workorder.OrderNumbers.ZONE)),
                new org.hotline.assessment.ReportRoutes(db, reference, audit, clock,
                        java.time.ZoneId.of(config.string(SlaOptions.TIME_ZONE))),
                new org.hotline.cti.CtiRoutes(db, new org.hotline.cti.CallStore(cipher),
                        new org.hotline.cti.DeskEvents(vertx), audit, clock),
                new org.hotline.workorder.HistoryImportRoutes(db, new org.hotline.workorder.HistoryImport(citizens),
                        reference, audit, clock, orderSearch::catchUp),
                new org.hotline.supervision.SupervisionRoutes(db, supervision),
                new org.hotline.dashboard.DashboardRoutes(db, reference, supervision, clock,
                        java.time.ZoneId.of(config.string(SlaOptions.TIME_ZONE))),
                new ClockRoutes(db, new ClockQueries(reference, clocks, clock)),
                new NotificationRoutes(db, outbox, clock),
                new AuthRoutes(db, auth, authService, cookieSecure(), registry),
                new AccountRoutes(db, accounts, reference),
                new ReferenceRoutes(db, new ReferenceData()),
                new org.hotline.open311.ClientRoutes(db, open311Keys, audit, clock),
                new AuditRoutes(db, audit));
        JsonObject document = ApiRouter.loadDocument();
        AuthGuard guard = new AuthGuard(db, authService, config.stringOrNull(HttpOptions.PUBLIC_URL), proxies);

        // Expired sessions are refused on use anyway; this only keeps the table small.
        vertx.setPeriodic(Duration.ofMinutes(10).toMillis(), id -> db.blocking(authService::purgeExpiredSessions));
        // Stored answers to create requests hold citizens' data: kept a day for retries, then dropped.
        vertx.setPeriodic(Duration.ofHours(1).toMillis(), id -> db.blocking(() ->
                orders.purgeIdempotencyKeys(clock.instant().minus(Duration.ofDays(1)))));
        // Likewise the portal's: answers kept for retries, photos never attached, spent SMS codes.
        vertx.setPeriodic(Duration.ofHours(1).toMillis(), id -> db.blocking(portal::purge));

        int instances = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        TimerScheduler startTimers = timers;
        int listenPort = port;
        return vertx.deployVerticle(() -> new HttpVerticle(config, listenPort, document, guard, features, metrics,
                        health, open311, web, limits),
                new DeploymentOptions().setInstances(instances))
                .compose(id -> {
                    deployments.add(id);
                    notifications.start();
                    fold.start();
                    sealer.start();
                    // Everything that fell due while this node was down fires now, once, in due order.
                    return startTimers.start();
                });
    }

    /** This node's name in the timer table: host and process. */
    private static String nodeName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + "/" + ProcessHandle.current().pid();
    }

    private static OfficeHours officeHours(Config config) {
        try {
            return OfficeHours.parse(config.string(SlaOptions.OFFICE_HOURS),
                    java.time.ZoneId.of(config.string(SlaOptions.TIME_ZONE)));
        } catch (RuntimeException e) {
            throw new ConfigException("--office-hours / --time-zone: " + e.getMessage());
        }
    }

    /** Secure cookies unless told otherwise in production (served over HTTPS); plain in development. */
    private boolean cookieSecure() {
        return config.isSet(AuthOptions.COOKIE_SECURE) ? config.bool(AuthOptions.COOKIE_SECURE) : mode == Mode.PRODUCTION;
    }

    public int port() {
        return port;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Database database() {
        return database;
    }

    public Db db() {
        return db;
    }

    public Config config() {
        return config;
    }

    /** The clock this node keeps time by (a test's own clock in tests). */
    public Clock clock() {
        return clock;
    }

    public TimerScheduler timers() {
        return timers;
    }

    /** Moves the assessment journal into the assessment tables (tests fold at once instead of waiting). */
    public org.hotline.assessment.AssessmentFold assessmentFold() {
        return fold;
    }

    /** Seals the audit log into its chain (tests seal at once instead of waiting). */
    public org.hotline.audit.AuditSealer auditSealer() {
        return sealer;
    }

    public NotificationDispatcher notifications() {
        return notifications;
    }

    /** This node's order index (similar orders, dispatch suggestions). */
    public org.hotline.assist.OrderSearch orderSearch() {
        return orderSearch;
    }

    /** This node's knowledge-base search. */
    public KnowledgeSearch knowledge() {
        return articles;
    }

    public Metrics metrics() {
        return metrics;
    }

    /**
     * Graceful shutdown: readiness goes DOWN, the servers stop accepting and finish requests in flight (up to
     * {@code shutdown-timeout}), then Vert.x, the index and the pool close, in that order.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        health.markStopping();
        if (timers != null) {
            // A firing in flight commits before the pools close (else it rolls back and fires again on next start).
            try {
                timers.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Timers did not stop cleanly: {}", e.toString());
            }
        }
        if (notifications != null) {
            notifications.close();
        }
        if (fold != null) {
            fold.close();
        }
        if (sealer != null) {
            sealer.close();
        }
        Duration timeout = config.duration(CoreOptions.SHUTDOWN_TIMEOUT);
        // Order matters: the HTTP verticles first (they stop accepting and wait for requests in flight, which still
        // need the worker pools), then the pools, then Vert.x itself.
        try {
            Future.all(deployments.stream().map(vertx::undeploy).toList())
                    .toCompletionStage().toCompletableFuture()
                    .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("HTTP servers did not stop cleanly: {}", e.toString());
        }
        if (intake != null) {
            intake.close();
        }
        db.close();
        auth.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.toString());
        }
        closeQuietly(articles);
        closeQuietly(orderSearch);
        database.close();
        metrics.close();
        LOG.info("Hotline stopped");
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed: {}", c, e.toString());
        }
    }
}
