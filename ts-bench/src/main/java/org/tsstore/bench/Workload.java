package org.tsstore.bench;

import java.util.List;
import java.util.Map;

/**
 * One workload of the comparison: a JMH benchmark method with fixed parameters, run for each of our subjects
 * and each peer (a Java subject in the same benchmark, or a numpy case of the Python driver).
 *
 * @param name the workload's name in the tables
 * @param benchmark the benchmark's class and method, {@code LargeStoreBench.store}
 * @param params parameters other than {@code impl}
 * @param ours our subjects
 * @param peers the peers: Java subject names, or {@code numpy...} names handled by the Python driver
 * @param megabytes series data per operation in MB (10^6 bytes), for MB/s; 0 if not meaningful
 * @param series series per operation, for series/s; 0 if not meaningful
 */
record Workload(String name, String benchmark, Map<String, String> params, List<String> ours, List<String> peers,
        double megabytes, int series) {

    /** Whether {@code impl} is run by the Python driver rather than JMH. */
    static boolean isNumpy(String impl) {
        return impl.startsWith("numpy");
    }
}
