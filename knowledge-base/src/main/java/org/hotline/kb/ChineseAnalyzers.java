package org.hotline.kb;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The analyzers Hotline reads Chinese with. Two views of the same text, each its own field: smartcn words (precise,
 * but a segmentation slip loses the match) and CJK bigrams (robust to segmentation, noisier). Both drop a Chinese
 * stop list — function words and the fillers every recorded call carries — and the word view expands domain
 * synonyms at query time only, so editing them never needs a re-index.
 */
public final class ChineseAnalyzers {

    private ChineseAnalyzers() {
    }

    /** smartcn word segmentation with smartcn's own (punctuation-only) stop set: the plain baseline. */
    public static Analyzer words() {
        return new SmartChineseAnalyzer();
    }

    /** smartcn words without stop words or synonyms, for documents at index time. */
    public static Analyzer words(CharArraySet stopWords) {
        return words(stopWords, null);
    }

    /** smartcn words; with {@code synonyms} (query time), each word also matches its synonyms. */
    public static Analyzer words(CharArraySet stopWords, SynonymMap synonyms) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new HMMChineseTokenizer();
                TokenStream s = new CJKWidthFilter(tokenizer);
                s = new LowerCaseFilter(s);
                // Synonyms first: an entry may hold a stop word (不发工资) and must match before it is dropped.
                if (synonyms != null) {
                    s = new SynonymGraphFilter(s, synonyms, true);
                }
                s = new StopFilter(s, stopWords);
                return new TokenStreamComponents(tokenizer, s);
            }
        };
    }

    /** Overlapping CJK bigrams (unigrams for lone characters), minus stop words. */
    public static Analyzer bigrams(CharArraySet stopWords) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new StandardTokenizer();
                TokenStream s = new CJKWidthFilter(tokenizer);
                s = new LowerCaseFilter(s);
                s = new CJKBigramFilter(s);
                s = new StopFilter(s, stopWords);
                return new TokenStreamComponents(tokenizer, s);
            }
        };
    }

    /** The built-in Chinese stop list plus smartcn's punctuation. */
    public static CharArraySet defaultStopWords() {
        CharArraySet set = new CharArraySet(lines("stopwords-zh.txt"), false);
        set.addAll(SmartChineseAnalyzer.getDefaultStopSet());
        return CharArraySet.unmodifiableSet(set);
    }

    /** The built-in domain synonym groups, one comma-separated group per entry. */
    public static List<String> defaultSynonymGroups() {
        return lines("synonyms-zh.txt");
    }

    /**
     * Builds a synonym map from groups like {@code 噪音,噪声,扰民}; each entry is segmented as documents are, so a
     * multi-word entry matches the same words in the text.
     */
    public static SynonymMap synonyms(List<String> groups) {
        try (Analyzer plain = words(CharArraySet.EMPTY_SET)) {
            SolrSynonymParser parser = new SolrSynonymParser(true, true, plain);
            parser.parse(new StringReader(String.join("\n", groups)));
            return parser.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalArgumentException("Bad synonym group near line " + e.getErrorOffset() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The terms {@code analyzer} makes of {@code text}: what a field will match on. */
    public static List<String> terms(Analyzer analyzer, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("f", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static List<String> lines(String resource) {
        try (InputStream in = ChineseAnalyzers.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    out.add(l);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
