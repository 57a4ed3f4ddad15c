package org.hotline.supervision;

import java.util.Optional;

/** The four ways the centre supervises hard orders (督办), each with its own fields and steps. */
public enum Mode {
    ONSITE("onsite", "现场督办"),
    MEETING("meeting", "会议集中督办"),
    LEADER_MEMO("leader_memo", "领导批示督办"),
    MEDIA("media", "媒体全程跟踪");

    private final String id;
    private final String chineseName;

    Mode(String id, String chineseName) {
        this.id = id;
        this.chineseName = chineseName;
    }

    public String id() {
        return id;
    }

    public String chineseName() {
        return chineseName;
    }

    public static Optional<Mode> parse(String id) {
        for (Mode m : values()) {
            if (m.id.equals(id)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
