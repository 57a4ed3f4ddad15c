package org.hotline.auth;

import java.time.Instant;
import java.util.Set;

/** A staff account as stored; {@code passwordHash} never leaves the auth package's services. */
public record StaffAccount(long id, String username, String displayName, String passwordHash, Long unitId,
                           String unitCode, String unitName, String unitKind, boolean enabled, Set<Role> roles,
                           Instant createdAt, Instant lastLoginAt) {

    public StaffAccount {
        roles = Set.copyOf(roles);
    }

    /** What the API shows of an account. */
    public UserView view() {
        UnitRef unit = unitId == null ? null : new UnitRef(unitId, unitCode, unitName, unitKind);
        return new UserView(id, username, displayName, roles.stream().map(Role::id).sorted().toList(), unit,
                enabled, createdAt, lastLoginAt);
    }

    /** The API shape of an account. */
    public record UserView(long id, String username, String displayName, java.util.List<String> roles, UnitRef unit,
                           boolean enabled, Instant createdAt, Instant lastLoginAt) {
    }

    /** A unit as other objects refer to it. */
    public record UnitRef(long id, String code, String name, String kind) {
    }
}
