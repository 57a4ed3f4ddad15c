package org.hotline.kb;

import java.util.ArrayList;
import java.util.List;
import org.hotline.auth.Principal;
import org.hotline.auth.Role;

/**
 * Who may do what with an article. Units keep their own articles current; the centre's KB admins review and publish
 * (an admin may also publish in one step, as an import does). Anyone on staff may start a draft — an operator turning
 * a good reply into an article — and keeps editing it until it is submitted.
 */
public final class ReviewFlow {

    /** What the rules need to know about an article. */
    public record Subject(ArticleStatus status, Long ownerUnitId, Long createdBy, boolean everPublished) {
    }

    private ReviewFlow() {
    }

    public static boolean isReviewer(Principal p) {
        return p.has(Role.KB_ADMIN) || p.has(Role.ADMIN);
    }

    /** A unit's staff own the articles of their unit. */
    static boolean owns(Principal p, Subject a) {
        return (p.has(Role.UNIT_ADMIN) || p.has(Role.UNIT_HANDLER)) && p.unitId() != null
                && p.unitId().equals(a.ownerUnitId());
    }

    /** May create a draft owned by {@code ownerUnitId}: unit staff only for their own unit. */
    public static boolean mayCreate(Principal p, Long ownerUnitId) {
        if (isReviewer(p)) {
            return true;
        }
        if (p.has(Role.UNIT_ADMIN) || p.has(Role.UNIT_HANDLER)) {
            return p.unitId() != null && p.unitId().equals(ownerUnitId);
        }
        return true;
    }

    public static boolean mayEdit(Principal p, Subject a) {
        if (a.status() == ArticleStatus.RETIRED) {
            return isReviewer(p);
        }
        return isReviewer(p) || owns(p, a)
                || (!a.everPublished() && a.createdBy() != null && a.createdBy() == p.userId());
    }

    /** The actions {@code p} may take now, for the console's buttons and for the checks. */
    public static List<String> allowed(Principal p, Subject a) {
        List<String> out = new ArrayList<>();
        boolean edit = mayEdit(p, a);
        if (edit) {
            out.add("edit");
        }
        if (edit && a.status() == ArticleStatus.DRAFT) {
            out.add("submit");
        }
        if (isReviewer(p)) {
            if (a.status() == ArticleStatus.REVIEW || a.status() == ArticleStatus.DRAFT) {
                out.add("approve");
            }
            if (a.status() == ArticleStatus.REVIEW) {
                out.add("reject");
            }
            if (a.status() != ArticleStatus.RETIRED && a.everPublished()) {
                out.add("retire");
            }
        }
        return out;
    }
}
