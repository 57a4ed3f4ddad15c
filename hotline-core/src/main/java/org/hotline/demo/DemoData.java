package org.hotline.demo;

import static org.hotline.db.generated.Tables.AREA;
import static org.hotline.db.generated.Tables.CATEGORY;
import static org.hotline.db.generated.Tables.CATEGORY_ATTRIBUTE;
import static org.hotline.db.generated.Tables.UNIT;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hotline.auth.PasswordHasher;
import org.hotline.auth.Role;
import org.hotline.auth.StaffRepository;
import org.hotline.db.Database;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo city for {@code start-dev}: districts and streets, the centre, district governments, street offices,
 * city bureaus and utilities, the category tree and one account per role (from {@code demo/city.json}). Loaded
 * once, into an empty database, in one transaction.
 */
public final class DemoData {

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);
    public static final String RESOURCE = "demo/city.json";
    public static final String KB_RESOURCE = "demo/kb-articles.json";

    /** A demo account as the README lists it. */
    public record DemoAccount(String username, String displayName, List<String> roles, String unitCode) {
    }

    /** The demo's Open311 api_key, listed in the README: for trying the Open311 endpoint with any client. */
    public static final String OPEN311_DEMO_KEY = "open311-demo";

    /** Over how many days the demo's orders spread. */
    static final int DEMO_DAYS = 90;

    /** Over how many days before those the demo's history spreads: twelve months. */
    static final int HISTORY_DAYS = 365;

    private final Database db;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final JsonObject city;
    private final org.hotline.citizen.PiiCipher cipher;

    public DemoData(Database db, PasswordHasher hasher, Clock clock) {
        this(db, hasher, clock, null);
    }

    public DemoData(Database db, PasswordHasher hasher, Clock clock, org.hotline.citizen.PiiCipher cipher) {
        this.db = db;
        this.hasher = hasher;
        this.clock = clock;
        this.city = read();
        this.cipher = cipher;
    }

    /** The demo accounts listed in the demo city file. */
    public static List<DemoAccount> listAccounts() {
        return new DemoData(null, null, null).accounts();
    }

    public static JsonObject read() {
        try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + RESOURCE);
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<DemoAccount> accounts() {
        List<DemoAccount> out = new ArrayList<>();
        for (Object o : city.getJsonArray("accounts")) {
            JsonObject a = (JsonObject) o;
            out.add(new DemoAccount(a.getString("username"), a.getString("displayName"),
                    a.getJsonArray("roles").stream().map(String::valueOf).toList(), a.getString("unitCode")));
        }
        return out;
    }

    /** True when the database holds no units yet, i.e. the demo has not been loaded. */
    public boolean isEmpty() {
        return !db.dsl().fetchExists(UNIT);
    }

    /** Loads the demo city if the database is empty; returns whether it did. */
    public boolean loadIfEmpty(String password) {
        return loadIfEmpty(password, 0);
    }

    /** Loads the demo city, and {@code orders} orders over the last 90 days, if the database is empty. */
    public boolean loadIfEmpty(String password, int orders) {
        return loadIfEmpty(password, orders, 0);
    }

    /**
     * As {@link #loadIfEmpty(String, int)}, with {@code history} closed orders, with their timelines, from the twelve
     * months before.
     */
    public boolean loadIfEmpty(String password, int orders, int history) {
        if (!isEmpty()) {
            return false;
        }
        long started = System.nanoTime();
        Instant now = clock.instant();
        List<DemoAccount> accounts = accounts();
        // Slow work on the side while the city goes in: the accounts' password hashes, the history's orders made up.
        ExecutorService hashing = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        DemoHistory.Feed past = null;
        try {
            Map<String, Future<String>> hashes = hashAll(hashing, accounts, password);
            past = cipher != null && history > 0
                    ? new DemoHistory(db, city, DemoOrders.read(), cipher).start(history,
                            now.minus(java.time.Duration.ofDays(DEMO_DAYS + HISTORY_DAYS)),
                            now.minus(java.time.Duration.ofDays(DEMO_DAYS)), now)
                    : null;
            Map<String, Long> units = new HashMap<>();
            db.transaction(dsl -> {
                Map<String, Long> areas = new HashMap<>();
                insertAreas(dsl, city.getJsonArray("areas"), null, areas);
                insertUnits(dsl, city.getJsonArray("units"), null, areas, units, now);
                insertCategories(dsl, city.getJsonArray("categories"), null);
                StaffRepository staff = new StaffRepository();
                for (DemoAccount a : accounts) {
                    Set<Role> roles = EnumSet.noneOf(Role.class);
                    a.roles().forEach(r -> roles.add(Role.parse(r).orElseThrow(() ->
                            new IllegalStateException("Unknown role in demo data: " + r))));
                    Long unitId = a.unitCode() == null ? null : units.get(a.unitCode());
                    staff.insert(dsl, a.username(), a.displayName(), done(hashes.get(a.username())), unitId, roles,
                            now);
                }
                return null;
            });
            int articles = loadKnowledgeBase(now);
            LOG.info("Demo city loaded in {} ms: {} accounts, {} knowledge-base articles",
                    (System.nanoTime() - started) / 1_000_000, accounts.size(), articles);
            DemoOrders generator = cipher == null ? null : new DemoOrders(db, city, cipher, clock);
            if (generator != null) {
                generator.loadCatalogue();
            }
            if (past != null) {
                past.importAll();
                past = null;
            }
            if (generator != null && orders > 0) {
                generator.load(orders, DEMO_DAYS);
            }
        } finally {
            hashing.shutdownNow();
            if (past != null) {
                past.cancel();
            }
        }
        return true;
    }

    /**
     * The demo's Open311 client application with the well-known key {@link #OPEN311_DEMO_KEY}; also added to demos
     * created before Open311 existed. A revoked demo key stays revoked.
     */
    public void ensureOpen311Client() {
        org.hotline.open311.ClientKeys keys = new org.hotline.open311.ClientKeys();
        db.transaction(dsl -> {
            if (!keys.exists(dsl, OPEN311_DEMO_KEY)) {
                keys.insert(dsl, "Open311 演示应用 (demo)", OPEN311_DEMO_KEY, null, clock.instant());
            }
            return null;
        });
    }

    /** The demo knowledge base (written for 江城市), published as an import would publish it. */
    private int loadKnowledgeBase(Instant now) {
        JsonArray articles;
        try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(KB_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + KB_RESOURCE);
            }
            articles = new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var resolver = new org.hotline.kb.ReferenceResolver(new org.hotline.reference.ReferenceCache(db).get());
        org.hotline.kb.KbStore store = new org.hotline.kb.KbStore();
        return db.transaction(dsl -> {
            for (int i = 0; i < articles.size(); i++) {
                JsonObject a = articles.getJsonObject(i);
                store.create(dsl, org.hotline.kb.ArticleContent.parse(a, resolver, "[" + i + "]."), a.getString("id"),
                        true, null, null, now, "demo");
            }
            return articles.size();
        });
    }

    /** Hashing is deliberately slow: spread over the cores, and done while other work goes on. */
    private Map<String, Future<String>> hashAll(ExecutorService pool, List<DemoAccount> accounts, String password) {
        Map<String, Future<String>> futures = new HashMap<>();
        accounts.forEach(a -> futures.put(a.username(), pool.submit(() -> hasher.hash(password.toCharArray()))));
        return futures;
    }

    private static String done(Future<String> hash) {
        try {
            return hash.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while hashing demo passwords", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Cannot hash demo passwords", e.getCause());
        }
    }

    private static void insertAreas(DSLContext dsl, JsonArray nodes, Long parent, Map<String, Long> ids) {
        if (nodes == null) {
            return;
        }
        int order = 0;
        for (Object o : nodes) {
            JsonObject n = (JsonObject) o;
            long id = dsl.insertInto(AREA)
                    .set(AREA.PARENT_ID, parent)
                    .set(AREA.CODE, n.getString("code"))
                    .set(AREA.NAME, n.getString("name"))
                    .set(AREA.LEVEL, n.getString("level"))
                    .set(AREA.SORT_ORDER, order++)
                    .returningResult(AREA.ID).fetchOne().value1();
            ids.put(n.getString("code"), id);
            insertAreas(dsl, n.getJsonArray("children"), id, ids);
        }
    }

    private static void insertUnits(DSLContext dsl, JsonArray nodes, Long parent, Map<String, Long> areas,
                                    Map<String, Long> ids, Instant now) {
        if (nodes == null) {
            return;
        }
        int order = 0;
        for (Object o : nodes) {
            JsonObject n = (JsonObject) o;
            String areaCode = n.getString("areaCode");
            long id = dsl.insertInto(UNIT)
                    .set(UNIT.PARENT_ID, parent)
                    .set(UNIT.CODE, n.getString("code"))
                    .set(UNIT.NAME, n.getString("name"))
                    .set(UNIT.KIND, n.getString("kind"))
                    .set(UNIT.AREA_ID, areaCode == null ? null : areas.get(areaCode))
                    .set(UNIT.ACTIVE, true)
                    .set(UNIT.SORT_ORDER, order++)
                    .set(UNIT.CREATED_AT, now)
                    .returningResult(UNIT.ID).fetchOne().value1();
            ids.put(n.getString("code"), id);
            insertUnits(dsl, n.getJsonArray("children"), id, areas, ids, now);
        }
    }

    /** The extra fields a category asks of Open311 requests (its service attributes). */
    private static void insertAttributes(DSLContext dsl, long categoryId, JsonArray attributes) {
        if (attributes == null) {
            return;
        }
        int order = 0;
        for (Object o : attributes) {
            JsonObject a = (JsonObject) o;
            JsonArray values = a.getJsonArray("values");
            dsl.insertInto(CATEGORY_ATTRIBUTE)
                    .set(CATEGORY_ATTRIBUTE.CATEGORY_ID, categoryId)
                    .set(CATEGORY_ATTRIBUTE.CODE, a.getString("code"))
                    .set(CATEGORY_ATTRIBUTE.DATATYPE, a.getString("datatype"))
                    .set(CATEGORY_ATTRIBUTE.MANDATORY, a.getBoolean("required", false))
                    .set(CATEGORY_ATTRIBUTE.DESCRIPTION, a.getString("description"))
                    .set(CATEGORY_ATTRIBUTE.DATATYPE_DESCRIPTION, a.getString("datatypeDescription"))
                    .set(CATEGORY_ATTRIBUTE.SORT_ORDER, order++)
                    .set(CATEGORY_ATTRIBUTE.VALUE_LIST, values == null ? null : values.encode())
                    .execute();
        }
    }

    private static void insertCategories(DSLContext dsl, JsonArray nodes, Long parent) {
        if (nodes == null) {
            return;
        }
        int order = 0;
        for (Object o : nodes) {
            JsonObject n = (JsonObject) o;
            long id = dsl.insertInto(CATEGORY)
                    .set(CATEGORY.PARENT_ID, parent)
                    .set(CATEGORY.CODE, n.getString("code"))
                    .set(CATEGORY.NAME, n.getString("name"))
                    .set(CATEGORY.KEYWORDS, n.getString("keywords"))
                    .set(CATEGORY.ACTIVE, true)
                    .set(CATEGORY.SORT_ORDER, order++)
                    .returningResult(CATEGORY.ID).fetchOne().value1();
            insertAttributes(dsl, id, n.getJsonArray("attributes"));
            insertCategories(dsl, n.getJsonArray("children"), id);
        }
    }
}
