package org.hotline.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One configuration option, described as data: its name, default, meaning and allowed values. The same option is
 * spelled {@code --name} on the command line, {@code HOTLINE_NAME} in the environment and {@code name=} in the
 * configuration file.
 *
 * @param name           lower-case, dash-separated, e.g. {@code db-url}
 * @param type           how the value is parsed and checked
 * @param defaultValue   the value when nothing sets it, or null for none
 * @param description    one sentence for {@code --help} and the README
 * @param expectedValues the only allowed values, or empty for any
 * @param secret         never printed (passwords, keys)
 */
public record Option(String name, Type type, String defaultValue, String description, List<String> expectedValues,
                     boolean secret) {

    /** How an option's text is read. */
    public enum Type { STRING, INTEGER, BOOLEAN, DURATION, PATH }

    public Option {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        expectedValues = List.copyOf(expectedValues);
        if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("Option names are lower-case and dash-separated: " + name);
        }
    }

    public static Option string(String name, String defaultValue, String description, String... expected) {
        return new Option(name, Type.STRING, defaultValue, description, List.of(expected), false);
    }

    public static Option secret(String name, String description) {
        return new Option(name, Type.STRING, null, description, List.of(), true);
    }

    public static Option integer(String name, int defaultValue, String description) {
        return new Option(name, Type.INTEGER, Integer.toString(defaultValue), description, List.of(), false);
    }

    public static Option bool(String name, boolean defaultValue, String description) {
        return new Option(name, Type.BOOLEAN, Boolean.toString(defaultValue), description, List.of("true", "false"),
                false);
    }

    public static Option duration(String name, String defaultValue, String description) {
        return new Option(name, Type.DURATION, defaultValue, description, List.of(), false);
    }

    public static Option path(String name, String defaultValue, String description) {
        return new Option(name, Type.PATH, defaultValue, description, List.of(), false);
    }

    /** {@code --db-url}. */
    public String commandLineName() {
        return "--" + name;
    }

    /** {@code HOTLINE_DB_URL}. */
    public String environmentName() {
        return "HOTLINE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
