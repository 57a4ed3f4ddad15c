package org.hotline.kb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Snippets with the matched words marked, for Chinese text: words are found as substrings (Chinese has no spaces to
 * break on), the densest window is kept, and everything is HTML-escaped except the {@code <em>} marks.
 */
public final class Snippets {

    private Snippets() {
    }

    /**
     * The window of at most {@code maxChars} of {@code text} holding the most matched characters, with each match in
     * {@code <em>…</em>}; the text's start when nothing matches. Longer words win over their parts.
     */
    public static String best(String text, Collection<String> words, int maxChars) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        List<String> sorted = new ArrayList<>(words.stream().filter(w -> w != null && !w.isBlank()).distinct()
                .toList());
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        boolean[] hit = new boolean[text.length()];
        for (String w : sorted) {
            for (int i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) {
                for (int k = i; k < i + w.length(); k++) {
                    hit[k] = true;
                }
            }
        }
        int window = Math.min(maxChars, text.length());
        int bestStart = 0;
        int bestScore = -1;
        int score = 0;
        for (int i = 0; i < text.length(); i++) {
            score += hit[i] ? 1 : 0;
            if (i >= window) {
                score -= hit[i - window] ? 1 : 0;
            }
            if (i >= window - 1 && score > bestScore) {
                bestScore = score;
                bestStart = i - window + 1;
            }
        }
        // Start a little before the first match in the window, so the words have context.
        int first = bestStart;
        while (first < bestStart + window && !hit[first]) {
            first++;
        }
        int start = bestScore <= 0 ? 0 : Math.max(0, Math.min(bestStart, first - 10));
        int end = Math.min(text.length(), start + window);
        StringBuilder out = new StringBuilder();
        if (start > 0) {
            out.append('…');
        }
        boolean open = false;
        for (int i = start; i < end; i++) {
            if (hit[i] && !open) {
                out.append("<em>");
                open = true;
            } else if (!hit[i] && open) {
                out.append("</em>");
                open = false;
            }
            escape(out, text.charAt(i));
        }
        if (open) {
            out.append("</em>");
        }
        if (end < text.length()) {
            out.append('…');
        }
        return out.toString();
    }

    private static void escape(StringBuilder out, char c) {
        switch (c) {
            case '<' -> out.append("&lt;");
            case '>' -> out.append("&gt;");
            case '&' -> out.append("&amp;");
            case '"' -> out.append("&quot;");
            case '\'' -> out.append("&#39;");
            default -> out.append(c);
        }
    }
}
