package org.tsstore.bench;

/**
 * A store of growing series under test, ours or a peer, reduced to what the ingestion and range workloads do:
 * append points (each call committed as the subject's durability setting says), load whole series untimed,
 * and answer the count and mean of a time range, of the last points, or of a whole series.
 *
 * <p>Times are whole seconds; peers with a timestamp column store them as microseconds. Every answer is
 * {@code {count, mean}}, so that {@link Checks} can compare subjects with each other.
 */
interface GrowSubject extends AutoCloseable {

    /** Appends one point at {@code time} to each series {@code ids[i]} with value {@code values[i]}; one commit. */
    void appendTick(String[] ids, double time, double[] values);

    /** Appends {@code length} points from {@code offset} of the arrays to series {@code id}; one commit. */
    void append(String id, double[] times, double[] values, int offset, int length);

    /**
     * Replaces the content with the series {@code ids[i]} of {@code points} points each (times 0, 1, ...,
     * values {@link SampleSeries#values}{@code (points, i)}), in the order the subject loads fastest; untimed.
     */
    void load(String[] ids, int points);

    /** The count and mean of the points of {@code id} with times in {@code [from, to)}. */
    double[] rangeMean(String id, double from, double to);

    /** The count and mean of the last {@code n} points of {@code id} (its last {@code n} seconds: a point a second). */
    double[] lastMean(String id, int n);

    /** The count and mean of the whole series {@code id}. */
    double[] mean(String id);

    @Override
    void close();
}
