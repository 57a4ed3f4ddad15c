package org.hotline.kb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.hotline.db.Database;
import org.hotline.reference.ReferenceCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's article index, kept in step with the database: rebuilt at start when it is missing or not at the
 * database's revision (searches meanwhile use what the index had), then caught up every {@code poll} with the
 * articles whose revision is newer — so an article published on any node is searchable here within about a second,
 * and at once on the node that published it ({@link #catchUp()} after the commit). All index writes run on one
 * thread, in revision order; searches run on the caller's thread against the latest snapshot.
 */
public final class KnowledgeSearch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeSearch.class);
    /** Articles whose validity ends within this many days are marked "expiring" in suggestions. */
    public static final int NEAR_EXPIRY_DAYS = 30;

    private final Database db;
    private final KbStore store;
    private final ReferenceCache reference;
    private final ArticleIndex index;
    private final IndexWorker writer;
    private final AtomicLong rebuilds = new AtomicLong();
    private volatile long applied = -1;
    private volatile String synonymsVersion;
    private volatile boolean closed;

    public KnowledgeSearch(Path root, Database db, KbStore store, ReferenceCache reference) {
        this.db = db;
        this.store = store;
        this.reference = reference;
        this.index = ArticleIndex.open(root, ArticleIndex.Weights.DEFAULT);
        this.writer = new IndexWorker("hotline-kb-index");
    }

    /** Brings the index up to date (in the background) and keeps it so. */
    public void start(Duration poll) {
        writer.start(this::startUp, this::catchUpNow, poll);
    }

    private void startUp() {
        try {
            long revision = db.transaction(store::revision);
            String indexed = index.sourceVersion();
            if (indexed == null || !indexed.equals(Long.toString(revision))) {
                LOG.info("Knowledge-base index is {} (database at revision {}): rebuilding", indexed == null
                        ? "missing" : "at revision " + indexed, revision);
                rebuildNow();
            } else {
                loadSynonyms();
                applied = revision;
                LOG.info("Knowledge-base index is current: {} articles at revision {}", index.size(), revision);
            }
        } catch (RuntimeException | IOException e) {
            LOG.error("Knowledge-base index could not start: {}", e.toString(), e);
        }
    }

    /** Rebuilds from the database without stopping searches; returns when the new index is live. */
    public void rebuild() {
        writer.run(this::rebuildNow);
    }

    private void rebuildNow() throws IOException {
        long started = System.nanoTime();
        // One transaction: the articles read are exactly those at the revision recorded with them.
        long revision = db.transaction(dsl -> {
            long rev = store.revision(dsl);
            try {
                index.rebuild(() -> mapped(dsl), Long.toString(rev));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return rev;
        });
        loadSynonyms();
        rebuilds.incrementAndGet();
        // Last: ready means rebuilt, synonyms loaded and counted.
        applied = revision;
        LOG.info("Knowledge-base index rebuilt: {} articles at revision {} in {} ms", index.size(), revision,
                (System.nanoTime() - started) / 1_000_000);
    }

    private Iterator<ArticleIndex.Article> mapped(org.jooq.DSLContext dsl) {
        Iterator<KbStore.Stored> rows = store.searchable(dsl);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public ArticleIndex.Article next() {
                return indexed(rows.next());
            }
        };
    }

    /** Applies every change committed since the index's revision; returns when they are searchable. */
    public void catchUp() {
        if (!closed) {
            writer.run(this::catchUpNow);
        }
    }

    private void catchUpNow() throws IOException {
        if (applied < 0 || closed) {
            return;
        }
        long target = db.transaction(store::revision);
        if (target <= applied) {
            return;
        }
        long from = applied;
        int changes = 0;
        while (true) {
            long after = from;
            List<KbStore.Stored> changed = db.transaction(dsl -> store.changedSince(dsl, after, 500));
            List<ArticleIndex.Article> upserts = new java.util.ArrayList<>();
            List<String> deletes = new java.util.ArrayList<>();
            for (KbStore.Stored a : changed) {
                if (a.revision() > target) {
                    break;
                }
                if (a.searchable()) {
                    upserts.add(indexed(a));
                } else {
                    deletes.add(Long.toString(a.id()));
                }
                from = a.revision();
                changes++;
            }
            index.apply(upserts, deletes);
            if (changed.size() < 500 || from >= target) {
                break;
            }
        }
        applied = target;
        loadSynonymsIfChanged();
        index.commit(Long.toString(target));
        LOG.debug("Knowledge-base index at revision {} ({} articles changed)", target, changes);
    }

    private void loadSynonyms() {
        List<List<String>> groups = db.transaction(store::synonyms);
        synonymsVersion = db.transaction(store::synonymsVersion);
        index.setSynonyms(ChineseAnalyzers.synonyms(groups.stream().map(g -> String.join(",", g)).toList()));
    }

    private void loadSynonymsIfChanged() {
        String v = db.transaction(store::synonymsVersion);
        if (!v.equals(synonymsVersion)) {
            loadSynonyms();
        }
    }

    /** An article as the index holds it: published text, category and owner by code. */
    private ArticleIndex.Article indexed(KbStore.Stored a) {
        ArticleContent c = a.content();
        var ref = reference.get();
        if ((c.categoryId() != null && ref.category(c.categoryId()).isEmpty())
                || (c.ownerUnitId() != null && ref.units().unit(c.ownerUnitId()).isEmpty())) {
            reference.invalidate();
            ref = reference.get();
        }
        String category = ref.category(c.categoryId()).map(ReferenceCache.Node::code).orElse(null);
        String owner = c.ownerUnitId() == null ? null
                : ref.units().unit(c.ownerUnitId()).map(u -> u.code()).orElse(null);
        return new ArticleIndex.Article(Long.toString(a.id()), c.title(), c.question(), c.answerText(), c.keywords(),
                category, owner, c.validFrom(), c.validTo(), c.reviewDue());
    }

    public List<ArticleIndex.Hit> suggest(String text, int limit, LocalDate today) {
        return search(text, limit, today, null, null);
    }

    public List<ArticleIndex.Hit> search(String text, int limit, LocalDate today, String categoryPrefix,
                                         String ownerUnitCode) {
        try {
            return index.search(text, limit, today, categoryPrefix, ownerUnitCode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw Lucene search underneath {@link #suggest}, for the benchmark's side-by-side. */
    public ArticleIndex index() {
        return index;
    }

    public long appliedRevision() {
        return applied;
    }

    public boolean isReady() {
        return applied >= 0;
    }

    public long rebuildCount() {
        return rebuilds.get();
    }

    public boolean isHealthy() {
        return !closed && index.isHealthy();
    }

    @Override
    public void close() {
        closed = true;
        writer.close();
        try {
            index.close();
        } catch (IOException e) {
            LOG.warn("Closing the knowledge-base index failed: {}", e.toString());
        }
    }
}
