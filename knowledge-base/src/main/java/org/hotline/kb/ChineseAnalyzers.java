package org.hotline.kb;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;

/** The analyzers Hotline indexes Chinese text with; the knowledge-base issue refines them (stop words, synonyms). */
public final class ChineseAnalyzers {

    private ChineseAnalyzers() {
    }

    /** smartcn word segmentation, the baseline for all Chinese fields. */
    public static Analyzer words() {
        return new SmartChineseAnalyzer();
    }
}
