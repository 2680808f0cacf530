package org.tsstore.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A series encoded as blocks of {@value BlockFormat#BLOCK_POINTS} points (the last may hold fewer). Immutable:
 * it keeps its own copies of the blocks and hands out copies.
 */
public final class EncodedSeries {

    private final List<byte[]> blocks;
    private final int points;
    private final long bytes;

    private EncodedSeries(List<byte[]> blocks, int points) {
        this.blocks = blocks;
        this.points = points;
        long b = 0;
        for (byte[] x : blocks) {
            b += x.length;
        }
        this.bytes = b;
    }

    /**
     * Encodes a series.
     *
     * @param times the times
     * @param values the values, as many as the times
     * @return the encoded series
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static EncodedSeries encode(double[] times, double[] values) {
        Objects.requireNonNull(times, "times");
        Objects.requireNonNull(values, "values");
        if (times.length != values.length) {
            throw new IllegalArgumentException(times.length + " times but " + values.length + " values");
        }
        return new EncodedSeries(BlockFormat.encodeAll(times, values, 0, times.length), times.length);
    }

    /**
     * The number of points.
     *
     * @return the point count
     */
    public int points() {
        return points;
    }

    /**
     * The number of blocks.
     *
     * @return the block count
     */
    public int blockCount() {
        return blocks.size();
    }

    /**
     * The encoded size: every block's bytes, headers and checksums included.
     *
     * @return the total bytes
     */
    public long encodedBytes() {
        return bytes;
    }

    /**
     * A copy of one block's bytes.
     *
     * @param index the block's index
     * @return its bytes
     * @throws IndexOutOfBoundsException if there is no such block
     */
    public byte[] block(int index) {
        return blocks.get(index).clone();
    }

    /**
     * Copies of every block's bytes, in order.
     *
     * @return a new list of new arrays
     */
    public List<byte[]> blocks() {
        List<byte[]> copy = new ArrayList<>(blocks.size());
        for (byte[] b : blocks) {
            copy.add(b.clone());
        }
        return copy;
    }

    List<byte[]> shared() {
        return blocks;
    }
}
