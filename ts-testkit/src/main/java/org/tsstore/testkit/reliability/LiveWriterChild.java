package org.tsstore.testkit.reliability;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.ProviderLookup;

/**
 * The writer JVM of a {@link LiveReaderCheck}: opens the store, then stores, appends to, deletes and compacts
 * {@link CrashSeries} on the ids of a small pool at random, until it is killed. Before each call it prints
 * {@code BEGIN op nanos ...}, after the call returns {@code ACK op nanos}, where {@code nanos} is
 * {@link System#nanoTime()}, which on one machine every JVM reads from the same clock:
 * <pre>
 * READY
 * BEGIN op nanos STORE idIndex version size
 * BEGIN op nanos APPEND idIndex version from to
 * BEGIN op nanos DELETE idIndex
 * BEGIN op nanos COMPACT
 * ACK op nanos
 * FAIL op message          (then it exits with status 3)
 * </pre>
 * Every line is one unbuffered write, so a kill leaves whole lines. The version of a store is its operation
 * number plus one: unique, so a read names the write it saw by the version and size it returned.
 */
final class LiveWriterChild {

    /** The start of every protocol line. */
    static final String PREFIX = "@tsstore-live ";

    private final FileOutputStream out = new FileOutputStream(FileDescriptor.out);

    private LiveWriterChild() {}

    /**
     * Runs the writer.
     *
     * @param args the location, the seed, the id pool's size, the largest size, then {@code name=value}
     *     options in {@link CrashChild#encode} form
     */
    public static void main(String[] args) {
        new LiveWriterChild().run(URI.create(args[0]), Long.parseLong(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), LiveReaderChild.options(args, 4));
    }

    private void line(String s) {
        try {
            out.write((PREFIX + s + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the parent", e);
        }
    }

    private void run(URI location, long seed, int idPool, int maxPoints, Map<String, String> options) {
        int op = -1;
        try {
            @SuppressWarnings("resource") // never closed: the writer is always killed
            StorageManager store = ProviderLookup.open(location, options);
            line("READY");
            SplittableRandom random = new SplittableRandom(seed);
            Map<Integer, long[]> known = new LinkedHashMap<>(); // id index -> {version, size}
            for (op = 0; ; op++) {
                int idIndex = random.nextInt(idPool);
                String id = CrashChild.poolId(idIndex);
                long[] state = known.get(idIndex);
                int choice = random.nextInt(20);
                if (choice < 7 && state != null && state[1] < 4L * maxPoints) {
                    int to = (int) Math.min(state[1] + 1 + random.nextInt(64), 4L * maxPoints);
                    line("BEGIN " + op + " " + System.nanoTime() + " APPEND " + idIndex + " " + state[0] + " "
                            + state[1] + " " + to);
                    int size = store.append(id, CrashSeries.range(id, state[0], (int) state[1], to));
                    if (size != to) {
                        throw new IllegalStateException("append to " + id + " returned size " + size + ", not " + to);
                    }
                    state[1] = to;
                } else if (choice < 10) {
                    line("BEGIN " + op + " " + System.nanoTime() + " DELETE " + idIndex);
                    store.delete(id);
                    known.remove(idIndex);
                } else if (choice < 11) {
                    line("BEGIN " + op + " " + System.nanoTime() + " COMPACT");
                    store.compact();
                } else {
                    long version = op + 1;
                    int size = 1 + random.nextInt(random.nextInt(8) == 0 ? maxPoints : Math.min(maxPoints, 64));
                    line("BEGIN " + op + " " + System.nanoTime() + " STORE " + idIndex + " " + version + " " + size);
                    store.store(id, CrashSeries.of(id, version, size));
                    known.put(idIndex, new long[] {version, size});
                }
                line("ACK " + op + " " + System.nanoTime());
                // a short pause now and then, so that readers also see a store at rest between writes
                LockSupport.parkNanos(random.nextInt(4) == 0 ? 200_000 : 20_000);
            }
        } catch (Throwable e) {
            line("FAIL " + op + " " + CrashChild.encode(String.valueOf(e)));
            e.printStackTrace();
            System.exit(3);
        }
    }
}
