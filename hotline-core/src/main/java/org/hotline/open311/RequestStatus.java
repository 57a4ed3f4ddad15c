package org.hotline.open311;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.hotline.workorder.OrderStatus;

/**
 * How an order's status reads in Open311. The spec knows two: {@code closed} (it has been resolved) for orders
 * closed or merged into another, {@code open} for every other status. {@code status_notes} say where the order
 * stands in words made from its status and unit only, never from staff's free text: the API is public, and notes
 * written for colleagues or to the caller may name people.
 */
public final class RequestStatus {

    public static final String OPEN = "open";
    public static final String CLOSED = "closed";

    private static final Set<OrderStatus> CLOSED_STATUSES = EnumSet.of(OrderStatus.CLOSED, OrderStatus.MERGED);

    private RequestStatus() {
    }

    public static String of(OrderStatus status) {
        return CLOSED_STATUSES.contains(status) ? CLOSED : OPEN;
    }

    /** The order statuses an Open311 status stands for; empty when {@code open311Status} is neither. */
    public static Set<OrderStatus> matching(String open311Status) {
        String s = open311Status == null ? "" : open311Status.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case OPEN -> EnumSet.complementOf(EnumSet.copyOf(CLOSED_STATUSES));
            case CLOSED -> EnumSet.copyOf(CLOSED_STATUSES);
            default -> EnumSet.noneOf(OrderStatus.class);
        };
    }

    /**
     * Where the order stands, for {@code status_notes}.
     *
     * @param unit     the unit handling it (or that handled it), null before dispatch or for a direct answer
     * @param followed the order is a duplicate that follows another order (merged, or closed with it)
     */
    public static String notes(OrderStatus status, String unit, boolean followed) {
        String who = unit == null ? "承办单位" : unit;
        return switch (status) {
            case ACCEPTED -> "已受理，待派单";
            case DISPATCHED -> "已派至" + who + "，待签收";
            case SIGNED -> who + "办理中";
            case SUSPENDED -> who + "办理中（暂停计时，待条件具备后继续）";
            case RETURNED -> "热线中心正在重新确定承办单位";
            case REPLIED -> who + "已答复，热线中心审核中";
            case CALLBACK -> who + "已办结答复，待回访";
            case MERGED -> "重复诉求，已并入同一问题的工单一并办理";
            case CLOSED -> followed ? "重复诉求，已随同一问题的工单办结"
                    : unit == null ? "热线中心已直接答复，办结" : "已办结（" + unit + "）";
        };
    }
}
