package org.hotline.db;

import java.util.Locale;

/** The database choices of the {@code db} option. */
public enum DatabaseKind {
    DEV_FILE, DEV_MEM, MYSQL;

    public static DatabaseKind parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public boolean isEmbedded() {
        return this != MYSQL;
    }

    public String optionValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
