package org.hotline.kb;

import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.hotline.db.generated.Tables.WORK_ORDER_EVENT;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hotline.audit.AuditEntry;
import org.hotline.audit.AuditLog;
import org.hotline.auth.AuthGuard;
import org.hotline.auth.AuthService;
import org.hotline.auth.Principal;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;
import org.hotline.http.Problem;
import org.hotline.http.ProblemException;
import org.hotline.reference.ReferenceCache;
import org.hotline.workorder.OrderStatus;
import org.hotline.workorder.Timeline;

/**
 * {@code /api/v1/kb/…}: suggestions while the operator types, full search, the articles with their versions and
 * review, import of an old knowledge base, usage and feedback, the synonym list, statistics per owner unit.
 */
public final class KbRoutes implements ApiRouter.Routes {

    private static final Set<String> USAGE_KINDS = Set.of("used", "helpful", "wrong");
    private static final int MAX_IMPORT = 5000;

    private final Db db;
    private final KbStore store;
    private final KnowledgeSearch search;
    private final ReferenceCache reference;
    private final AuditLog audit;
    private final Clock clock;
    private final ZoneId zone;
    private final Timeline timeline = new Timeline();

    public KbRoutes(Db db, KbStore store, KnowledgeSearch search, ReferenceCache reference, AuditLog audit,
                    Clock clock, ZoneId zone) {
        this.db = db;
        this.store = store;
        this.search = search;
        this.reference = reference;
        this.audit = audit;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("kbSuggest", this::suggest)
                .handle("kbSearch", this::list)
                .handle("kbCreate", this::create)
                .handle("kbImport", this::importArticles)
                .handle("kbFromOrder", this::fromOrder)
                .handle("kbGet", this::get)
                .handle("kbRevise", this::revise)
                .handle("kbAction", this::action)
                .handle("kbVersions", this::versions)
                .handle("kbDiff", this::diff)
                .handle("kbUsage", this::usage)
                .handle("kbSynonyms", this::synonyms)
                .handle("kbPutSynonyms", this::putSynonyms)
                .handle("kbStats", this::stats)
                .handle("kbRebuild", this::rebuild);
    }

