package org.hotline.workorder;

import static org.hotline.auth.Role.DISPATCHER;
import static org.hotline.auth.Role.LEADER;
import static org.hotline.auth.Role.OPERATOR;
import static org.hotline.auth.Role.REVIEWER;
import static org.hotline.auth.Role.SUPERVISOR;
import static org.hotline.auth.Role.UNIT_ADMIN;
import static org.hotline.auth.Role.UNIT_HANDLER;
import static org.hotline.workorder.OrderStatus.ACCEPTED;
import static org.hotline.workorder.OrderStatus.CALLBACK;
import static org.hotline.workorder.OrderStatus.CLOSED;
import static org.hotline.workorder.OrderStatus.DISPATCHED;
import static org.hotline.workorder.OrderStatus.MERGED;
import static org.hotline.workorder.OrderStatus.REPLIED;
import static org.hotline.workorder.OrderStatus.RETURNED;
import static org.hotline.workorder.OrderStatus.SIGNED;
import static org.hotline.workorder.OrderStatus.SUSPENDED;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hotline.auth.Role;

/**
 * Every action on an order: who may perform it (roles), from which statuses, and on whose behalf. This table is
 * the authorisation of order actions; the service consults nothing else.
 */
public enum OrderAction {
    ANSWER_DIRECTLY("直办", Actor.CENTRE, EnumSet.of(OPERATOR), EnumSet.of(ACCEPTED)),
    DISPATCH("派单", Actor.CENTRE, EnumSet.of(OPERATOR, DISPATCHER, REVIEWER), EnumSet.of(ACCEPTED)),
    MERGE("并单", Actor.CENTRE, EnumSet.of(OPERATOR, DISPATCHER), EnumSet.of(ACCEPTED)),
    UNMERGE("撤销并单", Actor.CENTRE, EnumSet.of(OPERATOR, DISPATCHER), EnumSet.of(MERGED)),
    URGE("催办", Actor.CENTRE, EnumSet.of(OPERATOR, DISPATCHER, REVIEWER, SUPERVISOR, LEADER),
            EnumSet.of(DISPATCHED, SIGNED, SUSPENDED)),
    TRANSFER("转办", Actor.CENTRE, EnumSet.of(DISPATCHER, REVIEWER), EnumSet.of(DISPATCHED, SIGNED, SUSPENDED)),
    APPROVE_RETURN("同意退单", Actor.CENTRE, EnumSet.of(DISPATCHER, REVIEWER), EnumSet.of(RETURNED)),
    REJECT_RETURN("驳回退单", Actor.CENTRE, EnumSet.of(DISPATCHER, REVIEWER), EnumSet.of(RETURNED)),
    APPROVE_EXTENSION("同意延期", Actor.CENTRE, EnumSet.of(DISPATCHER, REVIEWER), EnumSet.of(SIGNED, SUSPENDED)),
    REJECT_EXTENSION("驳回延期", Actor.CENTRE, EnumSet.of(DISPATCHER, REVIEWER), EnumSet.of(SIGNED, SUSPENDED)),
    APPROVE_REPLY("审核通过", Actor.CENTRE, EnumSet.of(DISPATCHER, REVIEWER), EnumSet.of(REPLIED)),
    REJECT_REPLY("发回重办", Actor.CENTRE, EnumSet.of(DISPATCHER, REVIEWER), EnumSet.of(REPLIED)),
    REOPEN("重启工单", Actor.CENTRE, EnumSet.of(DISPATCHER, REVIEWER), EnumSet.of(CLOSED)),
    CALLBACK_RESULT("回访", Actor.CENTRE, EnumSet.of(REVIEWER), EnumSet.of(CALLBACK)),
    SIGN("签收", Actor.HANDLER, EnumSet.of(UNIT_HANDLER, UNIT_ADMIN), EnumSet.of(DISPATCHED)),
    RETURN("退单", Actor.HANDLER, EnumSet.of(UNIT_HANDLER, UNIT_ADMIN), EnumSet.of(DISPATCHED, SIGNED)),
    REQUEST_EXTENSION("申请延期", Actor.HANDLER, EnumSet.of(UNIT_HANDLER, UNIT_ADMIN), EnumSet.of(SIGNED, SUSPENDED)),
    SUSPEND("挂起", Actor.HANDLER, EnumSet.of(UNIT_HANDLER, UNIT_ADMIN), EnumSet.of(SIGNED)),
    RESUME("恢复办理", Actor.HANDLER, EnumSet.of(UNIT_HANDLER, UNIT_ADMIN), EnumSet.of(SUSPENDED)),
    REPLY("办结反馈", Actor.HANDLER, EnumSet.of(UNIT_HANDLER, UNIT_ADMIN), EnumSet.of(SIGNED)),
    SUB_DISPATCH("下派", Actor.HANDLER, EnumSet.of(UNIT_HANDLER, UNIT_ADMIN), EnumSet.of(SIGNED)),
    ASSIGN("指派经办人", Actor.HANDLER, EnumSet.of(UNIT_ADMIN), EnumSet.of(DISPATCHED, SIGNED, SUSPENDED)),
    CO_REPLY("协办意见", Actor.CO_HANDLER, EnumSet.of(UNIT_HANDLER, UNIT_ADMIN), EnumSet.of(DISPATCHED, SIGNED,
            SUSPENDED, REPLIED));

    /** On whose behalf the action is taken, which decides the data-scope check. */
    public enum Actor {
        /** The centre: any order. */
        CENTRE,
        /** The unit now handling the order (or a unit above it). */
        HANDLER,
        /** A co-handling unit (or a unit above it). */
        CO_HANDLER
    }

    private final String chineseName;
    private final Actor actor;
    private final Set<Role> roles;
    private final Set<OrderStatus> from;

    OrderAction(String chineseName, Actor actor, Set<Role> roles, Set<OrderStatus> from) {
        this.chineseName = chineseName;
        this.actor = actor;
        this.roles = Set.copyOf(roles);
        this.from = Set.copyOf(from);
    }

    /** The API spelling: {@code answer-directly}; {@code callback} for {@link #CALLBACK_RESULT}. */
    public String id() {
        return this == CALLBACK_RESULT ? "callback" : name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<OrderAction> parse(String id) {
        for (OrderAction a : values()) {
            if (a.id().equals(id)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public String chineseName() {
        return chineseName;
    }

    public Actor actor() {
        return actor;
    }

    public Set<Role> roles() {
        return roles;
    }

    public Set<OrderStatus> from() {
        return from;
    }

    public boolean allowedFrom(OrderStatus status) {
        return from.contains(status);
    }

    public boolean allowedFor(Set<Role> callerRoles) {
        for (Role r : callerRoles) {
            if (roles.contains(r)) {
                return true;
            }
        }
        return false;
    }
}
