package org.hotline.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hotline.citizen.CitizenRepository;
import org.hotline.citizen.PiiCipher;
import org.hotline.db.Database;
import org.hotline.reference.ReferenceCache;
import org.hotline.workorder.HistoryImport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo centre's past: closed orders from the two years before the demo's live orders, brought in through the
 * same import a real centre uses for its history, so the desk's similar-order warnings and dispatch suggestions
 * have something to learn from in {@code start-dev}. The messages are the development set written for 江城市
 * (each with its category and unit) and the live generator's templates with their replies.
 */
final class DemoHistory {

    private static final Logger LOG = LoggerFactory.getLogger(DemoHistory.class);
    static final String MESSAGES = "demo/dispatch-dev.jsonl";
    private static final Map<String, String> DISTRICT_UNITS = Map.of("江北区", "jiangbei", "江南区", "jiangnan",
            "青山区", "qingshan", "临湖区", "linhu");
    private static final String[] GENERIC_REPLIES = {
        "经%s现场核实，来电反映情况属实，已责成相关责任方限期整改，整改完成后复查确认。已电话告知来电人处理结果，来电人表示认可。",
        "%s已受理并安排专人跟进，依据相关规定作出处理，处理情况已于3个工作日内电话答复来电人。",
        "经%s调查核实，已协调相关单位解决，后续将持续跟踪。已向来电人反馈，来电人对处理结果表示满意。",
        "%s收到工单后及时联系来电人了解情况，现场查看并依法依规处理，已将处理意见答复来电人。"
    };

    private final Database db;
    private final JsonObject city;
    private final JsonObject templates;
    private final PiiCipher cipher;
    private final Random random = new Random(20261125);

    DemoHistory(Database db, JsonObject city, JsonObject templates, PiiCipher cipher) {
        this.db = db;
        this.cipher = cipher;
        this.city = city;
        this.templates = templates;
    }

    /** Imports {@code count} closed orders created between {@code from} and {@code to}. */
    int load(int count, Instant from, Instant to) {
        long started = System.nanoTime();
        Map<String, String> leafCodes = new HashMap<>();
        Map<String, String> secondLevelOfLeaf = new HashMap<>();
        walk(city.getJsonArray("categories"), null, leafCodes, secondLevelOfLeaf);
        JsonObject rules = city.getJsonObject("catalogue").getJsonObject("rules");
        String fallback = city.getJsonObject("catalogue").getString("fallback");
        JsonObject places = templates.getJsonObject("places");
        Map<String, String> districtOfPlace = new HashMap<>();
        places.forEach(e -> ((JsonArray) e.getValue()).forEach(p -> districtOfPlace.put((String) p, e.getKey())));
        Map<String, List<String>> streets = streets();
        Map<String, List<String>> repliesByLeaf = new HashMap<>();
        templates.getJsonArray("templates").forEach(o -> {
            JsonObject t = (JsonObject) o;
            repliesByLeaf.computeIfAbsent(t.getString("leaf"), k -> new ArrayList<>())
                    .addAll(t.getJsonArray("replies", new JsonArray()).stream().map(String::valueOf).toList());
        });
        Map<String, String> leafNameByCode = new HashMap<>();
        leafCodes.forEach((name, code) -> leafNameByCode.put(code, name));
        List<String> callers = new ArrayList<>();
        for (int i = 0; i < count / 2; i++) {
            callers.add("13" + (random.nextInt(9) + 1) + String.format("%08d", random.nextInt(100_000_000)));
        }

        List<Object> orders = new ArrayList<>();
        // The development messages, each once, with their own category and unit.
        for (String line : messages()) {
            if (orders.size() >= count) {
                break;
            }
            JsonObject m = new JsonObject(line);
            String place = placeIn(m.getString("content"), districtOfPlace);
            String leaf = leafNameByCode.get(m.getString("category"));
            orders.add(order(m.getString("content"), m.getString("category"), m.getString("unit"), place,
                    place == null ? null : districtOfPlace.get(place), streets, reply(leaf, m.getString("unit"),
                            repliesByLeaf), callers, from, to));
        }
        // Then the live generator's templates, at the demo city's places, until there are enough.
        JsonArray all = templates.getJsonArray("templates");
        while (orders.size() < count) {
            JsonObject t = all.getJsonObject(random.nextInt(all.size()));
            String code = leafCodes.get(t.getString("leaf"));
            if (code == null) {
                continue;
            }
            List<String> districts = new ArrayList<>(places.fieldNames());
            districts.sort(null);
            String district = districts.get(random.nextInt(districts.size()));
            JsonArray ps = places.getJsonArray(district);
            String place = ps.getString(random.nextInt(ps.size()));
            JsonArray texts = t.getJsonArray("texts");
            String text = texts.getString(random.nextInt(texts.size())).replace("{place}", place);
            String rule = rules.getString(secondLevelOfLeaf.get(t.getString("leaf")), fallback);
            String unit = "district".equals(rule) ? DISTRICT_UNITS.get(district) : rule;
            orders.add(order(text, code, unit, place, district, streets, reply(t.getString("leaf"), unit,
                    repliesByLeaf), callers, from, to));
        }
        ReferenceCache.Snapshot ref = new ReferenceCache(db).get();
        HistoryImport history = new HistoryImport(new CitizenRepository(cipher));
        int imported = db.transaction(dsl -> history.write(dsl, history.parse(orders, ref, false, to), ref, null,
                to).imported());
        LOG.info("Demo history imported: {} closed orders in {} ms", imported, (System.nanoTime() - started)
                / 1_000_000);
        return imported;
    }

