package org.hotline.sla;

import java.util.Locale;

/** What a clock times: a unit signing for an order, handling it, a co-handler's opinion, the centre's callback. */
public enum ClockKind {
    SIGN("签收"), HANDLE("办理"), OPINION("会办意见"), CALLBACK("回访");

    private final String chineseName;

    ClockKind(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ClockKind parse(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
