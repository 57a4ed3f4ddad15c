package org.hotline.db;

/** The database cannot be reached, migrated or used; the message says which and why. */
public class DatabaseException extends RuntimeException {

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
