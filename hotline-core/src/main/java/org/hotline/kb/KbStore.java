package org.hotline.kb;

import static org.hotline.db.generated.Tables.KB_ARTICLE;
import static org.hotline.db.generated.Tables.KB_ARTICLE_VERSION;
import static org.hotline.db.generated.Tables.KB_REVISION;
import static org.hotline.db.generated.Tables.KB_SYNONYM;
import static org.hotline.db.generated.Tables.KB_USAGE;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Iterator;
import org.hotline.db.generated.tables.records.KbArticleRecord;
import org.hotline.db.generated.tables.records.KbArticleVersionRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The knowledge base in the database, its source of truth: articles, their versions and review, synonyms, and usage.
 * Every change search must see takes the next KB revision (a row lock, so revisions commit in order) and stamps it
 * on the article: each node's index follows with "revision greater than mine".
 */
public final class KbStore {

    /** An article row: its live content (published, or the first draft until then) and its newest version's state. */
    public record Stored(long id, String code, ArticleStatus status, int latestVersion, Integer publishedVersion,
                         ArticleContent content, Long sourceOrderId, int hits, int helpful, int wrong, long revision,
                         Long createdBy, Instant createdAt, Instant updatedAt, Instant publishedAt) {

        public boolean everPublished() {
            return publishedVersion != null;
        }

        /** In search: published at some version and not retired (validity is checked at query time). */
        public boolean searchable() {
            return publishedVersion != null && status != ArticleStatus.RETIRED;
        }

        public ReviewFlow.Subject subject() {
            return new ReviewFlow.Subject(status, content.ownerUnitId(), createdBy, everPublished());
        }
    }

    public record Version(long id, long articleId, int version, String status, ArticleContent content, String note,
                          Long createdBy, Instant createdAt, Long reviewedBy, Instant reviewedAt) {
    }

    /** One owner unit's articles, for the KB console and unit assessment. */
    public record OwnerStats(Long ownerUnitId, int articles, int live, int hits, int helpful, int wrong, int stale,
                             int expired) {
    }

    /** Filters for the console's article list. */
    public record ListFilter(ArticleStatus status, Long ownerUnitId, String text, boolean staleOnly, LocalDate today,
                             int offset, int limit) {
    }

    public long revision(DSLContext dsl) {
        return dsl.select(KB_REVISION.REVISION).from(KB_REVISION).where(KB_REVISION.ID.eq(1)).fetchOne(0, long.class);
    }

    /** Takes the next revision; the row stays locked until the transaction ends, so revisions commit in order. */
    long nextRevision(DSLContext dsl) {
        dsl.update(KB_REVISION).set(KB_REVISION.REVISION, KB_REVISION.REVISION.plus(1)).where(KB_REVISION.ID.eq(1))
                .execute();
        return revision(dsl);
    }

    public Stored create(DSLContext dsl, ArticleContent c, String code, boolean publish, Long sourceOrderId,
                         Long userId, Instant now, String note) {
        long revision = nextRevision(dsl);
        KbArticleRecord r = dsl.newRecord(KB_ARTICLE);
        r.setCode(code);
        r.setStatus((publish ? ArticleStatus.PUBLISHED : ArticleStatus.DRAFT).id());
        r.setLatestVersion(1);
        r.setPublishedVersion(publish ? 1 : null);
        content(r, c);
        r.setSourceOrderId(sourceOrderId);
        r.setHits(0);
        r.setHelpful(0);
        r.setWrong(0);
        r.setRevision(revision);
        r.setCreatedBy(userId);
        r.setCreatedAt(now);
        r.setUpdatedAt(now);
        r.setPublishedAt(publish ? now : null);
        r.store();
        insertVersion(dsl, r.getId(), 1, publish ? "published" : "draft", c, note, userId, now, publish);
        return stored(r);
    }

