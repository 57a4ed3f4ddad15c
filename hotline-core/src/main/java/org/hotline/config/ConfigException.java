package org.hotline.config;

/** A configuration the server must not start with; the message names the option and what is expected. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
