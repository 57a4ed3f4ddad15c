package org.hotline.open311;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * An Open311 answer as one tree of named elements, written either as the spec's XML or as the JSON the spec derives
 * from that XML by the "Spark convention": the root element is dropped, a container of repeated elements is an
 * array even when it holds one, and a leaf element's text is its value ({@code null} when empty).
 */
public final class Doc {

    /** A part of the tree. */
    public sealed interface Node permits Element, Items, Value {
        String name();
    }

    /** A leaf: {@code <name>value</name>}; the value is text, a boolean, a number, or null for an empty element. */
    public record Value(String name, Object value) implements Node {
    }

    /** An element with named children, e.g. one {@code <request>}; a JSON object. */
    public static final class Element implements Node {
        private final String name;
        private final List<Node> children = new ArrayList<>();

        private Element(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        public List<Node> children() {
            return children;
        }

        public Element add(String child, Object value) {
            children.add(new Value(child, value));
            return this;
        }

        public Element add(Node child) {
            children.add(child);
            return this;
        }
    }

    /** A container of repeated elements, e.g. {@code <services>} holding {@code <service>}s; a JSON array. */
    public static final class Items implements Node {
        private final String name;
        private final List<Node> items = new ArrayList<>();

        private Items(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        public List<Node> items() {
            return items;
        }

        public Items add(Node item) {
            items.add(item);
            return this;
        }

        /** A repeated leaf, e.g. {@code <format>text/xml</format>}. */
        public Items add(String item, Object value) {
            items.add(new Value(item, value));
            return this;
        }
    }

    private final Node root;

    private Doc(Node root) {
        this.root = root;
    }

    public static Doc of(Node root) {
        return new Doc(root);
    }

    public static Element element(String name) {
        return new Element(name);
    }

    public static Items items(String name) {
        return new Items(name);
    }

    public Node root() {
        return root;
    }

    // ------------------------------------------------------------------ XML

    /** The XML document, UTF-8 declared, schemaless and without a namespace, as the spec asks. */
    public String xml() {
        StringBuilder out = new StringBuilder(1024).append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        write(out, root, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, Node node, int depth) {
        out.append("  ".repeat(depth));
        switch (node) {
            case Value v -> {
                String text = text(v.value());
                if (text.isEmpty()) {
                    out.append('<').append(v.name()).append("/>\n");
                } else {
                    out.append('<').append(v.name()).append('>');
                    escape(out, text);
                    out.append("</").append(v.name()).append(">\n");
                }
            }
            case Element e -> children(out, e.name(), e.children(), depth);
            case Items i -> children(out, i.name(), i.items(), depth);
        }
    }

    private static void children(StringBuilder out, String name, List<Node> children, int depth) {
        if (children.isEmpty()) {
            out.append('<').append(name).append("/>\n");
            return;
        }
        out.append('<').append(name).append(">\n");
        children.forEach(c -> write(out, c, depth + 1));
        out.append("  ".repeat(depth)).append("</").append(name).append(">\n");
    }

    private static String text(Object value) {
        return switch (value) {
            case null -> "";
            case BigDecimal d -> d.toPlainString();
            default -> String.valueOf(value);
        };
    }

    /**
     * Escapes markup so every value is text, never elements: whatever a citizen typed ({@code <script>} included)
     * reaches the client as characters. Characters XML 1.0 cannot carry at all (most control characters, lone
     * surrogates) are left out rather than making the document unreadable.
     */
    static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (allowedInXml(cp)) {
                        out.appendCodePoint(cp);
                    }
                }
            }
        }
    }

    /** XML 1.0's Char production. */
    static boolean allowedInXml(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF || cp >= 0xE000 && cp <= 0xFFFD
                || cp >= 0x10000 && cp <= 0x10FFFF;
    }

    // ------------------------------------------------------------------ JSON

    /** The JSON document: the root's content, an array for a container, an object for an element. */
    public String json() {
        return switch (root) {
            case Items i -> array(i).encode();
            case Element e -> object(e).encode();
            case Value v -> new JsonArray().add(v.value()).encode();
        };
    }

    private static JsonObject object(Element e) {
        JsonObject o = new JsonObject();
        for (Node c : e.children()) {
            o.put(c.name(), json(c));
        }
        return o;
    }

    private static JsonArray array(Items i) {
        JsonArray a = new JsonArray();
        i.items().forEach(item -> a.add(json(item)));
        return a;
    }

    private static Object json(Node n) {
        return switch (n) {
            case Value v -> v.value() instanceof String s && s.isEmpty() ? null : v.value();
            case Element e -> object(e);
            case Items i -> array(i);
        };
    }
}
