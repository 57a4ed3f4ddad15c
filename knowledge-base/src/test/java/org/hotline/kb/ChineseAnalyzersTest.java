package org.hotline.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.util.QueryBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How Hotline reads Chinese: words, bigrams, stop words and synonyms, each changing results as intended. */
class ChineseAnalyzersTest {

    static final CharArraySet STOP = ChineseAnalyzers.defaultStopWords();

    @Test
    @DisplayName("smartcn finds the words; the stop list drops what every call says (市民来电反映…希望处理)")
    void wordsAndStopWords() {
        List<String> plain = ChineseAnalyzers.terms(ChineseAnalyzers.words(), "市民来电反映小区楼下烧烤店油烟扰民，希望处理");
        assertTrue(plain.containsAll(List.of("油烟", "扰民", "市民", "反映")), plain.toString());
        List<String> cleaned = ChineseAnalyzers.terms(ChineseAnalyzers.words(STOP),
                "市民来电反映小区楼下烧烤店油烟扰民，希望处理");
        assertTrue(cleaned.containsAll(List.of("油烟", "扰民", "小区")), cleaned.toString());
        assertTrue(cleaned.stream().noneMatch(List.of("市民", "反映", "希望", "处理", "，")::contains), cleaned.toString());
    }

    @Test
    @DisplayName("bigrams survive a segmentation slip: 公积金提取 shares 公积 and 积金 with 住房公积金")
    void bigrams() {
        List<String> a = ChineseAnalyzers.terms(ChineseAnalyzers.bigrams(STOP), "公积金提取");
        List<String> b = ChineseAnalyzers.terms(ChineseAnalyzers.bigrams(STOP), "住房公积金");
        assertTrue(a.contains("公积") && a.contains("积金") && b.contains("公积") && b.contains("积金"), a + " " + b);
    }

    @Test
    @DisplayName("a query for 噪音 finds an article about 噪声 only with the synonym list; 物管 finds 物业")
    void synonymsChangeResults() throws Exception {
        try (SearchIndex index = SearchIndex.open(null, "syn", ChineseAnalyzers.words(STOP))) {
            add(index, "1", "夜间施工噪声的投诉渠道和处理时限");
            add(index, "2", "物业费收费标准及物业服务等级");
            index.refresh();
            Analyzer without = ChineseAnalyzers.words(STOP);
            Analyzer with = ChineseAnalyzers.words(STOP,
                    ChineseAnalyzers.synonyms(ChineseAnalyzers.defaultSynonymGroups()));
            assertEquals(0, hits(index, without, "楼上噪音"));
            assertEquals(1, hits(index, with, "楼上噪音"));
            assertEquals(0, hits(index, without, "找物管"));
            assertEquals(1, hits(index, with, "找物管"));
        }
    }

    @Test
    @DisplayName("a synonym entry holding a stop word (不发工资) still matches")
    void synonymWithStopWord() {
        Analyzer with = ChineseAnalyzers.words(STOP,
                ChineseAnalyzers.synonyms(ChineseAnalyzers.defaultSynonymGroups()));
        List<String> terms = ChineseAnalyzers.terms(with, "老板三个月不发工资");
        assertTrue(terms.contains("拖欠"), "matches 拖欠工资: " + terms);
        assertFalse(terms.contains("不"), terms.toString());
    }

    static void add(SearchIndex index, String id, String text) throws Exception {
        Document d = new Document();
        d.add(new StringField("id", id, Field.Store.YES));
        d.add(new TextField("text", text, Field.Store.NO));
        index.writer().updateDocument(new Term("id", id), d);
    }

    static int hits(SearchIndex index, Analyzer analyzer, String text) throws Exception {
        var query = new QueryBuilder(analyzer).createBooleanQuery("text", text);
        return query == null ? 0 : index.search(s -> s.count(query));
    }
}
