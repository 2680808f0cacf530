package org.tsstore.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.Map;

/**
 * Heap bytes per series of an open mmap store's key directory: heap used after a full GC with the store
 * open, minus heap used before opening it, divided by the number of series. Prints one line:
 * {@code keydir series=N bytesPerSeries=B idBytes=I}. Run in its own JVM by the runner.
 */
public final class KeyDirectoryMemory {

    private KeyDirectoryMemory() {}

    private static long heapUsedAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /**
     * Entry point.
     *
     * @param args optionally the number of series (default {@link Scale#reopenSeries()})
     */
    public static void main(String[] args) {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : Scale.reopenSeries();
        Path dir = ReopenFixture.ensure(series);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        // load the classes and the provider first, so that only the key directory differs between the two readings
        Path warm = Workspace.newDirectory("keydir-warm");
        try (TsstoreSubject s = TsstoreSubject.open("mmap", warm, Map.of())) {
            s.store("x", SampleSeries.times(10, 0), SampleSeries.values(10, 0));
        }
        long before = heapUsedAfterGc(memory);
        TsstoreSubject store = TsstoreSubject.open("mmap", dir, Map.of());
        long after = heapUsedAfterGc(memory);
        int found = store.manager().ids().size();
        Reference.reachabilityFence(store);
        store.close();
        long idBytes = 0;
        for (int i = 0; i < series; i++) {
            idBytes += SampleSeries.id(i).length();
        }
        System.out.printf("keydir series=%d found=%d bytesPerSeries=%.1f idBytes=%.2f%n",
                series, found, (after - before) / (double) series, idBytes / (double) series);
    }
}
