package org.hotline.workorder;

/** How fast the order must move (紧急程度). */
public enum Urgency {
    NORMAL("一般"), URGENT("紧急"), EMERGENCY("特急");

    private final String chineseName;

    Urgency(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Urgency parse(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