    /**
     * A new version: a draft to be reviewed, or (for reviewers) published at once. The article's live content changes
     * only when published — or while it has never been published, so the list shows the draft's title.
     */
    public Stored revise(DSLContext dsl, Stored a, ArticleContent c, boolean publish, long userId, Instant now,
                         String note) {
        long revision = nextRevision(dsl);
        int version = a.latestVersion() + 1;
        // A pending draft is replaced by this one (a rejected one keeps saying so).
        dsl.update(KB_ARTICLE_VERSION).set(KB_ARTICLE_VERSION.STATUS, "superseded")
                .where(KB_ARTICLE_VERSION.ARTICLE_ID.eq(a.id()))
                .and(KB_ARTICLE_VERSION.STATUS.in("draft", "review"))
                .execute();
        if (publish) {
            supersedePublished(dsl, a.id());
        }
        insertVersion(dsl, a.id(), version, publish ? "published" : "draft", c, note, userId, now, publish);
        var update = dsl.update(KB_ARTICLE)
                .set(KB_ARTICLE.LATEST_VERSION, version)
                .set(KB_ARTICLE.STATUS, (publish ? ArticleStatus.PUBLISHED : ArticleStatus.DRAFT).id())
                .set(KB_ARTICLE.REVISION, revision)
                .set(KB_ARTICLE.UPDATED_AT, now);
        if (publish || !a.everPublished()) {
            update = update.set(contentFields(c));
        }
        if (publish) {
            update = update.set(KB_ARTICLE.PUBLISHED_VERSION, version).set(KB_ARTICLE.PUBLISHED_AT, now);
        }
        update.where(KB_ARTICLE.ID.eq(a.id())).execute();
        return find(dsl, a.id(), false).orElseThrow();
    }

    /** The newest version goes to review. */
    public Stored submit(DSLContext dsl, Stored a, Instant now) {
        long revision = nextRevision(dsl);
        setLatestVersionStatus(dsl, a, "review", null, null, null);
        dsl.update(KB_ARTICLE).set(KB_ARTICLE.STATUS, ArticleStatus.REVIEW.id()).set(KB_ARTICLE.REVISION, revision)
                .set(KB_ARTICLE.UPDATED_AT, now).where(KB_ARTICLE.ID.eq(a.id())).execute();
        return find(dsl, a.id(), false).orElseThrow();
    }

    /** The newest version is published: it becomes the live content, the one before is superseded. */
    public Stored approve(DSLContext dsl, Stored a, long reviewerId, Instant now, String note) {
        long revision = nextRevision(dsl);
        Version v = version(dsl, a.id(), a.latestVersion()).orElseThrow();
        supersedePublished(dsl, a.id());
        setLatestVersionStatus(dsl, a, "published", reviewerId, now, note);
        dsl.update(KB_ARTICLE).set(contentFields(v.content()))
                .set(KB_ARTICLE.STATUS, ArticleStatus.PUBLISHED.id())
                .set(KB_ARTICLE.PUBLISHED_VERSION, a.latestVersion())
                .set(KB_ARTICLE.PUBLISHED_AT, now)
                .set(KB_ARTICLE.REVISION, revision)
                .set(KB_ARTICLE.UPDATED_AT, now)
                .where(KB_ARTICLE.ID.eq(a.id())).execute();
        return find(dsl, a.id(), false).orElseThrow();
    }

    /** The newest version goes back to its author with the reviewer's reason; a published version stays live. */
    public Stored reject(DSLContext dsl, Stored a, long reviewerId, Instant now, String note) {
        long revision = nextRevision(dsl);
        setLatestVersionStatus(dsl, a, "rejected", reviewerId, now, note);
        dsl.update(KB_ARTICLE).set(KB_ARTICLE.STATUS, ArticleStatus.DRAFT.id()).set(KB_ARTICLE.REVISION, revision)
                .set(KB_ARTICLE.UPDATED_AT, now).where(KB_ARTICLE.ID.eq(a.id())).execute();
        return find(dsl, a.id(), false).orElseThrow();
    }

    /** Out of search for good (until revised and published again); its versions stay. */
    public Stored retire(DSLContext dsl, Stored a, long reviewerId, Instant now, String note) {
        long revision = nextRevision(dsl);
        dsl.update(KB_ARTICLE_VERSION).set(KB_ARTICLE_VERSION.STATUS, "retired")
                .set(KB_ARTICLE_VERSION.REVIEWED_BY, reviewerId).set(KB_ARTICLE_VERSION.REVIEWED_AT, now)
                .set(KB_ARTICLE_VERSION.NOTE, DSL.coalesce(DSL.val(note), KB_ARTICLE_VERSION.NOTE))
                .where(KB_ARTICLE_VERSION.ARTICLE_ID.eq(a.id()))
                .and(KB_ARTICLE_VERSION.VERSION.eq(a.everPublished() ? a.publishedVersion() : a.latestVersion()))
                .execute();
        dsl.update(KB_ARTICLE).set(KB_ARTICLE.STATUS, ArticleStatus.RETIRED.id()).set(KB_ARTICLE.REVISION, revision)
                .set(KB_ARTICLE.UPDATED_AT, now).where(KB_ARTICLE.ID.eq(a.id())).execute();
        return find(dsl, a.id(), false).orElseThrow();
    }

