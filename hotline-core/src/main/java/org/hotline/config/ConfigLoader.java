package org.hotline.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves options from their four sources with one precedence: command line over environment over file over
 * defaults. Unknown names on the command line or in the file are errors (a typo must not be silently ignored);
 * unknown {@code HOTLINE_*} variables are ignored, since tests and tools use some of their own.
 */
public final class ConfigLoader {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final Map<String, Option> options = new LinkedHashMap<>();
    private final Option configFileOption;

    public ConfigLoader(Collection<Option> options, Option configFileOption) {
        options.forEach(o -> {
            if (this.options.putIfAbsent(o.name(), o) != null) {
                throw new IllegalArgumentException("Option declared twice: " + o.name());
            }
        });
        this.configFileOption = configFileOption;
    }

    /** The result of parsing a command line: the options it sets and the words that are not options. */
    public record CommandLine(Map<String, String> values, List<String> arguments) {
    }

    public CommandLine parseCommandLine(List<String> args) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.equals("--help")) {
                rest.add(arg);
                continue;
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            Option option = options.get(name);
            if (option == null) {
                throw new ConfigException("Unknown option '--" + name + "'. Run with --help to list the options.");
            }
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (option.type() == Option.Type.BOOLEAN) {
                value = "true";
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new ConfigException("Option --" + name + " needs a value");
            }
            values.put(name, check(option, value, "--" + name));
        }
        return new CommandLine(values, rest);
    }

    /** Resolves every option: defaults, then the file, then the environment, then the command line. */
    public Config load(Map<String, String> commandLine, Map<String, String> environment) {
        Map<String, Config.Value> values = new LinkedHashMap<>();
        for (Option o : options.values()) {
            if (o.defaultValue() != null) {
                values.put(o.name(), new Config.Value(o.defaultValue(), OptionSource.DEFAULT));
            }
        }

        // Where the file is may itself come from the command line or the environment.
        String fileName = commandLine.get(configFileOption.name());
        if (fileName == null) {
            fileName = environment.get(configFileOption.environmentName());
        }
        boolean explicitFile = fileName != null;
        if (fileName == null) {
            fileName = configFileOption.defaultValue();
        }
        if (fileName != null && !fileName.isBlank()) {
            Path file = Path.of(fileName);
            if (Files.isRegularFile(file)) {
                readFile(file).forEach((k, v) -> values.put(k, new Config.Value(v, OptionSource.FILE)));
            } else if (explicitFile) {
                throw new ConfigException("Configuration file not found: " + file.toAbsolutePath());
            }
        }

        for (Option o : options.values()) {
            String v = environment.get(o.environmentName());
            if (v != null) {
                values.put(o.name(), new Config.Value(check(o, v, o.environmentName()), OptionSource.ENVIRONMENT));
            }
        }
        commandLine.forEach((k, v) -> {
            Option o = options.get(k);
            if (o == null) {
                throw new ConfigException("Unknown option '--" + k + "'");
            }
            values.put(k, new Config.Value(check(o, v, "--" + k), OptionSource.COMMAND_LINE));
        });
        return new Config(options, values);
    }

    private Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            Option o = options.get(key);
            if (o == null) {
                throw new ConfigException("Unknown option '" + key + "' in " + file
                        + ". Run with --help to list the options.");
            }
            out.put(key, check(o, properties.getProperty(key).trim(), key + " in " + file));
        }
        return out;
    }

    /** Checks a value against its option's type and allowed values; returns it normalised. */
    static String check(Option option, String value, String where) {
        String v = value == null ? "" : value;
        if (!option.expectedValues().isEmpty() && !option.expectedValues().contains(v.toLowerCase(Locale.ROOT))) {
            throw new ConfigException("Invalid value '" + v + "' for " + where + ": expected one of "
                    + String.join(", ", option.expectedValues()));
        }
        switch (option.type()) {
            case INTEGER -> {
                try {
                    Integer.parseInt(v.trim());
                } catch (NumberFormatException e) {
                    throw new ConfigException("Invalid value '" + v + "' for " + where + ": expected an integer");
                }
                return v.trim();
            }
            case BOOLEAN -> {
                return v.toLowerCase(Locale.ROOT);
            }
            case DURATION -> {
                parseDuration(v, where);
                return v.trim();
            }
            default -> {
                return v;
            }
        }
    }

    /** Reads {@code PT30M} (ISO-8601) or a short form such as {@code 30s}, {@code 15m}, {@code 12h}, {@code 7d}. */
    public static Duration parseDuration(String text) {
        return parseDuration(text, "a duration");
    }

    private static Duration parseDuration(String text, String where) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE_DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new ConfigException("Invalid value '" + text + "' for " + where
                    + ": expected a duration such as 30s, 15m, 12h or PT30M");
        }
    }
}
