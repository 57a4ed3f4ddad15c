package org.hotline.open311;

import static org.hotline.db.generated.Tables.CATEGORY;
import static org.hotline.db.generated.Tables.CATEGORY_ATTRIBUTE;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hotline.db.generated.tables.records.CategoryAttributeRecord;
import org.hotline.db.generated.tables.records.CategoryRecord;
import org.hotline.reference.Tree;
import org.jooq.DSLContext;

/**
 * The category tree as Open311 services: every active leaf category is a service whose {@code service_code} is the
 * category's code, {@code group} its top-level category, {@code description} its path; its attributes are the
 * extra fields asked by the category and the categories above it (a lower category's field replaces one of the
 * same code above).
 */
public final class ServiceCatalogue {

    /** The datatypes the spec knows. */
    public static final Set<String> DATATYPES = Set.of("string", "number", "datetime", "text", "singlevaluelist",
            "multivaluelist");

    /** One choice of a list attribute. */
    public record Choice(String key, String name) {
    }

    /** An extra field of a service; {@code order} counts from 1 in the order fields are shown. */
    public record Attribute(String code, String datatype, boolean required, String description,
                            String datatypeDescription, int order, List<Choice> values) {

        public boolean isList() {
            return datatype.endsWith("valuelist");
        }

        public Optional<Choice> choice(String key) {
            return values.stream().filter(c -> c.key().equals(key)).findFirst();
        }
    }

    /** A service: one leaf category. */
    public record Service(long categoryId, String code, String name, String description, String group,
                          String keywords, List<Attribute> attributes) {

        /** Whether clients must read the service definition (the spec's {@code metadata}). */
        public boolean metadata() {
            return !attributes.isEmpty();
        }
    }

    private static final Pattern KEYWORD_SEPARATORS = Pattern.compile("[,，、;；]");
    private static final Pattern NAME_PARTS = Pattern.compile("[和与及、/]");

    private record Node(CategoryRecord row, List<Node> children) {
    }

    /** Every service, in the category tree's display order. */
    public List<Service> services(DSLContext dsl) {
        List<CategoryRecord> rows = dsl.selectFrom(CATEGORY).orderBy(CATEGORY.SORT_ORDER, CATEGORY.ID).fetch();
        Map<Long, List<CategoryAttributeRecord>> attributes = new HashMap<>();
        dsl.selectFrom(CATEGORY_ATTRIBUTE).orderBy(CATEGORY_ATTRIBUTE.SORT_ORDER, CATEGORY_ATTRIBUTE.ID)
                .forEach(a -> attributes.computeIfAbsent(a.getCategoryId(), k -> new ArrayList<>()).add(a));
        List<Node> roots = Tree.build(rows, CategoryRecord::getId, CategoryRecord::getParentId, Node::new);
        List<Service> out = new ArrayList<>();
        for (Node root : roots) {
            walk(root, new ArrayList<>(), attributes, out);
        }
        return out;
    }

    /** The service with this code, if it is one (an active leaf category). */
    public Optional<Service> service(DSLContext dsl, String code) {
        return services(dsl).stream().filter(s -> s.code().equals(code)).findFirst();
    }

    private static void walk(Node node, List<CategoryRecord> path, Map<Long, List<CategoryAttributeRecord>> attributes,
                             List<Service> out) {
        path.add(node.row());
        if (node.children().isEmpty()) {
            CategoryRecord leaf = node.row();
            if (leaf.getActive()) {
                List<String> names = path.stream().map(CategoryRecord::getName).toList();
                out.add(new Service(leaf.getId(), leaf.getCode(), leaf.getName(), String.join(" / ", names),
                        names.getFirst(), keywords(leaf.getKeywords(), names), attributes(path, attributes)));
            }
        } else {
            node.children().forEach(c -> walk(c, path, attributes, out));
        }
        path.removeLast();
    }

    /** The fields of the categories on the path, top first; a field redefined lower down takes the upper's place. */
    private static List<Attribute> attributes(List<CategoryRecord> path,
                                              Map<Long, List<CategoryAttributeRecord>> byCategory) {
        Map<String, CategoryAttributeRecord> byCode = new LinkedHashMap<>();
        for (CategoryRecord c : path) {
            for (CategoryAttributeRecord a : byCategory.getOrDefault(c.getId(), List.of())) {
                byCode.put(a.getCode(), a);
            }
        }
        List<Attribute> out = new ArrayList<>();
        for (CategoryAttributeRecord a : byCode.values()) {
            List<Choice> values = new ArrayList<>();
            if (a.getValueList() != null && !a.getValueList().isBlank()) {
                for (Object o : new JsonArray(a.getValueList())) {
                    JsonObject v = (JsonObject) o;
                    values.add(new Choice(String.valueOf(v.getValue("key")), v.getString("name")));
                }
            }
            out.add(new Attribute(a.getCode(), a.getDatatype(), a.getMandatory(), a.getDescription(),
                    a.getDatatypeDescription(), out.size() + 1, List.copyOf(values)));
        }
        return List.copyOf(out);
    }

    /**
     * The service's keywords: the category's own when it has some, else words from the names on its path, the
     * service's first — each name, and the parts of a name joined by 和/与/及 ("出租车和网约车" → 出租车, 网约车).
     */
    static String keywords(String stored, List<String> pathNames) {
        Set<String> words = new LinkedHashSet<>();
        if (stored != null && !stored.isBlank()) {
            for (String w : KEYWORD_SEPARATORS.split(stored)) {
                if (!w.isBlank()) {
                    words.add(w.strip());
                }
            }
            return String.join(", ", words);
        }
        for (int i = pathNames.size() - 1; i >= 0; i--) {
            String name = pathNames.get(i).strip();
            words.add(name);
            for (String part : NAME_PARTS.split(name)) {
                if (part.strip().length() >= 2) {
                    words.add(part.strip());
                }
            }
        }
        return String.join(", ", words);
    }
}
