package org.tsstore.cli;

import java.util.concurrent.Callable;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageManager;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A subcommand that works on the store: opens it, runs, and closes it whatever happens. */
abstract class StoreCommand implements Callable<Integer> {

    @ParentCommand
    TsstoreCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        if (StoreAccess.endsWithProcess(root.storeUri()) && !root.session().keepsStores()) {
            session().err().println("note: " + root.storeShown() + " is kept in memory: the store ends with this command");
        }
        announceStandardInput();
        beforeOpening();
        try (StorageManager store = StoreAccess.open(root.storeUri(), root.storeSource(), access())) {
            return run(store);
        } finally {
            session().flush();
        }
    }

    /**
     * On a terminal, {@code put --csv -} would seem to hang: say that it reads standard input, and how to end it.
     */
    private void announceStandardInput() {
        if (!session().interactive() || spec == null || spec.commandLine().getParseResult() == null) {
            return;
        }
        for (String option : new String[] {"--csv", "--json", "--npy"}) {
            if (SeriesInput.STANDARD_STREAM.equals(spec.commandLine().getParseResult().matchedOptionValue(option, null))) {
                session().err().println("reading " + option.substring(2).toUpperCase(java.util.Locale.ROOT)
                        + " from standard input; end it with Ctrl-D (Ctrl-Z Enter on Windows)");
            }
        }
    }

    /** What the command does before its store is opened: nothing, unless a command needs it. */
    void beforeOpening() {}

    /** Whether the command only reads its store ({@link StoreAccess}); writing unless a command says so. */
    StoreAccess.Mode access() {
        return StoreAccess.Mode.WRITE;
    }

    /**
     * The command's work.
     *
     * @return the exit code
     */
    abstract int run(StorageManager store) throws Exception;

    Session session() {
        return root.session();
    }

    /** Checks an id given on the command line: a bad one is a usage error, not a data error. */
    static String checkId(String id) {
        try {
            return SeriesIds.check(id);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
