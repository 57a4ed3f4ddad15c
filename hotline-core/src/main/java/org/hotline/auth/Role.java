package org.hotline.auth;

import java.util.Locale;
import java.util.Optional;

/** What a staff member does in the hotline; an account has one or more. */
public enum Role {
    OPERATOR("话务员"),
    DISPATCHER("派单员"),
    REVIEWER("审核员"),
    UNIT_HANDLER("单位经办人"),
    UNIT_ADMIN("单位管理员"),
    SUPERVISOR("督查员"),
    LEADER("领导"),
    KB_ADMIN("知识库管理员"),
    ADMIN("系统管理员");

    private final String chineseName;

    Role(String chineseName) {
        this.chineseName = chineseName;
    }

    /** The API spelling: {@code unit_handler}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String chineseName() {
        return chineseName;
    }

    public static Optional<Role> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (Role r : values()) {
            if (r.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Roles that work for the centre rather than for a handling unit. */
    public boolean isCentre() {
        return this != UNIT_HANDLER && this != UNIT_ADMIN;
    }
}
