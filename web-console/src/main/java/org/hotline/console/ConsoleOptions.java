package org.hotline.console;

import java.util.List;
import org.hotline.config.Option;

/** Options of the console assembly. */
public final class ConsoleOptions {

    private ConsoleOptions() {
    }

    public static final Option CONSOLE_DIR = Option.path("console-dir", null,
            "Serve the console's pages from this directory instead of the built-in ones, uncached (for working on "
                    + "the console: point it at web-console/src/main/resources/webroot).");

    public static List<Option> all() {
        return List.of(CONSOLE_DIR);
    }
}
