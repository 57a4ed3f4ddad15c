package org.hotline.reference;

import static org.hotline.db.generated.Tables.AREA;
import static org.hotline.db.generated.Tables.CATEGORY;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.db.Database;

/**
 * Units, categories and areas held in memory for validation, data scope and display names. They change rarely
 * (an admin's edit); a snapshot older than a few seconds is reloaded on next use, and {@link #invalidate()} forces it.
 */
public final class ReferenceCache {

    /** A category or area with its path of names from the root. */
    public record Node(long id, Long parentId, String code, String name, String path, boolean active, boolean leaf) {
    }

    /** One consistent view of the reference data. */
    public record Snapshot(UnitHierarchy units, Map<Long, Node> categories, Map<Long, Node> areas, long loadedAt) {

        public Optional<Node> category(Long id) {
            return Optional.ofNullable(id == null ? null : categories.get(id));
        }

        public Optional<Node> area(Long id) {
            return Optional.ofNullable(id == null ? null : areas.get(id));
        }

        /** The node and all its descendants' ids. */
        public static Set<Long> subtree(Map<Long, Node> nodes, long id) {
            Set<Long> out = new HashSet<>();
            out.add(id);
            boolean grew = true;
            while (grew) {
                grew = false;
                for (Node n : nodes.values()) {
                    if (n.parentId() != null && out.contains(n.parentId()) && out.add(n.id())) {
                        grew = true;
                    }
                }
            }
            return out;
        }
    }

    private static final Duration MAX_AGE = Duration.ofSeconds(10);

    private final Database db;
    private volatile Snapshot snapshot;
    private final java.util.concurrent.atomic.AtomicBoolean refreshing = new java.util.concurrent.atomic.AtomicBoolean();

    public ReferenceCache(Database db) {
        this.db = db;
    }

    public Snapshot get() {
        Snapshot s = snapshot;
        if (s == null) {
            s = load();
            snapshot = s;
        } else if (System.nanoTime() - s.loadedAt() > MAX_AGE.toNanos() && refreshing.compareAndSet(false, true)) {
            // Stale: this request goes on with what it has; one background load replaces it (a reload takes a few
            // milliseconds, which a request typed while the caller talks should not wait for).
            Thread.ofVirtual().name("hotline-reference-reload").start(() -> {
                try {
                    snapshot = load();
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(ReferenceCache.class).warn("Reference data reload failed: {}",
                            e.toString());
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return s;
    }

    public void invalidate() {
        snapshot = null;
    }

    private Snapshot load() {
        var dsl = db.dsl();
        UnitHierarchy units = UnitHierarchy.load(dsl);
        Map<Long, Node> categories = paths(dsl.selectFrom(CATEGORY).fetch().map(r ->
                new Node(r.getId(), r.getParentId(), r.getCode(), r.getName(), null, r.getActive(), false)));
        Map<Long, Node> areas = paths(dsl.selectFrom(AREA).fetch().map(r ->
                new Node(r.getId(), r.getParentId(), r.getCode(), r.getName(), null, true, false)));
        return new Snapshot(units, categories, areas, System.nanoTime());
    }

    private static Map<Long, Node> paths(List<Node> rows) {
        Map<Long, Node> byId = new HashMap<>();
        rows.forEach(n -> byId.put(n.id(), n));
        Set<Long> parents = new HashSet<>();
        rows.forEach(n -> {
            if (n.parentId() != null) {
                parents.add(n.parentId());
            }
        });
        Map<Long, Node> out = new HashMap<>();
        for (Node n : rows) {
            List<String> names = new ArrayList<>();
            Node x = n;
            int guard = 0;
            while (x != null && guard++ < 32) {
                names.add(x.name());
                x = x.parentId() == null ? null : byId.get(x.parentId());
            }
            Collections.reverse(names);
            out.put(n.id(), new Node(n.id(), n.parentId(), n.code(), n.name(), String.join(" / ", names), n.active(),
                    !parents.contains(n.id())));
        }
        return Map.copyOf(out);
    }
}
