package org.tsstore.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageOptions;
import picocli.CommandLine.Command;

/** {@code tsstore compact}: reclaims the space of overwritten and deleted series. */
@Command(
        name = "compact",
        header = "Reclaim the space held by overwritten and deleted series.",
        description = "Prints the store's size on disk before and after (directory stores). Backends without "
                + "anything to reclaim (memory, file) do nothing.")
final class CompactCommand extends StoreCommand {

    private OptionalLong before = OptionalLong.empty();

    @Override
    void beforeOpening() {
        before = bytesOnDisk(); // as du would say before the command: opening may tidy the store up
    }

    @Override
    int run(StorageManager store) {
        store.compact();
        store.flush();
        OptionalLong after = bytesOnDisk();
        String sizes = before.isPresent() && after.isPresent()
                ? ": " + before.getAsLong() + " bytes before, " + after.getAsLong() + " after ("
                        + Bytes.human(before.getAsLong()) + " to " + Bytes.human(after.getAsLong()) + ")"
                : "";
        session().out().println("compacted " + root.storeShown() + sizes);
        return ExitCodes.OK;
    }

    /** The bytes of the files in a directory store, or nothing for a store elsewhere. */
    private OptionalLong bytesOnDisk() {
        URI location = StoreLocations.parse(root.storeUri(), root.storeSource());
        if (!StoreAccess.DIRECTORY_SCHEMES.contains(location.getScheme().toLowerCase(Locale.ROOT))) {
            return OptionalLong.empty();
        }
        Path dir = StorageOptions.path(location);
        try (Stream<Path> files = Files.walk(dir)) {
            return OptionalLong.of(files.filter(Files::isRegularFile).mapToLong(CompactCommand::size).sum());
        } catch (IOException | UncheckedIOException e) {
            return OptionalLong.empty(); // a file removed while counting: no figure rather than a wrong one
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