    public Optional<Stored> find(DSLContext dsl, long id, boolean forUpdate) {
        var q = dsl.selectFrom(KB_ARTICLE).where(KB_ARTICLE.ID.eq(id));
        return Optional.ofNullable(forUpdate ? q.forUpdate().fetchOne() : q.fetchOne()).map(KbStore::stored);
    }

    public Optional<Stored> byCode(DSLContext dsl, String code, boolean forUpdate) {
        var q = dsl.selectFrom(KB_ARTICLE).where(KB_ARTICLE.CODE.eq(code));
        return Optional.ofNullable(forUpdate ? q.forUpdate().fetchOne() : q.fetchOne()).map(KbStore::stored);
    }

    public List<Version> versions(DSLContext dsl, long articleId) {
        return dsl.selectFrom(KB_ARTICLE_VERSION).where(KB_ARTICLE_VERSION.ARTICLE_ID.eq(articleId))
                .orderBy(KB_ARTICLE_VERSION.VERSION.desc()).fetch(KbStore::version);
    }

    public Optional<Version> version(DSLContext dsl, long articleId, int version) {
        return Optional.ofNullable(dsl.selectFrom(KB_ARTICLE_VERSION)
                .where(KB_ARTICLE_VERSION.ARTICLE_ID.eq(articleId)).and(KB_ARTICLE_VERSION.VERSION.eq(version))
                .fetchOne()).map(KbStore::version);
    }

    /** Articles changed after {@code revision}, in revision order: what an index that far along must apply. */
    public List<Stored> changedSince(DSLContext dsl, long revision, int limit) {
        return dsl.selectFrom(KB_ARTICLE).where(KB_ARTICLE.REVISION.gt(revision))
                .orderBy(KB_ARTICLE.REVISION).limit(limit).fetch(KbStore::stored);
    }

    /**
     * Every article search should hold, streamed from a cursor (a rebuild of a large KB never holds it all in
     * memory); the cursor closes when the iteration ends.
     */
    public Iterator<Stored> searchable(DSLContext dsl) {
        var cursor = dsl.selectFrom(KB_ARTICLE)
                .where(KB_ARTICLE.PUBLISHED_VERSION.isNotNull())
                .and(KB_ARTICLE.STATUS.ne(ArticleStatus.RETIRED.id()))
                .fetchSize(1000).fetchLazy();
        Iterator<KbArticleRecord> rows = cursor.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = rows.hasNext();
                if (!more) {
                    cursor.close();
                }
                return more;
            }