    private JsonObject order(String content, String category, String unit, String place, String district,
                             Map<String, List<String>> streets, String reply, List<String> callers, Instant from,
                             Instant to) {
        long span = Duration.between(from, to).getSeconds();
        Instant created = from.plusSeconds((long) (random.nextDouble() * span));
        Instant closed = created.plus(Duration.ofHours(4 + random.nextInt(24 * 12)));
        JsonObject o = new JsonObject().put("createdAt", created.toString())
                .put("closedAt", (closed.isAfter(to) ? to : closed).toString())
                .put("content", content).put("category", category).put("reply", reply)
                .put("channel", random.nextInt(10) < 7 ? "phone" : "web");
        if (unit != null) {
            o.put("leadUnit", unit);
        }
        if (place != null) {
            o.put("address", place);
        }
        if (district != null && streets.containsKey(district)) {
            List<String> s = streets.get(district);
            o.put("area", s.get(random.nextInt(s.size())));
        }
        if (random.nextInt(100) < 70) {
            o.put("phone", callers.get(random.nextInt(callers.size())));
        }
        return o;
    }

    private String reply(String leaf, String unit, Map<String, List<String>> repliesByLeaf) {
        List<String> own = leaf == null ? null : repliesByLeaf.get(leaf);
        if (own != null && !own.isEmpty() && random.nextInt(3) > 0) {
            return own.get(random.nextInt(own.size()));
        }
        String who = unit == null ? "承办单位" : unitName(unit);
        return String.format(GENERIC_REPLIES[random.nextInt(GENERIC_REPLIES.length)], who);
    }

    private String unitName(String code) {
        String[] found = {code};
        walkUnits(city.getJsonArray("units"), code, found);
        return found[0];
    }

    private static void walkUnits(JsonArray units, String code, String[] found) {
        for (Object o : units) {
            JsonObject u = (JsonObject) o;
            if (code.equals(u.getString("code"))) {
                found[0] = u.getString("name");
            }
            walkUnits(u.getJsonArray("children", new JsonArray()), code, found);
        }
    }

    private static String placeIn(String text, Map<String, String> districtOfPlace) {
        String best = null;
        for (String p : districtOfPlace.keySet()) {
            if (text.contains(p) && (best == null || p.length() > best.length())) {
                best = p;
            }
        }
        return best;
    }

    /** Street-level area codes per district name. */
    private Map<String, List<String>> streets() {
        Map<String, List<String>> out = new HashMap<>();
        for (Object o : city.getJsonArray("areas")) {
            JsonObject d = (JsonObject) o;
            List<String> codes = new ArrayList<>();
            d.getJsonArray("children", new JsonArray()).forEach(s -> codes.add(((JsonObject) s).getString("code")));
            out.put(d.getString("name"), codes);
        }
        return out;
    }

    private static void walk(JsonArray nodes, String secondLevel, Map<String, String> leafCodes,
                             Map<String, String> secondOfLeaf) {
        for (Object o : nodes) {
            JsonObject n = (JsonObject) o;
            JsonArray children = n.getJsonArray("children");
            String second = secondLevel == null && n.getString("code").length() == 4 ? n.getString("name")
                    : secondLevel;
            if (children == null || children.isEmpty()) {
                leafCodes.put(n.getString("name"), n.getString("code"));
                secondOfLeaf.put(n.getString("name"), second);
            } else {
                walk(children, second, leafCodes, secondOfLeaf);
            }
        }
    }

    private static List<String> messages() {
        try (InputStream in = DemoHistory.class.getClassLoader().getResourceAsStream(MESSAGES)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + MESSAGES);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
