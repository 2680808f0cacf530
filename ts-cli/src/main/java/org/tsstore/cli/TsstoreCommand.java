package org.tsstore.cli;

import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code tsstore} command: inspect, import, export, copy, verify and plot a store of time series.
 *
 * <p>Run it through the {@code ./tsstore} launcher at the repository root, or as {@code java -jar
 * tsstore.jar}. The global options {@code --store}, {@code --verbose}, {@code --help} and {@code --version}
 * are accepted before or after any subcommand. Exit codes: 0 on success, 1 when the data or the store is
 * at fault (bad input, a missing series, damage found by {@code verify}), 2 for usage errors.
 */
@Command(
        name = "tsstore",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionInfo.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        descriptionHeading = "%n",
        parameterListHeading = "%n",
        optionListHeading = "%n",
        header = "Inspect, import, export and plot a store of time series.",
        description = {
            "A store holds numeric time series (times and values, float64) by id. "
                    + "Start with 'tsstore demo', then 'tsstore ls'.",
            ""
        },
        footerHeading = "%n",
        footer = {
            "The store is --store URI, else the Java property tsstore.uri, else $TSSTORE_URI, else "
                    + StoreLocations.DEFAULT_URI + " (the rule the library follows too; its last resort is its"
                    + " backend's default location).",
            "Commands that only read (ls, get, stats, export, plot, verify, copy's source) never create a store"
                    + " and open mmap stores read-only, beside a running writer.",
            "Exit codes: 0 success, 1 bad data or a failed operation, 2 usage error.",
            "",
            "Stores (--store URI), one example each:"
        })
public final class TsstoreCommand implements Runnable {

    private final Session session;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--store",
            paramLabel = "URI",
            order = 1,
            scope = ScopeType.INHERIT,
            description = {
                "The store: memory:NAME, file:DIR, mmap:DIR, redis://[USER:PASSWORD@]HOST:PORT/DB, rediss://..."
                        + " (TLS) or redis-cluster://HOST:PORT,HOST:PORT; options as ?name=value (a password is best"
                        + " given as ?passwordFile=FILE or ?passwordEnv=VARIABLE, never shown in messages).",
                "Default: the property tsstore.uri, else $TSSTORE_URI, else " + StoreLocations.DEFAULT_URI
                        + "; the schemes are listed below."
            })
    private String store;

    @Option(names = "--verbose", order = 2, scope = ScopeType.INHERIT, description = "Print stack traces with errors, and backend log messages.")
    private boolean verbose;

    private TsstoreCommand(Session session) {
        this.session = session;
    }

    /**
     * Runs the command and exits the JVM with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Session session = Session.system();
        int code = execute(session, args);
        session.flush();
        System.exit(code);
    }

    /**
     * Runs one command line in a session: {@code ls} in its plain forms on the quick path ({@link QuickLs}),
     * everything else through picocli.
     *
     * @param session the session
     * @param args the command line
     * @return the exit code
     */
    static int execute(Session session, String[] args) {
        Integer quick = QuickLs.run(session, args);
        return quick != null ? quick : commandLine(session, args).execute(args);
    }

    /** The configured command line for a session, with every subcommand: streams, exit codes, one-line errors. */
    static CommandLine commandLine(Session session) {
        return commandLine(session, null);
    }

    /**
     * The configured command line for a session, with the subcommands the arguments need ({@link Subcommands}).
     *
     * @param args the arguments to be parsed, or {@code null} for every subcommand
     */
    static CommandLine commandLine(Session session, String[] args) {
        TsstoreCommand root = new TsstoreCommand(session);
        CommandLine cmd = new CommandLine(root);
        Subcommands.register(cmd, args);
        ErrorReporter errors = new ErrorReporter(root);
        cmd.setOut(session.out());
        cmd.setErr(session.err());
        cmd.setExecutionExceptionHandler(errors);
        cmd.setParameterExceptionHandler(errors);
        // the list of stores ends the footer; built only when help is shown, not on every run
        cmd.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> {
            UsageMessageSpec usage = help.commandSpec().usageMessage();
            return CommandLine.Help.join(help.ansi(), usage.width(), usage.adjustLineBreaksForWideCJKCharacters(),
                    StoreSchemes.helpLines(), new StringBuilder(help.footer())).toString();
        });
        cmd.setExecutionStrategy(parseResult -> {
            quietLogging(root.verbose);
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cmd;
    }

    /**
     * Backends log through java.util.logging: a user sees their lines only with --verbose, each as one line
     * ("WARNING: ..."), never the logger's two-line form with a date and a class name.
     */
    static void quietLogging(boolean verbose) {
        if (System.getProperty(LOG_FORMAT) == null) {
            System.setProperty(LOG_FORMAT, "%4$s: %5$s%6$s%n");
        }
        Logger.getLogger("").setLevel(verbose ? Level.INFO : Level.OFF);
    }

    private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

    @Override
    public void run() {
        // no subcommand: show what there is
        spec.commandLine().usage(session.out());
    }

    /** The session this command runs in. */
    Session session() {
        return session;
    }

    /** The store URI: {@code --store}, else {@code TSSTORE_URI}, else the default. */
    String storeUri() {
        return storeUri(store, session);
    }

    /**
     * The store URI of a run: the one rule, for both start paths ({@link QuickLs}).
     *
     * @param given the value of {@code --store}, or {@code null}
     * @param session the session, for {@code TSSTORE_URI}
     * @return {@code --store}, else the property {@code tsstore.uri}, else {@code TSSTORE_URI}, else the default
     */
    static String storeUri(String given, Session session) {
        if (given != null) {
            return given;
        }
        String property = System.getProperty(StoreLocations.PROPERTY);
        if (property != null && !property.isBlank()) {
            return property.trim();
        }
        String env = session.env(StoreLocations.ENV);
        return env != null && !env.isBlank() ? env.trim() : StoreLocations.DEFAULT_URI;
    }

    /** The store URI as messages show it: any password in it as {@code ***}. */
    String storeShown() {
        return StoreLocations.shown(storeUri());
    }

    /** The option or variable the store URI came from, for messages. */
    String storeSource() {
        return storeSource(store, session);
    }

    /**
     * The option or variable a run's store URI came from, for messages.
     *
     * @param given the value of {@code --store}, or {@code null}
     * @param session the session, for {@code TSSTORE_URI}
     * @return {@code --store}, the property, the variable, or "default store"
     */
    static String storeSource(String given, Session session) {
        if (given != null) {
            return "--store";
        }
        String property = System.getProperty(StoreLocations.PROPERTY);
        if (property != null && !property.isBlank()) {
            return "-D" + StoreLocations.PROPERTY + "=";
        }
        String env = session.env(StoreLocations.ENV);
        return env != null && !env.isBlank() ? StoreLocations.ENV + "=" : "default store";
    }

    /** Whether {@code --verbose} was given. */
    boolean verbose() {
        return verbose;
    }
}
