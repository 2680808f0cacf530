package org.tsstore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The mmap store of many small series that the reopen and key-directory workloads open: built once per run
 * (it takes a while) and marked complete, so every fork that needs it finds it ready.
 */
final class ReopenFixture {

    /** Points of each series in the store. */
    static final int POINTS = 10;

    private ReopenFixture() {}

    /** The store's directory, built first if it is missing or incomplete. */
    static Path ensure(int series) {
        Path dir = Workspace.root().resolve("reopen-mmap-" + series);
        Path marker = Workspace.root().resolve("reopen-mmap-" + series + ".ready");
        if (Files.exists(marker)) {
            return dir;
        }
        Workspace.delete(dir);
        try {
            Files.createDirectories(dir);
            double[] t = SampleSeries.times(POINTS, 0);
            double[] v = SampleSeries.values(POINTS, 0);
            try (TsstoreSubject store = TsstoreSubject.open("mmap", dir, Map.of())) {
                for (int i = 0; i < series; i++) {
                    store.store(SampleSeries.id(i), t, v);
                }
                store.flush();
            }
            Files.createFile(marker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the reopen store in " + dir, e);
        }
        return dir;
    }
}
