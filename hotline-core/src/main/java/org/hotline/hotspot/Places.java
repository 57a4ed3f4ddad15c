package org.hotline.hotspot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Repeated requests about one place (同一地点重复诉求): orders whose addresses name the same place, the way a
 * supervisor would read them — the same road number or compound in the same area, whatever building, unit or room
 * the caller gave and however they spaced or punctuated it. Plain Java.
 */
public final class Places {

    /** One order as the grouping needs it. */
    public record Order(long id, Long areaId, String address, long categoryId) {
    }

    /** A place asked about repeatedly: its key, one address as written, the orders (newest first). */
    public record Place(String key, Long areaId, String address, List<Order> orders) {
    }

    private static final Pattern NOISE = Pattern.compile("[\\s\\p{Punct}，。、；：！？（）【】《》“”‘’·…—－]+");
    /** Where the building-level detail starts: "3栋", "2单元", "5号楼", "1201室", "B座". */
    private static final Pattern DETAIL = Pattern.compile("(\\d+|[一二三四五六七八九十百]+|[A-Za-z])(栋|幢|座|号楼|单元|楼|层|室|户)");

    private Places() {
    }

    /**
     * The place an address names: full-width characters folded, spaces and punctuation dropped, and cut before the
     * first building-level detail, so "幸福小区3栋2单元" and "幸福小区 5栋" are one place.
     */
    public static String key(String address) {
        if (address == null) {
            return "";
        }
        StringBuilder folded = new StringBuilder(address.length());
        address.codePoints().forEach(c -> {
            if (c == 0x3000) {
                folded.append(' ');
            } else if (c >= 0xFF01 && c <= 0xFF5E) {
                folded.appendCodePoint(c - 0xFEE0);
            } else {
                folded.appendCodePoint(c);
            }
        });
        String s = NOISE.matcher(folded.toString()).replaceAll("").toLowerCase(java.util.Locale.ROOT);
        var m = DETAIL.matcher(s);
        if (m.find() && m.start() >= 4) {
            s = s.substring(0, m.start());
        }
        return s;
    }

    /**
     * The places with at least {@code min} orders, most orders first. Orders come newest first; an address too short
     * to name a place (under 4 characters once cleaned, like "江北区") is not grouped.
     */
    public static List<Place> repeated(List<Order> orders, int min) {
        Map<String, List<Order>> byPlace = new LinkedHashMap<>();
        for (Order o : orders) {
            String k = key(o.address());
            if (k.length() < 4) {
                continue;
            }
            byPlace.computeIfAbsent((o.areaId() == null ? 0 : o.areaId()) + ":" + k, x -> new ArrayList<>()).add(o);
        }
        List<Place> out = new ArrayList<>();
        byPlace.forEach((k, list) -> {
            if (list.size() >= min) {
                out.add(new Place(k, list.get(0).areaId(), list.get(0).address(), list));
            }
        });
        out.sort(Comparator.comparingInt((Place p) -> p.orders().size()).reversed());
        return out;
    }
}
