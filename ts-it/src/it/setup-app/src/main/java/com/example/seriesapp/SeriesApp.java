package com.example.seriesapp;

import java.util.Set;
import java.util.TreeSet;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.SMTimeSeries;
import org.tsstore.core.StorageManagers;

/**
 * Stores one series in the default store, reads it back, and checks every series an earlier run left there.
 * It names no backend: the classpath (or tsstore.uri / TSSTORE_URI) decides. Any mismatch is an exception,
 * so the JVM exits non-zero and the build that runs it fails.
 */
public final class SeriesApp {

    /** What every run stores; NaN and -0.0 make a lossy encoding visible. */
    static final double[] TIMES = {0.0, 1.0, 2.5, 4.0, 1e9};
    static final double[] VALUES = {1.5, Double.NaN, -0.0, Double.NEGATIVE_INFINITY, 1e300};

    private SeriesApp() {}

    public static void main(String[] args) {
        System.out.println("java: " + Runtime.version());
        System.out.println("backends on the classpath: "
                + StorageManagers.providers().stream().map(b -> b.scheme()).sorted().toList());
        StorageManager store = StorageManagers.defaultManager();
        System.out.println("backend: " + store.getClass().getName());

        Set<String> before = new TreeSet<>(store.ids());
        for (String id : before) {
            // what an earlier run (another JVM) stored must read back bit for bit
            checkContent("earlier series " + id, SMTimeSeries.fromDb(id));
            System.out.println("found earlier series: " + id);
        }
        System.out.println("series stored before this run: " + before.size());

        SMTimeSeries stored = new SMTimeSeries(TIMES, VALUES);
        SMTimeSeries again = SMTimeSeries.fromDb(stored.id());
        checkContent("series " + stored.id() + " read back", again);
        if (store.ids().size() != before.size() + 1 || !store.contains(stored.id())) {
            throw new IllegalStateException("after one store the ids are " + store.ids() + ", before " + before);
        }
        store.flush();
        int last = again.size() - 1;
        System.out.println("stored series: " + stored.id() + " (" + again.size() + " points, last ("
                + again.time(last) + ", " + again.value(last) + "))");
    }

    /** Compares against the constant arrays directly, not through the library's own equals. */
    private static void checkContent(String what, SizedContainerTimeSeries series) {
        if (series.size() != TIMES.length) {
            throw new IllegalStateException(what + " has " + series.size() + " points, expected " + TIMES.length);
        }
        for (int i = 0; i < TIMES.length; i++) {
            if (Double.doubleToRawLongBits(series.time(i)) != Double.doubleToRawLongBits(TIMES[i])
                    || Double.doubleToRawLongBits(series.value(i)) != Double.doubleToRawLongBits(VALUES[i])) {
                throw new IllegalStateException(what + " differs at index " + i + ": (" + series.time(i) + ", "
                        + series.value(i) + "), expected (" + TIMES[i] + ", " + VALUES[i] + ")");
            }
        }
    }
}
