package org.tsstore.testkit.reliability;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.ProviderLookup;

/**
 * A reader of a {@link LiveReaderCheck}: reads the ids of the pool in turn from a store opened read-only, and
 * logs each read as {@code R idIndex start end what}, with {@link System#nanoTime()} taken before the call and
 * after it returned, and {@code what} one of
 * <pre>
 * F version size     found: every point is the version's (see {@link CrashSeries}), of that size
 * A                  absent: NoSuchSeriesException
 * T message          torn: the points are no version's, or another id's
 * E message          any other exception
 * </pre>
 * As a child JVM ({@link #main}) it prints {@code READY} once the store opened, reads until its standard input
 * ends, then prints {@code DONE}; in the check's own JVM {@link #readLoop} runs on a thread.
 */
final class LiveReaderChild {

    private LiveReaderChild() {}

    /**
     * Runs a reader JVM.
     *
     * @param args the location, the id pool's size, then {@code name=value} options in {@link CrashChild#encode}
     *     form (with {@code mode=read} among them)
     */
    public static void main(String[] args) throws IOException {
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        Consumer<String> log = s -> {
            try {
                out.write((LiveWriterChild.PREFIX + s + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        AtomicBoolean stop = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent closes our input to stop us
                }
            } catch (IOException e) {
                // the same: stop
            }
            stop.set(true);
        });
        watcher.setDaemon(true);
        watcher.start();
        try (StorageManager store = ProviderLookup.open(URI.create(args[0]), options(args, 2))) {
            log.accept("READY");
            out.flush();
            readLoop(store, Integer.parseInt(args[1]), stop::get, log);
        } catch (RuntimeException e) {
            log.accept("FAIL " + CrashChild.encode(String.valueOf(e)));
        }
        log.accept("DONE");
        out.flush();
    }

    /** The options at {@code args[from...]}, each {@code encode(name)=encode(value)}. */
    static Map<String, String> options(String[] args, int from) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = from; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            options.put(CrashChild.decode(args[i].substring(0, eq)), CrashChild.decode(args[i].substring(eq + 1)));
        }
        return options;
    }

    /** Reads the pool's ids in turn, logging each read, until {@code stop} says so. */
    static void readLoop(StorageManager store, int idPool, BooleanSupplier stop, Consumer<String> log) {
        for (int k = 0; !stop.getAsBoolean(); k++) {
            int idIndex = k % idPool;
            String id = CrashChild.poolId(idIndex);
            long start = System.nanoTime();
            String what;
            try {
                what = judgePoints(id, store.get(id));
            } catch (NoSuchSeriesException e) {
                what = "A";
            } catch (RuntimeException e) {
                what = "E " + CrashChild.encode(String.valueOf(e));
            }
            long end = System.nanoTime();
            log.accept("R " + idIndex + " " + start + " " + end + " " + what);
            if ((k & 15) == 15) {
                LockSupport.parkNanos(50_000); // leave the writer some of a small machine's cores
            }
        }
    }

    /** {@code F version size} if every point is that version's, else {@code T} and what is wrong. */
    static String judgePoints(String id, SizedContainerTimeSeries s) {
        int n = s.size();
        if (n == 0) {
            return "T " + CrashChild.encode("an empty series, which the writer never stores");
        }
        double code = s.value(0);
        long version = (long) Math.floor(code / 1024.0);
        if (code - version * 1024.0 != (id.hashCode() & 0x3ff)) {
            return "T " + CrashChild.encode("point 0 holds " + code + ", no version of this id's");
        }
        SizedContainerTimeSeries expected = CrashSeries.of(id, version, n);
        for (int i = 0; i < n; i++) {
            if (Double.doubleToRawLongBits(s.time(i)) != Double.doubleToRawLongBits(expected.time(i))
                    || Double.doubleToRawLongBits(s.value(i)) != Double.doubleToRawLongBits(expected.value(i))) {
                return "T " + CrashChild.encode("point " + i + " of " + n + " is (" + s.time(i) + ", " + s.value(i)
                        + "), version " + version + " has (" + expected.time(i) + ", " + expected.value(i) + ")");
            }
        }
        return "F " + version + " " + n;
    }
}
