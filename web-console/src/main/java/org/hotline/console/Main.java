package org.hotline.console;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.hotline.config.Config;
import org.hotline.config.ConfigException;
import org.hotline.config.ConfigLoader;
import org.hotline.config.CoreOptions;
import org.hotline.config.Option;
import org.hotline.db.Database;
import org.hotline.db.DatabaseException;
import org.hotline.demo.DemoData;
import org.hotline.http.HttpOptions;
import org.hotline.server.AdminBootstrap;
import org.hotline.server.AuditVerifyCommand;
import org.hotline.server.Hotline;
import org.hotline.server.Logging;
import org.hotline.server.Mode;

/** The {@code hotline} command: {@code start-dev}, {@code start}, {@code bootstrap-admin}, {@code --help}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args)));
    }

    static int run(List<String> args) {
        List<Option> options = new ArrayList<>(Hotline.options());
        options.addAll(ConsoleOptions.all());
        ConfigLoader loader = new ConfigLoader(options, CoreOptions.CONFIG_FILE);
        if (args.isEmpty() || args.contains("--help") || args.getFirst().equals("help")) {
            System.out.println(help(options));
            return args.isEmpty() ? 2 : 0;
        }
        String command = args.getFirst();
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        try {
            return switch (command) {
                case "start-dev" -> start(loader, rest, Mode.DEVELOPMENT);
                case "start" -> start(loader, rest, Mode.PRODUCTION);
                case "bootstrap-admin" -> bootstrapAdmin(loader, rest);
                case "audit" -> audit(loader, rest);
                case "eval-kb" -> {
                    // The report is the output; the libraries' start-up chatter is not.
                    Logging.configure("text", "warn");
                    yield EvalCommands.evalKb(rest, System.out);
                }
                case "eval-dispatch" -> {
                    Logging.configure("text", "warn");
                    yield EvalCommands.evalDispatch(rest, System.out);
                }
                default -> {
                    System.err.println("Unknown command '" + command + "'. Run ./hotline --help.");
                    yield 2;
                }
            };
        } catch (ConfigException | DatabaseException e) {
            System.err.println("ERROR: " + e.getMessage());
            return 1;
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("ERROR: " + e);
            return 1;
        }
    }

    private static Config load(ConfigLoader loader, List<String> args) {
        ConfigLoader.CommandLine cl = loader.parseCommandLine(args);
        if (!cl.arguments().isEmpty()) {
            throw new ConfigException("Unexpected argument(s): " + String.join(" ", cl.arguments()));
        }
        Config config = loader.load(cl.values(), System.getenv());
        Logging.configure(config.string(CoreOptions.LOG_FORMAT), config.string(CoreOptions.LOG_LEVEL));
        return config;
    }

    private static int start(ConfigLoader loader, List<String> args, Mode mode) {
        Config config = load(loader, args);
        if (mode == Mode.DEVELOPMENT) {
            System.out.println("""
                    ************************************************************************
                    *  Hotline is starting in DEVELOPMENT mode (start-dev).                *
                    *  Embedded database, demo city and demo accounts: NOT FOR PRODUCTION.  *
                    *  For production use: ./hotline start --db=mysql --db-url=...          *
                    ************************************************************************""");
        }
        Hotline hotline;
        try {
            hotline = Hotline.start(config, mode, new ConsoleRoutes(config.stringOrNull(ConsoleOptions.CONSOLE_DIR)));
        } catch (ConfigException | DatabaseException e) {
            throw e;
        } catch (RuntimeException e) {
            System.err.println("ERROR: Hotline failed to start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hotline.close();
            stopped.countDown();
        }, "hotline-shutdown"));

        String host = config.string(HttpOptions.HTTP_HOST);
        String shownHost = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        String url = "http://" + shownHost + ":" + hotline.port() + "/";
        System.out.println();
        System.out.println("Hotline is ready: " + url);
        System.out.println("  health:  " + url + "health      metrics: " + url + "metrics");
        System.out.println("  API:     " + url + "api/v1/openapi.json");
        System.out.println("  Citizens' portal (网上12345): " + url + "portal/      Open311: " + url + "open311/v2/");
        if (mode == Mode.DEVELOPMENT) {
            String password = config.string(CoreOptions.DEMO_PASSWORD);
            boolean defaultPassword = !config.isSet(CoreOptions.DEMO_PASSWORD);
            System.out.println("  Demo accounts (password: " + (defaultPassword ? password : "as given by --demo-password")
                    + "):");
            for (DemoData.DemoAccount a : demoAccounts()) {
                System.out.printf(Locale.ROOT, "    %-28s %s%n", a.username(), a.displayName());
            }
            System.out.println("  Open311 demo api_key: open311-demo; SMS (codes too) go to the log (org.hotline.notify).");
        }
        System.out.println("Press Ctrl+C to stop.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static List<DemoData.DemoAccount> demoAccounts() {
        // Read from the same file the loader uses, so the list printed is the list that exists.
        return DemoData.listAccounts();
    }

    private static int audit(ConfigLoader loader, List<String> args) {
        if (args.isEmpty() || !args.getFirst().equals("verify")) {
            System.err.println("usage: ./hotline audit verify [--db… options] [--data-dir DIR] [--audit-key|--pii-key]");
            return 2;
        }
        Logging.configure("text", "warn");
        return AuditVerifyCommand.run(load(loader, args.subList(1, args.size())), System.out, Clock.systemUTC());
    }

    private static int bootstrapAdmin(ConfigLoader loader, List<String> args) {
        String username = null;
        String displayName = "系统管理员";
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--username") && i + 1 < args.size()) {
                username = args.get(++i);
            } else if (a.startsWith("--username=")) {
                username = a.substring("--username=".length());
            } else if (a.equals("--display-name") && i + 1 < args.size()) {
                displayName = args.get(++i);
            } else if (a.startsWith("--display-name=")) {
                displayName = a.substring("--display-name=".length());
            } else {
                rest.add(a);
            }
        }
        if (username == null) {
            throw new ConfigException("bootstrap-admin needs --username NAME");
        }
        Config config = load(loader, rest);
        char[] password = readPassword();
        var kind = Hotline.databaseKind(config, Mode.PRODUCTION);
        try (Database db = Hotline.openDatabase(config, kind, null)) {
            db.migrate();
            long id = AdminBootstrap.createFirstAdmin(db, username, displayName, password, Clock.systemUTC());
            System.out.println("Created administrator " + username + " (id " + id + ").");
            return 0;
        }
    }

    private static char[] readPassword() {
        String fromEnv = System.getenv("HOTLINE_BOOTSTRAP_PASSWORD");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password for the first administrator: ");
            char[] second = console.readPassword("Repeat it: ");
            if (first == null || !java.util.Arrays.equals(first, second)) {
                throw new ConfigException("The passwords do not match.");
            }
            return first;
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new ConfigException("No password given: pipe it on standard input or set HOTLINE_BOOTSTRAP_PASSWORD.");
            }
            return line.toCharArray();
        } catch (java.io.IOException e) {
            throw new ConfigException("Cannot read the password: " + e.getMessage());
        }
    }

    static String help(List<Option> options) {
        StringBuilder sb = new StringBuilder();
        sb.append("""
                Hotline — work orders for 12345 citizen service hotlines

                Usage:
                  ./hotline start-dev [options]     embedded database + demo city (NOT for production)
                  ./hotline start --db=mysql --db-url=jdbc:mysql://HOST:3306/hotline --db-username=U --db-password=P
                  ./hotline bootstrap-admin --username NAME [--display-name NAME] [--db… options]
                                                    password from stdin or HOTLINE_BOOTSTRAP_PASSWORD
                  ./hotline audit verify [--db… options | --data-dir DIR]
                                                    checks the audit log's tamper-evident chain, names the first
                                                    changed or removed row (exit 1 if any)
                  ./hotline eval-kb --articles articles.json --queries queries.jsonl [--date YYYY-MM-DD] [--ablation]
                                                    recall@1, recall@5 and MRR of knowledge-base suggestions
                  ./hotline eval-dispatch --file labelled.jsonl [--folds 5] [--k 30] [--level leaf|top] [--matrix]
                                                    k-fold accuracy@1/@3, per-class precision/recall of dispatch

                Options (command line --name=value > environment HOTLINE_NAME > conf/hotline.conf name=value > default):
                """);
        for (Option o : options) {
            String def = o.defaultValue() == null ? "" : " [default: " + (o.secret() ? "***" : o.defaultValue()) + "]";
            String values = o.expectedValues().isEmpty() || o.type() == Option.Type.BOOLEAN ? ""
                    : " (" + String.join("|", o.expectedValues()) + ")";
            sb.append(String.format(Locale.ROOT, "  %-34s %s%s%s%n", o.commandLineName() + "=…", o.description(),
                    values, def));
            sb.append(String.format(Locale.ROOT, "  %-34s env %s%n", "", o.environmentName()));
        }
        return sb.toString();
    }
}
