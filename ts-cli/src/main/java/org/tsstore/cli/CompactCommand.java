package org.tsstore.cli;

import org.tsstore.api.StorageManager;
import picocli.CommandLine.Command;

/** {@code tsstore compact}: reclaims the space of overwritten and deleted series. */
@Command(
        name = "compact",
        header = "Reclaim the space held by overwritten and deleted series.",
        description = "Backends without anything to reclaim (memory, file) do nothing.")
final class CompactCommand extends StoreCommand {

    @Override
    int run(StorageManager store) {
        store.compact();
        store.flush();
        session().out().println("compacted " + root.storeShown());
        return ExitCodes.OK;
    }
}
