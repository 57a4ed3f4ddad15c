package org.hotline.kb;

import java.util.regex.Pattern;

/** Article answers are rich text; search and snippets read them as plain text. */
public final class Html {

    private static final Pattern BLOCK = Pattern.compile("(?i)</?(p|br|li|ul|ol|div|h[1-6]|tr|table)[^>]*>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    private Html() {
    }

    /** The text of an HTML fragment: tags dropped (blocks become line breaks), the common entities decoded. */
    public static String text(String html) {
        if (html == null) {
            return null;
        }
        String s = BLOCK.matcher(html).replaceAll("\n");
        s = TAG.matcher(s).replaceAll("");
        s = s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
        return s.replaceAll("[ \\t]+", " ").replaceAll("\\n\\s*\\n+", "\n").strip();
    }
}
