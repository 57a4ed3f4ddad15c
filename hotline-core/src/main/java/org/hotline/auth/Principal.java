package org.hotline.auth;

import java.util.Set;

/**
 * The logged-in staff member a request acts for.
 *
 * @param unitId the member's home unit (data scope for unit roles), or null
 */
public record Principal(long userId, String username, String displayName, Set<Role> roles, Long unitId,
                        String sessionHash) {

    public Principal {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean hasAny(Set<String> roleIds) {
        for (Role r : roles) {
            if (roleIds.contains(r.id())) {
                return true;
            }
        }
        return false;
    }

    /** Comma-separated role ids, as the audit log records them. */
    public String roleList() {
        return String.join(",", roles.stream().map(Role::id).sorted().toList());
    }
}
