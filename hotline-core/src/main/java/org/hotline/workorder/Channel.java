package org.hotline.workorder;

/** How the request reached the centre (来源渠道). */
public enum Channel {
    PHONE("电话"), WEB("网站"), WECHAT("微信"), OPEN311("Open311/应用"), SMS("短信"), EMAIL("邮件");

    private final String chineseName;

    Channel(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Channel parse(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
