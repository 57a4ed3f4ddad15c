package org.hotline.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The resolved options: each value with the source it came from. Immutable. */
public final class Config {

    /** A value and where it was set. */
    public record Value(String text, OptionSource source) {
    }

    private final Map<String, Option> options;
    private final Map<String, Value> values;

    Config(Map<String, Option> options, Map<String, Value> values) {
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A configuration of defaults plus the given overrides, as if from the command line; for tests and tools. */
    public static Config of(Iterable<Option> options, Map<String, String> overrides) {
        Map<String, Option> byName = new LinkedHashMap<>();
        options.forEach(o -> byName.put(o.name(), o));
        Map<String, Value> values = new LinkedHashMap<>();
        for (Option o : byName.values()) {
            if (o.defaultValue() != null) {
                values.put(o.name(), new Value(o.defaultValue(), OptionSource.DEFAULT));
            }
        }
        overrides.forEach((k, v) -> {
            Option o = byName.get(k);
            if (o == null) {
                throw new ConfigException("Unknown option '" + k + "'");
            }
            values.put(k, new Value(ConfigLoader.check(o, v, "--" + k), OptionSource.COMMAND_LINE));
        });
        return new Config(byName, values);
    }

    /** A copy with some values replaced (as if given on the command line). */
    public Config with(Map<String, String> overrides) {
        Map<String, Value> copy = new LinkedHashMap<>(values);
        overrides.forEach((k, v) -> {
            Option o = option(k);
            copy.put(k, new Value(ConfigLoader.check(o, v, "--" + k), OptionSource.COMMAND_LINE));
        });
        return new Config(options, copy);
    }

    private Option option(String name) {
        Option o = options.get(name);
        if (o == null) {
            throw new IllegalArgumentException("Unknown option " + name);
        }
        return o;
    }

    public Optional<String> find(Option option) {
        Value v = values.get(option(option.name()).name());
        return v == null || v.text().isEmpty() && option.type() != Option.Type.STRING
                ? Optional.empty() : Optional.of(v.text());
    }

    public boolean isSet(Option option) {
        Value v = values.get(option.name());
        return v != null && v.source() != OptionSource.DEFAULT;
    }

    public OptionSource source(Option option) {
        Value v = values.get(option.name());
        return v == null ? OptionSource.DEFAULT : v.source();
    }

    public String string(Option option) {
        return find(option).orElseThrow(() -> new ConfigException(
                "Option " + option.commandLineName() + " (or " + option.environmentName() + ") is required"));
    }

    public String stringOrNull(Option option) {
        return find(option).orElse(null);
    }

    public int integer(Option option) {
        return Integer.parseInt(string(option));
    }

    public long longValue(Option option) {
        return Long.parseLong(string(option));
    }

    public boolean bool(Option option) {
        return Boolean.parseBoolean(string(option).toLowerCase(Locale.ROOT));
    }

    public Duration duration(Option option) {
        return ConfigLoader.parseDuration(string(option));
    }

    public Path path(Option option) {
        return Path.of(string(option));
    }

    /** Every option with its value, secrets masked: what the server logs at start. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Option o : options.values()) {
            Value v = values.get(o.name());
            if (v == null) {
                continue;
            }
            String shown = o.secret() && !v.text().isEmpty() ? "******" : v.text();
            out.put(o.name(), shown + " (" + v.source().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
        }
        return out;
    }
}