            @Override
            public Stored next() {
                return stored(rows.next());
            }
        };
    }

    public List<Stored> list(DSLContext dsl, ListFilter f) {
        return dsl.selectFrom(KB_ARTICLE).where(condition(f)).orderBy(KB_ARTICLE.UPDATED_AT.desc(), KB_ARTICLE.ID.desc())
                .offset(f.offset()).limit(f.limit()).fetch(KbStore::stored);
    }

    public int count(DSLContext dsl, ListFilter f) {
        return dsl.selectCount().from(KB_ARTICLE).where(condition(f)).fetchOne(0, int.class);
    }

    private static Condition condition(ListFilter f) {
        Condition c = DSL.trueCondition();
        if (f.status() != null) {
            c = c.and(KB_ARTICLE.STATUS.eq(f.status().id()));
        }
        if (f.ownerUnitId() != null) {
            c = c.and(KB_ARTICLE.OWNER_UNIT_ID.eq(f.ownerUnitId()));
        }
        if (f.text() != null && !f.text().isBlank()) {
            c = c.and(KB_ARTICLE.TITLE.contains(f.text().strip()));
        }
        if (f.staleOnly()) {
            c = c.and(stale(f.today()));
        }
        return c;
    }

    /** Live but due for review, or past its validity: what an owner unit must look at. */
    private static Condition stale(LocalDate today) {
        return KB_ARTICLE.PUBLISHED_VERSION.isNotNull().and(KB_ARTICLE.STATUS.ne(ArticleStatus.RETIRED.id()))
                .and(KB_ARTICLE.REVIEW_DUE.lt(today).or(KB_ARTICLE.VALID_TO.lt(today)));
    }

    /** Records an operator's use of or judgement on an article, and keeps the article's counters. */
    public void recordUsage(DSLContext dsl, Stored a, Long orderId, String kind, String note, long userId, Long unitId,
                            Instant now) {
        dsl.insertInto(KB_USAGE)
                .set(KB_USAGE.ARTICLE_ID, a.id())
                .set(KB_USAGE.VERSION, a.publishedVersion())
                .set(KB_USAGE.ORDER_ID, orderId)
                .set(KB_USAGE.KIND, kind)
                .set(KB_USAGE.NOTE, note)
                .set(KB_USAGE.USER_ID, userId)
                .set(KB_USAGE.UNIT_ID, unitId)
                .set(KB_USAGE.OCCURRED_AT, now)
                .execute();
        var counter = switch (kind) {
            case "used" -> KB_ARTICLE.HITS;
            case "helpful" -> KB_ARTICLE.HELPFUL;
            default -> KB_ARTICLE.WRONG;
        };
        dsl.update(KB_ARTICLE).set(counter, counter.plus(1)).where(KB_ARTICLE.ID.eq(a.id())).execute();
    }

    /** The articles used on an order, newest first. */
    public List<Long> usedOn(DSLContext dsl, long orderId) {
        return dsl.select(KB_USAGE.ARTICLE_ID).from(KB_USAGE).where(KB_USAGE.ORDER_ID.eq(orderId))
                .and(KB_USAGE.KIND.eq("used")).orderBy(KB_USAGE.ID.desc()).fetch(KB_USAGE.ARTICLE_ID);
    }

    public List<OwnerStats> ownerStats(DSLContext dsl, LocalDate today) {
        var live = KB_ARTICLE.PUBLISHED_VERSION.isNotNull().and(KB_ARTICLE.STATUS.ne(ArticleStatus.RETIRED.id()));
        return dsl.select(KB_ARTICLE.OWNER_UNIT_ID, DSL.count(),
                        DSL.count().filterWhere(live),
                        DSL.sum(KB_ARTICLE.HITS), DSL.sum(KB_ARTICLE.HELPFUL), DSL.sum(KB_ARTICLE.WRONG),
                        DSL.count().filterWhere(stale(today)),
                        DSL.count().filterWhere(live.and(KB_ARTICLE.VALID_TO.lt(today))))
                .from(KB_ARTICLE)
                .groupBy(KB_ARTICLE.OWNER_UNIT_ID)
                .fetch(r -> new OwnerStats(r.value1(), r.value2(), r.value3(), intOf(r.value4()), intOf(r.value5()),
                        intOf(r.value6()), r.value7(), r.value8()));
    }

    // --- synonyms -------------------------------------------------------------------------------------------

    public List<List<String>> synonyms(DSLContext dsl) {
        List<List<String>> out = new ArrayList<>();
        dsl.selectFrom(KB_SYNONYM).orderBy(KB_SYNONYM.ID).forEach(r -> out.add(List.of(r.getTerms().split(","))));
        return out;
    }

    /** Replaces the whole list (the console edits it as one text); takes a revision so every node reloads it. */
    public void replaceSynonyms(DSLContext dsl, List<List<String>> groups, Long userId, Instant now) {
        nextRevision(dsl);
        dsl.deleteFrom(KB_SYNONYM).execute();
        for (List<String> g : groups) {
            dsl.insertInto(KB_SYNONYM).set(KB_SYNONYM.TERMS, String.join(",", g)).set(KB_SYNONYM.UPDATED_BY, userId)
                    .set(KB_SYNONYM.UPDATED_AT, now).execute();
        }
    }

    /** First start: the built-in list, so search expands synonyms from day one; later edits are the centre's. */
    public boolean seedSynonyms(DSLContext dsl, List<List<String>> groups, Instant now) {
        if (dsl.selectCount().from(KB_SYNONYM).fetchOne(0, int.class) > 0) {
            return false;
        }
        replaceSynonyms(dsl, groups, null, now);
        return true;
    }

    /** A fingerprint of the synonym list: a node reloads its synonyms when this changes. */
    public String synonymsVersion(DSLContext dsl) {
        var r = dsl.select(DSL.count(), DSL.max(KB_SYNONYM.ID), DSL.max(KB_SYNONYM.UPDATED_AT)).from(KB_SYNONYM)
                .fetchOne();
        return r.value1() + "/" + r.value2() + "/" + r.value3();
    }

    // --- mapping ----------------------------------------------------------------------------------------------

    private void insertVersion(DSLContext dsl, long articleId, int version, String status, ArticleContent c,
                               String note, Long userId, Instant now, boolean reviewed) {
        KbArticleVersionRecord v = dsl.newRecord(KB_ARTICLE_VERSION);
        v.setArticleId(articleId);
        v.setVersion(version);
        v.setStatus(status);
        v.setTitle(c.title());
        v.setQuestion(c.question());
        v.setAnswer(c.answer());
        v.setCategoryId(c.categoryId());
        v.setOwnerUnitId(c.ownerUnitId());
        v.setKeywords(c.keywordList());
        v.setValidFrom(c.validFrom());
        v.setValidTo(c.validTo());
        v.setReviewDue(c.reviewDue());
        v.setNote(note);
        v.setCreatedBy(userId);
        v.setCreatedAt(now);
        if (reviewed) {
            v.setReviewedBy(userId);
            v.setReviewedAt(now);
        }
        v.store();
    }

    private static void supersedePublished(DSLContext dsl, long articleId) {
        dsl.update(KB_ARTICLE_VERSION).set(KB_ARTICLE_VERSION.STATUS, "superseded")
                .where(KB_ARTICLE_VERSION.ARTICLE_ID.eq(articleId))
                .and(KB_ARTICLE_VERSION.STATUS.in("published", "retired"))
                .execute();
    }

    private static void setLatestVersionStatus(DSLContext dsl, Stored a, String status, Long reviewer, Instant at,
                                               String note) {
        var u = dsl.update(KB_ARTICLE_VERSION).set(KB_ARTICLE_VERSION.STATUS, status);
        if (reviewer != null) {
            u = u.set(KB_ARTICLE_VERSION.REVIEWED_BY, reviewer).set(KB_ARTICLE_VERSION.REVIEWED_AT, at);
        }
        if (note != null) {
            u = u.set(KB_ARTICLE_VERSION.NOTE, note);
        }
        u.where(KB_ARTICLE_VERSION.ARTICLE_ID.eq(a.id())).and(KB_ARTICLE_VERSION.VERSION.eq(a.latestVersion()))
                .execute();
    }

    private static void content(KbArticleRecord r, ArticleContent c) {
        r.setTitle(c.title());
        r.setQuestion(c.question());
        r.setAnswer(c.answer());
        r.setCategoryId(c.categoryId());
        r.setOwnerUnitId(c.ownerUnitId());
        r.setKeywords(c.keywordList());
        r.setValidFrom(c.validFrom());
        r.setValidTo(c.validTo());
        r.setReviewDue(c.reviewDue());
    }

    private static java.util.Map<org.jooq.Field<?>, Object> contentFields(ArticleContent c) {
        java.util.Map<org.jooq.Field<?>, Object> m = new java.util.LinkedHashMap<>();
        m.put(KB_ARTICLE.TITLE, c.title());
        m.put(KB_ARTICLE.QUESTION, c.question());
        m.put(KB_ARTICLE.ANSWER, c.answer());
        m.put(KB_ARTICLE.CATEGORY_ID, c.categoryId());
        m.put(KB_ARTICLE.OWNER_UNIT_ID, c.ownerUnitId());
        m.put(KB_ARTICLE.KEYWORDS, c.keywordList());
        m.put(KB_ARTICLE.VALID_FROM, c.validFrom());
        m.put(KB_ARTICLE.VALID_TO, c.validTo());
        m.put(KB_ARTICLE.REVIEW_DUE, c.reviewDue());
        return m;
    }

    private static Stored stored(KbArticleRecord r) {
        return new Stored(r.getId(), r.getCode(), ArticleStatus.parse(r.getStatus()).orElseThrow(),
                r.getLatestVersion(), r.getPublishedVersion(), content(r.getTitle(), r.getQuestion(), r.getAnswer(),
                r.getCategoryId(), r.getOwnerUnitId(), r.getKeywords(), r.getValidFrom(), r.getValidTo(),
                r.getReviewDue()), r.getSourceOrderId(), r.getHits(), r.getHelpful(), r.getWrong(), r.getRevision(),
                r.getCreatedBy(), r.getCreatedAt(), r.getUpdatedAt(), r.getPublishedAt());
    }

    private static Version version(KbArticleVersionRecord r) {
        return new Version(r.getId(), r.getArticleId(), r.getVersion(), r.getStatus(), content(r.getTitle(),
                r.getQuestion(), r.getAnswer(), r.getCategoryId(), r.getOwnerUnitId(), r.getKeywords(),
                r.getValidFrom(), r.getValidTo(), r.getReviewDue()), r.getNote(), r.getCreatedBy(), r.getCreatedAt(),
                r.getReviewedBy(), r.getReviewedAt());
    }

    private static ArticleContent content(String title, String question, String answer, Long category, Long owner,
                                          String keywords, LocalDate from, LocalDate to, LocalDate review) {
        return new ArticleContent(title, question, answer, category, owner, ArticleContent.splitKeywords(keywords),
                from, to, review);
    }

    private static int intOf(Number n) {
        return n == null ? 0 : n.intValue();
    }
}
