package org.hotline.config;

/** Where an option's value came from, lowest precedence first. */
public enum OptionSource {
    DEFAULT, FILE, ENVIRONMENT, COMMAND_LINE
}
