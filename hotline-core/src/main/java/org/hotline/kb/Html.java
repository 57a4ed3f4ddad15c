package org.hotline.kb;

import java.util.regex.Pattern;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * Article answers are rich text written by many hands and shown in every operator's browser: they are stored only
 * after an allow-list sanitiser has kept formatting and dropped everything else (scripts, styles, event handlers,
 * frames). Search and snippets read them as plain text.
 */
public final class Html {

    private static final Pattern BLOCK = Pattern.compile("(?i)</?(p|br|li|ul|ol|div|h[1-6]|tr|table)[^>]*>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern NUMERIC = Pattern.compile("&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));");

    /** Paragraphs, lists, emphasis, simple tables and https/http links (opened safely in a new tab). */
    private static final PolicyFactory ANSWER = new HtmlPolicyBuilder()
            .allowElements("p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "u", "h3", "h4", "h5",
                    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "a", "span", "div", "hr")
            .allowUrlProtocols("https", "http")
            .allowAttributes("href").onElements("a")
            .allowAttributes("colspan", "rowspan").onElements("td", "th")
            .requireRelNofollowOnLinks()
            .allowAttributes("target").matching(false, "_blank").onElements("a")
            .toFactory();

    private Html() {
    }

    /** The answer as it may be stored and shown: allowed formatting kept, anything else removed. */
    public static String sanitize(String html) {
        if (html == null) {
            return null;
        }
        return ANSWER.sanitize(html).strip();
    }

    /** Plain text to HTML: each line a paragraph, special characters escaped (a closed order's reply as a draft). */
    public static String fromText(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String line : text.strip().split("\\R+")) {
            if (!line.isBlank()) {
                out.append("<p>").append(escape(line.strip())).append("</p>");
            }
        }
        return out.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** The text of an HTML fragment: tags dropped (blocks become line breaks), the common entities decoded. */
    public static String text(String html) {
        if (html == null) {
            return null;
        }
        String s = BLOCK.matcher(html).replaceAll("\n");
        s = TAG.matcher(s).replaceAll("");
        // The sanitiser writes some characters as numeric references (（ as &#xff08;): decode them all.
        s = NUMERIC.matcher(s).replaceAll(m -> {
            int code = m.group(1) != null ? Integer.parseInt(m.group(1), 16) : Integer.parseInt(m.group(2));
            return java.util.regex.Matcher.quoteReplacement(Character.isValidCodePoint(code)
                    ? new String(Character.toChars(code)) : "");
        });
        s = s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&amp;", "&");
        return s.replaceAll("[ \\t]+", " ").replaceAll("\\n\\s*\\n+", "\n").strip();
    }
}
