package org.hotline.workorder;

import java.util.Locale;
import java.util.Optional;

/** Where an order is in its life. English in the API, Chinese in the console. */
public enum OrderStatus {
    ACCEPTED("已受理"),
    DISPATCHED("已派单"),
    SIGNED("办理中"),
    SUSPENDED("已挂起"),
    RETURNED("退单审核"),
    REPLIED("办结待审"),
    CALLBACK("待回访"),
    CLOSED("已办结"),
    MERGED("已并单");

    private final String chineseName;

    OrderStatus(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }

    public static Optional<OrderStatus> parse(String s) {
        try {
            return Optional.of(valueOf(s.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** With a unit: dispatched, in hand, suspended or returned (pending the centre's review). */
    public boolean isWithUnit() {
        return this == DISPATCHED || this == SIGNED || this == SUSPENDED;
    }
}