    /**
     * After a commit: this node's index takes the change before the answer goes out, so the author's next search
     * finds it. On the worker pool — the catch-up waits for the index thread and reads the database.
     */
    private <T> io.vertx.core.Future<T> searchable(java.util.concurrent.Callable<T> answer) {
        return db.blocking(() -> {
            search.catchUp();
            return answer.call();
        });
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    // --- search -----------------------------------------------------------------------------------------------

    private void suggest(RoutingContext rc) {
        String q = Json.query(rc, "q");
        int limit = intQuery(rc, "limit", 5);
        LocalDate today = today();
        Json.reply(rc, db.blocking(() -> new JsonObject().put("items",
                hits(search.suggest(q, limit, today), today))));
    }

    private JsonArray hits(List<ArticleIndex.Hit> hits, LocalDate today) {
        var ref = reference.get();
        JsonArray out = new JsonArray();
        for (ArticleIndex.Hit h : hits) {
            JsonObject j = new JsonObject().put("id", Long.parseLong(h.id())).put("title", h.title())
                    .put("snippet", h.snippet()).put("score", Math.round(h.score() * 1000) / 1000.0)
                    .put("category", h.category());
            ref.categories().values().stream().filter(n -> n.code().equals(h.category())).findFirst()
                    .ifPresent(n -> j.put("categoryName", n.path()));
            ref.units().byCode(h.ownerUnit()).ifPresent(u -> j.put("ownerUnitId", u.id()).put("ownerUnit", u.name()));
            if (h.validTo() != null) {
                j.put("validTo", h.validTo().toString())
                        .put("expiringSoon", !h.validTo().isAfter(today.plusDays(KnowledgeSearch.NEAR_EXPIRY_DAYS)));
            }
            if (h.reviewDue() != null) {
                j.put("reviewDue", h.reviewDue().toString()).put("reviewOverdue", h.reviewDue().isBefore(today));
            }
            out.add(j);
        }
        return out;
    }

    /** With {@code q}: full-text search over live articles; without: the console's list from the database. */
    private void list(RoutingContext rc) {
        String q = Json.query(rc, "q");
        String status = Json.query(rc, "status");
        Long owner = longQuery(rc, "ownerUnitId");
        String category = Json.query(rc, "category");
        boolean stale = "true".equals(Json.query(rc, "stale"));
        int limit = intQuery(rc, "limit", 20);
        int offset = intQuery(rc, "offset", 0);
        LocalDate today = today();
        ArticleStatus st = status == null ? null : ArticleStatus.parse(status).orElseThrow(() ->
                ProblemException.field("status", "one of draft, review, published, retired"));
        if (q != null && !q.isBlank() && (st == null || st == ArticleStatus.PUBLISHED) && !stale) {
            var ref = reference.get();
            String ownerCode = owner == null ? null : ref.units().unit(owner).map(u -> u.code()).orElseThrow(() ->
                    ProblemException.field("ownerUnitId", "no unit with id " + owner));
            String categoryCode = category == null ? null : new ReferenceResolver(ref).category(category)
                    .flatMap(ref::category).map(ReferenceCache.Node::code).orElseThrow(() ->
                            ProblemException.field("category", "no category with code or path '" + category + "'"));
            Json.reply(rc, db.blocking(() -> new JsonObject().put("items",
                    hits(search.search(q, offset + limit, today, categoryCode, ownerCode), today).stream()
                            .skip(offset).collect(JsonArray::new, JsonArray::add, JsonArray::addAll))
                    .put("search", true)));
            return;
        }
        KbStore.ListFilter f = new KbStore.ListFilter(st, owner, q, stale, today, offset, limit);
        Json.reply(rc, db.read(dsl -> new JsonObject()
                .put("items", new JsonArray(store.list(dsl, f).stream().map(a -> summary(a, today)).toList()))
                .put("total", store.count(dsl, f))));
    }

    // --- articles ---------------------------------------------------------------------------------------------

    private void create(RoutingContext rc) {
        JsonObject b = Json.body(rc);
        Principal p = AuthGuard.principal(rc);
        ArticleContent c = ArticleContent.parse(b, new ReferenceResolver(reference.get()), "");
        c = ownedBy(p, c);
        boolean publish = b.getBoolean("publish", false);
        if (publish && !ReviewFlow.isReviewer(p)) {
            throw ProblemException.forbidden("Only knowledge-base admins publish without review.");
        }
        if (!ReviewFlow.mayCreate(p, c.ownerUnitId())) {
            throw ProblemException.forbidden("A unit writes articles for itself only.");
        }
        ArticleContent content = c;
        String code = b.getString("code");
        Long sourceOrder = b.getLong("sourceOrderId");
        LocalDate today = today();
        Json.reply(rc, 201, db.tx(dsl -> {
            if (code != null && store.byCode(dsl, code, false).isPresent()) {
                throw ProblemException.field("code", "an article with code " + code + " exists");
            }
            return store.create(dsl, content, code, publish, sourceOrder, p.userId(), clock.instant(),
                    b.getString("note"));
        }).compose(a -> searchable(() -> detail(a, p, today))));
    }

    /** Unit staff write for their own unit: an article without an owner becomes theirs. */
    private static ArticleContent ownedBy(Principal p, ArticleContent c) {
        if (c.ownerUnitId() == null && !ReviewFlow.isReviewer(p) && p.unitId() != null
                && (p.has(org.hotline.auth.Role.UNIT_ADMIN) || p.has(org.hotline.auth.Role.UNIT_HANDLER))) {
            return new ArticleContent(c.title(), c.question(), c.answer(), c.categoryId(), p.unitId(), c.keywords(),
                    c.validFrom(), c.validTo(), c.reviewDue());
        }
        return c;
    }

    /**
     * Brings an old knowledge base over: every article checked first (all problems reported at once, nothing
     * written), then all published in one transaction. An article whose {@code id} was imported before gets a new
     * published version instead of a duplicate.
     */
    private void importArticles(RoutingContext rc) {
        var body = Json.validated(rc) == null ? null : Json.validated(rc).getBody();
        if (body == null || body.isNull() || !(body.get() instanceof JsonArray array)) {
            throw ProblemException.field("body", "a JSON array of articles");
        }
        if (array.isEmpty() || array.size() > MAX_IMPORT) {
            throw ProblemException.field("body", "1 to " + MAX_IMPORT + " articles per request");
        }
        Principal p = AuthGuard.principal(rc);
        AuthService.Caller caller = AuthGuard.caller(rc);
        ReferenceResolver resolver = new ReferenceResolver(reference.get());
        List<ArticleContent> contents = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject o)) {
                errors.add(new Problem.FieldError("[" + i + "]", "an article object"));
                continue;
            }
            try {
                contents.add(ArticleContent.parse(o, resolver, "[" + i + "]."));
            } catch (ProblemException e) {
                errors.addAll(e.problem().errors());
            }
            Object id = o.getValue("id", o.getValue("code"));
            String code = id == null ? null : id.toString().strip();
            if (code != null && (code.isEmpty() || code.length() > 64)) {
                errors.add(new Problem.FieldError("[" + i + "].id", "1 to 64 characters"));
            } else if (code != null && !seen.add(code)) {
                errors.add(new Problem.FieldError("[" + i + "].id", "appears twice in this import"));
            }
            codes.add(code);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.size() > 100 ? errors.subList(0, 100) : errors);
        }
        Json.reply(rc, db.tx(dsl -> {
            var now = clock.instant();
            int created = 0;
            int updated = 0;
            JsonArray ids = new JsonArray();
            for (int i = 0; i < contents.size(); i++) {
                String code = codes.get(i);
                var existing = code == null ? java.util.Optional.<KbStore.Stored>empty()
                        : store.byCode(dsl, code, true);
                KbStore.Stored a;
                if (existing.isPresent()) {
                    a = store.revise(dsl, existing.get(), contents.get(i), true, p.userId(), now, "import");
                    updated++;
                } else {
                    a = store.create(dsl, contents.get(i), code, true, null, p.userId(), now, "import");
                    created++;
                }
                ids.add(new JsonObject().put("id", a.id()).put("code", code));
            }
            audit.append(dsl, new AuditEntry(null, now, p.userId(), p.username(), p.roleList(), caller.address(),
                    AuditLog.KB_IMPORTED, "kb_article", null, AuditEntry.SUCCESS,
                    created + " created, " + updated + " updated", caller.requestId()));
            return new JsonObject().put("created", created).put("updated", updated).put("items", ids);
        }).compose(r -> searchable(() -> r)));
    }

    /** An operator turns a closed order's reply into a draft article: question from the order, answer from the reply. */
    private void fromOrder(RoutingContext rc) {
        long orderId = Json.body(rc).getLong("orderId", 0L);
        Principal p = AuthGuard.principal(rc);
        LocalDate today = today();
        Json.reply(rc, 201, db.tx(dsl -> {
            var o = dsl.selectFrom(WORK_ORDER).where(WORK_ORDER.ID.eq(orderId)).fetchOne();
            if (o == null) {
                throw ProblemException.field("orderId", "no order with id " + orderId);
            }
            if (!OrderStatus.CLOSED.name().equals(o.getStatus())) {
                throw ProblemException.field("orderId", "order " + o.getNumber() + " is not closed: its reply may "
                        + "still change");
            }
            String reply = dsl.select(WORK_ORDER_EVENT.NOTE).from(WORK_ORDER_EVENT)
                    .where(WORK_ORDER_EVENT.ORDER_ID.eq(orderId))
                    .and(WORK_ORDER_EVENT.ACTION.in("reply", "answer-directly", "approve-reply"))
                    .and(WORK_ORDER_EVENT.NOTE.isNotNull())
                    .orderBy(WORK_ORDER_EVENT.ID.desc()).limit(1).fetchOne(WORK_ORDER_EVENT.NOTE);
            if (reply == null || reply.isBlank()) {
                throw ProblemException.field("orderId", "order " + o.getNumber() + " has no reply to start from");
            }
            String content = o.getContent();
            String title = content.length() > 40 ? content.substring(0, 40) + "…" : content;
            var now = clock.instant();
            ArticleContent c = new ArticleContent(title, content, Html.fromText(reply), o.getCategoryId(),
                    o.getLeadUnitId(), List.of(), null, null, null);
            KbStore.Stored a = store.create(dsl, c, null, false, orderId, p.userId(), now,
                    "from order " + o.getNumber());
            timeline.append(dsl, new Timeline.Event(null, orderId, now, p.userId(), p.displayName(),
                    p.roleList(), p.unitId(), "kb-draft", null, null, null,
                    new JsonObject().put("articleId", a.id()).put("title", title)));
            return detail(a, p, today);
        }));
    }

    private void get(RoutingContext rc) {
        long id = Json.pathLong(rc, "id");
        Principal p = AuthGuard.principal(rc);
        LocalDate today = today();
        Json.reply(rc, db.read(dsl -> {
            KbStore.Stored a = store.find(dsl, id, false).orElseThrow(() -> notFound(id));
            JsonObject j = detail(a, p, today);
            store.version(dsl, id, a.latestVersion()).ifPresent(v -> j.put("latest", version(v)));
            return j;
        }));
    }

    private void revise(RoutingContext rc) {
        long id = Json.pathLong(rc, "id");
        JsonObject b = Json.body(rc);
        Principal p = AuthGuard.principal(rc);
        ArticleContent c = ownedBy(p, ArticleContent.parse(b, new ReferenceResolver(reference.get()), ""));
        boolean publish = b.getBoolean("publish", false);
        Integer expected = b.getInteger("expectedVersion");
        LocalDate today = today();
        Json.reply(rc, db.tx(dsl -> {
            KbStore.Stored a = store.find(dsl, id, true).orElseThrow(() -> notFound(id));
            if (!ReviewFlow.mayEdit(p, a.subject())) {
                throw ProblemException.forbidden("This article belongs to another unit; its owner or a KB admin "
                        + "edits it.");
            }
            if (publish && !ReviewFlow.isReviewer(p)) {
                throw ProblemException.forbidden("Only knowledge-base admins publish without review.");
            }
            if (!ReviewFlow.isReviewer(p) && c.ownerUnitId() != null && !c.ownerUnitId().equals(a.content()
                    .ownerUnitId()) && !ReviewFlow.mayCreate(p, c.ownerUnitId())) {
                throw ProblemException.field("ownerUnitId", "a unit cannot give its article to another unit");
            }
            if (expected != null && expected != a.latestVersion()) {
                throw ProblemException.conflict("The article has changed since you opened it (now version "
                        + a.latestVersion() + "); reload and edit again.");
            }
            return detail(store.revise(dsl, a, c, publish, p.userId(), clock.instant(), b.getString("note")), p,
                    today);
        }).compose(j -> searchable(() -> j)));
    }

    private void action(RoutingContext rc) {
        long id = Json.pathLong(rc, "id");
        String action = Json.pathParam(rc, "action");
        if (!Set.of("submit", "approve", "reject", "retire").contains(action)) {
            throw ProblemException.notFound("No article action '" + action + "' (submit, approve, reject, retire).");
        }
        JsonObject b = Json.bodyOrEmpty(rc);
        String note = b.getString("note");
        if ("reject".equals(action) && (note == null || note.isBlank())) {
            throw ProblemException.field("note", "required: tell the author what to change");
        }
        Principal p = AuthGuard.principal(rc);
        LocalDate today = today();
        Json.reply(rc, db.tx(dsl -> {
            KbStore.Stored a = store.find(dsl, id, true).orElseThrow(() -> notFound(id));
            List<String> allowed = ReviewFlow.allowed(p, a.subject());
            if (!allowed.contains(action)) {
                boolean mayAtAll = "submit".equals(action) ? ReviewFlow.mayEdit(p, a.subject())
                        : ReviewFlow.isReviewer(p);
                if (!mayAtAll) {
                    throw ProblemException.forbidden("You may not " + action + " this article.");
                }
                throw ProblemException.conflict("Cannot " + action + " an article in status " + a.status().id()
                        + "; allowed now: " + allowed);
            }
            var now = clock.instant();
            KbStore.Stored after = switch (action) {
                case "submit" -> store.submit(dsl, a, now);
                case "approve" -> store.approve(dsl, a, p.userId(), now, note);
                case "reject" -> store.reject(dsl, a, p.userId(), now, note);
                default -> store.retire(dsl, a, p.userId(), now, note);
            };
            return detail(after, p, today);
        }).compose(j -> searchable(() -> j)));
    }

    private void versions(RoutingContext rc) {
        long id = Json.pathLong(rc, "id");
        Json.reply(rc, db.read(dsl -> {
            store.find(dsl, id, false).orElseThrow(() -> notFound(id));
            return new JsonObject().put("items", new JsonArray(store.versions(dsl, id).stream().map(this::version)
                    .toList()));
        }));
    }

    private void diff(RoutingContext rc) {
        long id = Json.pathLong(rc, "id");
        int from = intQuery(rc, "from", -1);
        int to = intQuery(rc, "to", -1);
        Json.reply(rc, db.read(dsl -> {
            KbStore.Stored a = store.find(dsl, id, false).orElseThrow(() -> notFound(id));
            int t = to < 0 ? a.latestVersion() : to;
            int f = from < 0 ? t - 1 : from;
            var before = store.version(dsl, id, f).orElseThrow(() -> ProblemException.field("from",
                    "no version " + f));
            var after = store.version(dsl, id, t).orElseThrow(() -> ProblemException.field("to", "no version " + t));
            JsonArray changes = new JsonArray();
            for (VersionDiff.Change c : VersionDiff.between(before.content(), after.content())) {
                JsonArray parts = new JsonArray();
                c.parts().forEach(part -> parts.add(new JsonObject().put("kind", part.kind()).put("text",
                        part.text())));
                changes.add(new JsonObject().put("field", c.field()).put("before", c.before()).put("after",
                        c.after()).put("parts", parts));
            }
            return new JsonObject().put("from", f).put("to", t).put("changes", changes);
        }));
    }

    /** Used on an order (which article, by whom — also on the order's timeline), or judged helpful or wrong. */
    private void usage(RoutingContext rc) {
        long id = Json.pathLong(rc, "id");
        JsonObject b = Json.body(rc);
        String kind = b.getString("kind");
        if (kind == null || !USAGE_KINDS.contains(kind)) {
            throw ProblemException.field("kind", "one of used, helpful, wrong");
        }
        Long orderId = b.getLong("orderId");
        if ("used".equals(kind) && orderId == null) {
            throw ProblemException.field("orderId", "required: the order the article was used on");
        }
        String note = b.getString("note");
        Principal p = AuthGuard.principal(rc);
        db.tx(dsl -> {
            KbStore.Stored a = store.find(dsl, id, false).orElseThrow(() -> notFound(id));
            var now = clock.instant();
            if (orderId != null) {
                if (!dsl.fetchExists(WORK_ORDER, WORK_ORDER.ID.eq(orderId))) {
                    throw ProblemException.field("orderId", "no order with id " + orderId);
                }
                timeline.append(dsl, new Timeline.Event(null, orderId, now, p.userId(), p.displayName(),
                        p.roleList(), p.unitId(), "kb-" + kind, null, null, note,
                        new JsonObject().put("articleId", a.id()).put("title", a.content().title())
                                .put("version", a.publishedVersion())));
            }
            store.recordUsage(dsl, a, orderId, kind, note, p.userId(), p.unitId(), now);
            return null;
        }).onSuccess(x -> rc.response().setStatusCode(204).end()).onFailure(rc::fail);
    }

    // --- synonyms, statistics, index --------------------------------------------------------------------------

    private void synonyms(RoutingContext rc) {
        Json.reply(rc, db.read(dsl -> new JsonObject().put("groups", new JsonArray(store.synonyms(dsl).stream()
                .map(JsonArray::new).toList()))));
    }

    /** The whole list at once, as the console edits it; each group is checked the way search will read it. */
    private void putSynonyms(RoutingContext rc) {
        JsonArray groups = Json.body(rc).getJsonArray("groups");
        if (groups == null) {
            throw ProblemException.field("groups", "required: a list of word groups");
        }
        List<List<String>> parsed = new ArrayList<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            Object g = groups.getValue(i);
            LinkedHashSet<String> words = new LinkedHashSet<>();
            if (g instanceof JsonArray a) {
                a.forEach(w -> {
                    String t = w == null ? "" : w.toString().replace(",", " ").strip();
                    if (!t.isEmpty()) {
                        words.add(t);
                    }
                });
            }
            if (words.size() < 2) {
                errors.add(new Problem.FieldError("groups[" + i + "]", "at least two words that mean the same"));
            } else if (String.join(",", words).length() > 1000) {
                errors.add(new Problem.FieldError("groups[" + i + "]", "at most 1000 characters"));
            } else {
                parsed.add(List.copyOf(words));
            }
        }
        if (errors.isEmpty()) {
            try {
                ChineseAnalyzers.synonyms(parsed.stream().map(w -> String.join(",", w)).toList());
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("groups", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Principal p = AuthGuard.principal(rc);
        AuthService.Caller caller = AuthGuard.caller(rc);
        Json.reply(rc, db.tx(dsl -> {
            var now = clock.instant();
            store.replaceSynonyms(dsl, parsed, p.userId(), now);
            audit.append(dsl, new AuditEntry(null, now, p.userId(), p.username(), p.roleList(), caller.address(),
                    AuditLog.KB_SYNONYMS_CHANGED, "kb_synonym", null, AuditEntry.SUCCESS,
                    parsed.size() + " groups", caller.requestId()));
            return new JsonObject().put("groups", new JsonArray(parsed.stream().map(JsonArray::new).toList()));
        }).compose(j -> searchable(() -> j)));
    }

    private void stats(RoutingContext rc) {
        LocalDate today = today();
        Json.reply(rc, db.read(dsl -> {
            var units = reference.get().units();
            JsonArray items = new JsonArray();
            for (KbStore.OwnerStats s : store.ownerStats(dsl, today)) {
                int judged = s.helpful() + s.wrong();
                items.add(new JsonObject().put("ownerUnitId", s.ownerUnitId())
                        .put("ownerUnit", s.ownerUnitId() == null ? null : units.name(s.ownerUnitId()))
                        .put("articles", s.articles()).put("live", s.live()).put("hits", s.hits())
                        .put("helpful", s.helpful()).put("wrong", s.wrong())
                        .put("helpfulRate", judged == 0 ? null : Math.round(1000.0 * s.helpful() / judged) / 1000.0)
                        .put("stale", s.stale()).put("expired", s.expired()));
            }
            return new JsonObject().put("items", items).put("asOf", today.toString());
        }));
    }

    private void rebuild(RoutingContext rc) {
        Principal p = AuthGuard.principal(rc);
        AuthService.Caller caller = AuthGuard.caller(rc);
        long started = System.nanoTime();
        Json.reply(rc, db.blocking(() -> {
            search.rebuild();
            return null;
        }).compose(x -> db.tx(dsl -> {
            long ms = (System.nanoTime() - started) / 1_000_000;
            audit.append(dsl, new AuditEntry(null, clock.instant(), p.userId(), p.username(), p.roleList(),
                    caller.address(), AuditLog.KB_REINDEXED, "kb_index", null, AuditEntry.SUCCESS,
                    "rebuilt in " + ms + " ms", caller.requestId()));
            return new JsonObject().put("revision", search.appliedRevision()).put("millis", ms);
        })));
    }

    // --- json -------------------------------------------------------------------------------------------------

    private JsonObject summary(KbStore.Stored a, LocalDate today) {
        ArticleContent c = a.content();
        var ref = reference.get();
        JsonObject j = new JsonObject().put("id", a.id()).put("code", a.code()).put("title", c.title())
                .put("status", a.status().id()).put("latestVersion", a.latestVersion())
                .put("publishedVersion", a.publishedVersion())
                .put("categoryId", c.categoryId())
                .put("categoryName", ref.category(c.categoryId()).map(ReferenceCache.Node::path).orElse(null))
                .put("ownerUnitId", c.ownerUnitId())
                .put("ownerUnit", c.ownerUnitId() == null ? null : ref.units().name(c.ownerUnitId()))
                .put("validFrom", str(c.validFrom())).put("validTo", str(c.validTo()))
                .put("reviewDue", str(c.reviewDue()))
                .put("expired", c.validTo() != null && c.validTo().isBefore(today))
                .put("expiringSoon", c.validTo() != null && !c.validTo().isBefore(today)
                        && !c.validTo().isAfter(today.plusDays(KnowledgeSearch.NEAR_EXPIRY_DAYS)))
                .put("reviewOverdue", c.reviewDue() != null && c.reviewDue().isBefore(today))
                .put("hits", a.hits()).put("helpful", a.helpful()).put("wrong", a.wrong())
                .put("updatedAt", a.updatedAt().toString());
        return j;
    }

    private JsonObject detail(KbStore.Stored a, Principal p, LocalDate today) {
        ArticleContent c = a.content();
        return summary(a, today).put("question", c.question()).put("answer", c.answer())
                .put("keywords", new JsonArray(c.keywords())).put("sourceOrderId", a.sourceOrderId())
                .put("createdAt", a.createdAt().toString())
                .put("publishedAt", a.publishedAt() == null ? null : a.publishedAt().toString())
                .put("allowedActions", new JsonArray(ReviewFlow.allowed(p, a.subject())));
    }

    private JsonObject version(KbStore.Version v) {
        return new JsonObject().put("version", v.version()).put("status", v.status()).put("note", v.note())
                .put("content", v.content().toJson())
                .put("createdBy", v.createdBy()).put("createdAt", v.createdAt().toString())
                .put("reviewedBy", v.reviewedBy())
                .put("reviewedAt", v.reviewedAt() == null ? null : v.reviewedAt().toString());
    }

    private static ProblemException notFound(long id) {
        return ProblemException.notFound("No article with id " + id);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static int intQuery(RoutingContext rc, String name, int dflt) {
        String v = Json.query(rc, name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ProblemException.field(name, "must be an integer");
        }
    }

    private static Long longQuery(RoutingContext rc, String name) {
        String v = Json.query(rc, name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ProblemException.field(name, "must be an integer");
        }
    }

}
