package org.tsstore.bench;

/**
 * Workload sizes, read from system properties so that the smoke mode can shrink them without another build.
 */
final class Scale {

    private Scale() {}

    /** Points of the one large series (1 000 000). */
    static int largePoints() {
        return Integer.getInteger("tsstore.bench.largePoints", 1_000_000);
    }

    /** Points of each of the two series of the reduction workloads (10 000 000). */
    static int exprPoints() {
        return Integer.getInteger("tsstore.bench.exprPoints", 10_000_000);
    }

    /** Number of small series (10 000). */
    static int manySeries() {
        return Integer.getInteger("tsstore.bench.manySeries", 10_000);
    }

    /** Points of each small series (100). */
    static int manyPoints() {
        return Integer.getInteger("tsstore.bench.manyPoints", 100);
    }

    /** Series stored one fsync each per iteration (1 000: fsync runs at a few thousand per second). */
    static int syncSeries() {
        return Integer.getInteger("tsstore.bench.syncSeries", 1_000);
    }

    /** Series in the store that is reopened (1 000 000 of 10 points). */
    static int reopenSeries() {
        return Integer.getInteger("tsstore.bench.reopenSeries", 1_000_000);
    }

    /** Calls of {@code appendAll} in the batch workload, one point per series each (100). */
    static int ticks() {
        return Integer.getInteger("tsstore.bench.ticks", 100);
    }

    /** Points of the one long growing series of the ingestion, range and scan workloads (10 000 000). */
    static int growPoints() {
        return Integer.getInteger("tsstore.bench.growPoints", 10_000_000);
    }

    /** Series of the last-hour workload (1 000). */
    static int hourSeries() {
        return Integer.getInteger("tsstore.bench.hourSeries", 1_000);
    }

    /** Points of each series of the last-hour workload (100 000). */
    static int hourPoints() {
        return Integer.getInteger("tsstore.bench.hourPoints", 100_000);
    }
}
