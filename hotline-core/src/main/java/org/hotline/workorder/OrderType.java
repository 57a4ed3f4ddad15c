package org.hotline.workorder;

/** What the caller wants (诉求类型). */
public enum OrderType {
    CONSULTATION("咨询"), HELP("求助"), COMPLAINT("投诉"), REPORT("举报"), SUGGESTION("建议"), PRAISE("表扬");

    private final String chineseName;

    OrderType(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static OrderType parse(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
