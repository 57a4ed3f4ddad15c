package org.hotline.kb;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an article's newest version stands. An article published once stays live (at its published version) while
 * a newer version is drafted or reviewed; only retiring takes it out of search. Expiry is not a status: an article
 * past its validity is expired by date, whatever it says here.
 */
public enum ArticleStatus {
    DRAFT("草稿"),
    REVIEW("待审核"),
    PUBLISHED("已发布"),
    RETIRED("已下线");

    private final String chineseName;

    ArticleStatus(String chineseName) {
        this.chineseName = chineseName;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String chineseName() {
        return chineseName;
    }

    public static Optional<ArticleStatus> parse(String s) {
        try {
            return Optional.of(valueOf(s.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
