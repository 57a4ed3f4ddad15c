package org.hotline.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The knowledge base's search as an operator meets it: the right answer first, never an expired one. */
class ArticleIndexTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    static ArticleIndex.Article article(String id, String title, String question, String answer, String... keywords) {
        return new ArticleIndex.Article(id, title, question, answer, List.of(keywords), "0101", "zjj",
                LocalDate.of(2026, 1, 1), null, null);
    }

    static List<String> ids(List<ArticleIndex.Hit> hits) {
        return hits.stream().map(ArticleIndex.Hit::id).toList();
    }

    @Test
    @DisplayName("a published article is found by the next search, with the matched words marked in its snippet")
    void nearRealTime() throws Exception {
        try (ArticleIndex index = ArticleIndex.open(null, ArticleIndex.Weights.DEFAULT)) {
            index.upsert(article("a1", "住房公积金提取条件", "租房可以提取公积金吗",
                    "连续足额缴存住房公积金满3个月、本人及配偶在本市无自有住房且租房自住的，可申请提取。", "提取", "租房"));
            List<ArticleIndex.Hit> hits = index.suggest("公积金怎么取 租房", 5, TODAY);
            assertEquals(List.of("a1"), ids(hits));
            assertTrue(hits.getFirst().snippet().contains("<em>租房</em>"), hits.getFirst().snippet());
            index.delete("a1");
            assertEquals(List.of(), index.suggest("公积金", 5, TODAY));
        }
    }

    @Test
    @DisplayName("an expired article, or one not yet valid, is never suggested")
    void validity() throws Exception {
        try (ArticleIndex index = ArticleIndex.open(null, ArticleIndex.Weights.DEFAULT)) {
            index.upsert(new ArticleIndex.Article("old", "2025年供暖收费标准", "暖气费多少钱", "每平方米24元。",
                    List.of(), "0105", "heat", LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31), null));
            index.upsert(new ArticleIndex.Article("new", "2026年供暖收费标准", "暖气费多少钱", "每平方米25元。",
                    List.of(), "0105", "heat", LocalDate.of(2026, 1, 1), null, null));
            index.upsert(new ArticleIndex.Article("future", "2027年供暖收费标准", "暖气费多少钱", "每平方米26元。",
                    List.of(), "0105", "heat", LocalDate.of(2027, 1, 1), null, null));
            assertEquals(List.of("new"), ids(index.suggest("暖气费", 5, TODAY)));
            assertEquals(List.of("old"), ids(index.suggest("暖气费", 5, LocalDate.of(2025, 6, 1))));
        }
    }

    @Test
    @DisplayName("a title match outranks the same words deep in another answer")
    void weights() throws Exception {
        try (ArticleIndex index = ArticleIndex.open(null, ArticleIndex.Weights.DEFAULT)) {
            index.upsert(article("deep", "业主委员会成立程序", "怎么成立业委会",
                    "成立业主委员会需经街道办事处指导，召开首次业主大会。与物业费无直接关系，物业费标准另行公示。"));
            index.upsert(article("title", "物业费收费标准", "物业费怎么收", "按物业服务等级和建筑面积收取。"));
            assertEquals("title", index.suggest("物业费", 5, TODAY).getFirst().id());
        }
    }

    @Test
    @DisplayName("a rebuild replaces the index while searches go on: no search ever sees it empty or half-built")
    void rebuildWhileSearching(@TempDir Path dir) throws Exception {
        try (ArticleIndex index = ArticleIndex.open(dir, ArticleIndex.Weights.DEFAULT)) {
            List<ArticleIndex.Article> all = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                all.add(article("a" + i, "噪声投诉办理指引 " + i, "晚上施工太吵怎么办", "夜间施工噪声可向城管部门投诉。编号" + i));
            }
            index.rebuild(all, "v1");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger searches = new AtomicInteger();
            AtomicReference<String> bad = new AtomicReference<>();
            Thread searcher = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    try {
                        int n = index.suggest("施工噪声", 10, TODAY).size();
                        if (n != 10) {
                            bad.set("a search saw " + n + " hits");
                        }
                        searches.incrementAndGet();
                    } catch (Exception e) {
                        bad.set(e.toString());
                    }
                }
            });
            for (int round = 0; round < 3; round++) {
                index.rebuild(all, "v" + (round + 2));
            }
            stop.set(true);
            searcher.join();
            assertEquals(null, bad.get());
            assertTrue(searches.get() > 0);
            assertEquals(2_000, index.size());
            assertEquals("v4", index.sourceVersion());
        }
        try (ArticleIndex reopened = ArticleIndex.open(dir, ArticleIndex.Weights.DEFAULT)) {
            assertEquals("v4", reopened.sourceVersion(), "a start can tell the index is current");
            assertEquals(2_000, reopened.size());
        }
    }

    @Test
    @DisplayName("snippets escape HTML and mark only matched words")
    void snippets() {
        String s = Snippets.best("请拨打<b>12345</b>，或到政务服务中心办理公积金提取。", List.of("公积金", "提取"), 40);
        assertFalse(s.contains("<b>"), s);
        assertTrue(s.contains("&lt;b&gt;") || s.startsWith("…"), s);
        assertTrue(s.contains("<em>公积金提取</em>"), s);
    }
}
