package org.tsstore.cli;

import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import picocli.CommandLine.Option;

/**
 * The {@code --from} and {@code --to} options of {@code get}, {@code plot} and {@code export}: the half-open
 * time range {@code [from, to)}, the whole series when neither is given. A range is read from the store as a
 * range, so that only its part of the series is read.
 */
final class TimeRange {

    @Option(names = "--from", paramLabel = "T", description = "Only points with time >= T.")
    private Double from;

    @Option(names = "--to", paramLabel = "T", description = "Only points with time < T.")
    private Double to;

    /**
     * Checks the bounds.
     *
     * @throws UsageException if a bound is NaN or from is after to
     */
    void check() {
        if ((from != null && Double.isNaN(from)) || (to != null && Double.isNaN(to)) || lo() > hi()) {
            throw new UsageException("--from " + from + " --to " + to + " is not a time range (from <= to)");
        }
    }

    /** The points of a series in the range, read only for that range; the whole series without bounds. */
    SizedContainerTimeSeries read(StorageManager store, String id) {
        check();
        return from == null && to == null ? store.get(id) : store.get(id, lo(), hi());
    }

    private double lo() {
        return from == null ? Double.NEGATIVE_INFINITY : from;
    }

    private double hi() {
        return to == null ? Double.POSITIVE_INFINITY : to;
    }
}
