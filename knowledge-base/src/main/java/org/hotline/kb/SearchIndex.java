package org.hotline.kb;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * One Lucene index: a single writer and a near-real-time {@link SearcherManager}. Later features
 * (articles, orders) each own one; the server opens them at start and closes them last.
 */
public final class SearchIndex implements Closeable {

    private final String name;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private volatile boolean closed;

    private SearchIndex(String name, Directory directory, Analyzer analyzer) throws IOException {
        this.name = name;
        this.directory = directory;
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        this.writer = new IndexWriter(directory, config);
        // An empty index must still be searchable, so commit once when it is new.
        if (!writer.hasUncommittedChanges() && writer.getDocStats().numDocs == 0) {
            writer.commit();
        }
        this.searchers = new SearcherManager(writer, null);
    }

    /** Opens (creating if needed) the index {@code name} under {@code root}; {@code root == null} keeps it in memory. */
    public static SearchIndex open(Path root, String name, Analyzer analyzer) {
        Objects.requireNonNull(name, "name");
        try {
            Directory dir;
            if (root == null) {
                dir = new ByteBuffersDirectory();
            } else {
                Path path = root.resolve(name);
                Files.createDirectories(path);
                dir = FSDirectory.open(path);
            }
            return new SearchIndex(name, dir, analyzer);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open search index '" + name + "': " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public IndexWriter writer() {
        return writer;
    }

    /** Runs a search on a current searcher, releasing it afterwards whatever happens. */
    public <T> T search(SearchFunction<T> function) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return function.apply(searcher);
        } finally {
            searchers.release(searcher);
        }
    }

    /** Makes all writes so far visible to new searches. */
    public void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /** True when the writer is open and a searcher can be acquired: what readiness reports. */
    public boolean isHealthy() {
        if (closed || !writer.isOpen()) {
            return false;
        }
        try {
            return search(searcher -> searcher.getIndexReader().numDocs() >= 0);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public int documentCount() throws IOException {
        return search(searcher -> searcher.getIndexReader().numDocs());
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // Searchers first (they hold readers from the writer), then commit and close the writer, then the files.
        try {
            searchers.close();
        } finally {
            try {
                if (writer.isOpen()) {
                    writer.commit();
                    writer.close();
                }
            } finally {
                directory.close();
            }
        }
    }

    /** A search step that may throw {@link IOException}. */
    @FunctionalInterface
    public interface SearchFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }
}
