package org.hotline.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchIndexTest {

    @Test
    @DisplayName("a new index is healthy and empty; a refreshed write is found by a smartcn-segmented word")
    void writeThenFind(@TempDir Path dir) throws Exception {
        try (SearchIndex index = SearchIndex.open(dir, "probe", ChineseAnalyzers.words())) {
            assertTrue(index.isHealthy());
            assertEquals(0, index.documentCount());

            Document doc = new Document();
            doc.add(new StringField("id", "1", Field.Store.YES));
            doc.add(new TextField("text", "小区楼下烧烤店油烟扰民", Field.Store.NO));
            index.writer().updateDocument(new Term("id", "1"), doc);
            index.refresh();

            int hits = index.search(s -> s.count(new TermQuery(new Term("text", "油烟"))));
            assertEquals(1, hits);
        }
    }

    @Test
    @DisplayName("an index reopened from disk keeps its documents; a closed index reports unhealthy")
    void reopen(@TempDir Path dir) throws Exception {
        SearchIndex first = SearchIndex.open(dir, "probe", ChineseAnalyzers.words());
        Document doc = new Document();
        doc.add(new StringField("id", "7", Field.Store.YES));
        first.writer().updateDocument(new Term("id", "7"), doc);
        first.close();
        assertFalse(first.isHealthy());

        try (SearchIndex second = SearchIndex.open(dir, "probe", ChineseAnalyzers.words())) {
            assertEquals(1, second.documentCount());
        }
    }
}
