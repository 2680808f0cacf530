package org.tsstore.cli;

import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tsstore rm}: removes a series. */
@Command(name = "rm", header = "Remove a series from the store.")
final class RmCommand extends StoreCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The series id.")
    private String id;

    @Override
    int run(StorageManager store) {
        checkId(id);
        if (!store.delete(id)) {
            throw new NoSuchSeriesException(id);
        }
        session().out().println("removed " + SeriesIds.quote(id));
        return ExitCodes.OK;
    }
}
