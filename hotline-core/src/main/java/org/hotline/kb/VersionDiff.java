package org.hotline.kb;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What changed between two versions of an article: each changed field with its old and new value, and for the long
 * texts a sentence-by-sentence diff (a reviewer wants to see the one amount that changed, not two whole answers).
 */
public final class VersionDiff {

    /** A changed field; {@code parts} is set for long texts. */
    public record Change(String field, String before, String after, List<Part> parts) {
    }

    /** A run of the text: kept, removed or added. */
    public record Part(String kind, String text) {
    }

    private VersionDiff() {
    }

    public static List<Change> between(ArticleContent a, ArticleContent b) {
        List<Change> out = new ArrayList<>();
        field(out, "title", a.title(), b.title(), false);
        field(out, "question", a.question(), b.question(), true);
        field(out, "answer", a.answerText(), b.answerText(), true);
        field(out, "categoryId", str(a.categoryId()), str(b.categoryId()), false);
        field(out, "ownerUnitId", str(a.ownerUnitId()), str(b.ownerUnitId()), false);
        field(out, "keywords", String.join("、", a.keywords()), String.join("、", b.keywords()), false);
        field(out, "validFrom", str(a.validFrom()), str(b.validFrom()), false);
        field(out, "validTo", str(a.validTo()), str(b.validTo()), false);
        field(out, "reviewDue", str(a.reviewDue()), str(b.reviewDue()), false);
        return out;
    }

    private static void field(List<Change> out, String name, String before, String after, boolean text) {
        if (!Objects.equals(blankToNull(before), blankToNull(after))) {
            out.add(new Change(name, before, after, text ? diff(sentences(before), sentences(after)) : List.of()));
        }
    }

    /** Sentences, ending at Chinese or Western full stops, semicolons and line breaks (kept with the sentence). */
    static List<String> sentences(String s) {
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            cur.append(c);
            if ("。；;！？!?\n".indexOf(c) >= 0) {
                out.add(cur.toString());
                cur.setLength(0);
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }

    /** Longest-common-subsequence diff over sentences; adjacent runs of one kind are joined. */
    static List<Part> diff(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Part> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                add(out, "same", a.get(i++));
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                // Removed before added: "was X, now Y" reads naturally.
                add(out, "removed", a.get(i++));
            } else {
                add(out, "added", b.get(j++));
            }
        }
        return out;
    }

    private static void add(List<Part> out, String kind, String text) {
        if (!out.isEmpty() && out.getLast().kind().equals(kind)) {
            Part last = out.removeLast();
            out.add(new Part(kind, last.text() + text));
        } else {
            out.add(new Part(kind, text));
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
