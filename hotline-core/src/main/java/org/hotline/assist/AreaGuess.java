package org.hotline.assist;

import java.util.Collection;
import java.util.Optional;
import org.hotline.reference.ReferenceCache;

/**
 * The area an address (or the description) names: the most specific area whose name appears — a street beats its
 * district. Names are also tried without their suffix (南门街道 → 南门, 梅岭镇 → 梅岭) as callers say them, but a
 * short name only counts when its district agrees or nothing longer matched.
 */
public final class AreaGuess {

    private AreaGuess() {
    }

    public static Optional<ReferenceCache.Node> guess(Collection<ReferenceCache.Node> areas, String... texts) {
        StringBuilder all = new StringBuilder();
        for (String t : texts) {
            if (t != null) {
                all.append(t).append(' ');
            }
        }
        String text = all.toString();
        ReferenceCache.Node best = null;
        int bestScore = 0;
        for (ReferenceCache.Node a : areas) {
            int score = 0;
            if (a.name().length() >= 2 && text.contains(a.name())) {
                score = 10 * depth(a) + a.name().length();
            } else {
                String shortName = a.name().replaceAll("(街道|社区|镇|乡|区|县)$", "");
                if (shortName.length() >= 2 && !shortName.equals(a.name()) && text.contains(shortName)) {
                    score = 10 * depth(a) + shortName.length() - 5;
                }
            }
            if (score > bestScore) {
                best = a;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    /** How deep in the tree: the path has one " / " per level. */
    private static int depth(ReferenceCache.Node a) {
        return a.path() == null ? 0 : a.path().split(" / ").length;
    }
}
