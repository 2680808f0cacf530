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
        try (StorageManager store = StoreLocations.open(root.storeUri(), root.storeSource())) {
            return run(store);
        } finally {
            session().flush();
        }
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
