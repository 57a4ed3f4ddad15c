package org.hotline.server;

/** The two ways Hotline starts. */
public enum Mode {
    /** {@code start-dev}: embedded database by default, demo city and demo accounts. Not for production. */
    DEVELOPMENT,
    /** {@code start}: MySQL required, no demo data, no default accounts. */
    PRODUCTION
}
