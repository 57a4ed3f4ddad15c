package org.hotline.workorder;

import java.util.List;
import java.util.Set;
import org.hotline.auth.Principal;
import org.hotline.auth.Role;
import org.hotline.reference.UnitHierarchy;

/**
 * Data scope, as plain rules: the centre's roles see every order; a unit's staff see the orders assigned to their
 * unit or the units below it, and act on them only in the capacity (lead or co-handler) the assignment gives.
 */
public final class Scope {

    private Scope() {
    }

    /**
     * Centre staff see every order. An account holding any unit role is unit staff, whatever else it holds: a
     * unit's data scope must never widen through an extra role (accounts cannot mix them, but old data might).
     */
    public static boolean isCentre(Principal p) {
        return p.roles().stream().anyMatch(Role::isCentre) && p.roles().stream().allMatch(Role::isCentre);
    }

    /** The units whose orders a unit member sees: their unit and every unit below it; empty for centre staff. */
    public static Set<Long> unitScope(Principal p, UnitHierarchy units) {
        return p.unitId() == null ? Set.of() : units.selfAndBelow(p.unitId());
    }

    /** May {@code p} see an order with these active assignments? */
    public static boolean canSee(Principal p, List<Assignments.Assignment> assignments, UnitHierarchy units) {
        if (isCentre(p)) {
            return true;
        }
        Set<Long> scope = unitScope(p, units);
        return assignments.stream().anyMatch(a -> a.active() && scope.contains(a.unitId()));
    }

    /** Does {@code p} act for the handling unit (or a unit above it)? */
    public static boolean actsForHandler(Principal p, Long handlerUnitId, UnitHierarchy units) {
        return p.unitId() != null && handlerUnitId != null && units.isSelfOrAbove(p.unitId(), handlerUnitId);
    }

    /** The active co-handling assignment {@code p} acts for, if any. */
    public static Assignments.Assignment coAssignment(Principal p, List<Assignments.Assignment> assignments,
                                                     UnitHierarchy units) {
        if (p.unitId() == null) {
            return null;
        }
        for (Assignments.Assignment a : assignments) {
            if (a.active() && Assignments.CO.equals(a.role()) && units.isSelfOrAbove(p.unitId(), a.unitId())) {
                return a;
            }
        }
        return null;
    }
}
