package org.hotline.supervision;

import java.util.Optional;

/** Where a supervision stands: open → in progress (work handed out) → reported → closed. */
public enum Status {
    OPEN("open", "待交办"),
    IN_PROGRESS("in_progress", "督办中"),
    REPORTED("reported", "已报告"),
    CLOSED("closed", "已办结");

    private final String id;
    private final String chineseName;

    Status(String id, String chineseName) {
        this.id = id;
        this.chineseName = chineseName;
    }

    public String id() {
        return id;
    }

    public String chineseName() {
        return chineseName;
    }

    public static Optional<Status> parse(String id) {
        for (Status s : values()) {
            if (s.id.equals(id)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
