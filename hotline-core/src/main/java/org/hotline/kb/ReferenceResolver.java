package org.hotline.kb;

import java.util.Optional;
import org.hotline.reference.ReferenceCache;

/** Categories by id, code or path of names, and units by id or code, from the reference data in memory. */
public final class ReferenceResolver implements ArticleContent.Resolver {

    private final ReferenceCache.Snapshot ref;

    public ReferenceResolver(ReferenceCache.Snapshot ref) {
        this.ref = ref;
    }

    @Override
    public Optional<Long> categoryById(long id) {
        return ref.category(id).map(ReferenceCache.Node::id);
    }

    @Override
    public Optional<Long> category(String codeOrPath) {
        String wanted = normalise(codeOrPath);
        for (ReferenceCache.Node n : ref.categories().values()) {
            if (n.code().equals(wanted) || normalise(n.path()).equals(wanted)) {
                return Optional.of(n.id());
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Long> unitById(long id) {
        return ref.units().unit(id).map(u -> u.id());
    }

    @Override
    public Optional<Long> unit(String code) {
        return ref.units().byCode(code).map(u -> u.id());
    }

    /** "环境保护 / 噪声污染" and "环境保护/噪声污染" (or with ＞ or >) name the same path. */
    static String normalise(String path) {
        return path == null ? "" : path.strip().replaceAll("\\s*[/>＞]\\s*", "/");
    }
}
