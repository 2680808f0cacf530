package com.example.rawstore;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.AbstractSizedContainerTimeSeries;

/**
 * A series over the bytes of its two files, read in place: the skeleton implements every operation over
 * {@link #size()}, {@link #time(int)} and {@link #value(int)}, and the bulk copies read the buffers directly.
 * Immutable: the byte arrays never leave this package, and nothing in it writes to them after encoding.
 */
final class RawSeries extends AbstractSizedContainerTimeSeries {

    private final byte[] timeBytes;
    private final byte[] valueBytes;
    private final DoubleBuffer times;
    private final DoubleBuffer values;

    private RawSeries(byte[] timeBytes, byte[] valueBytes) {
        this.timeBytes = timeBytes;
        this.valueBytes = valueBytes;
        this.times = ByteBuffer.wrap(timeBytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        this.values = ByteBuffer.wrap(valueBytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
    }

    /** The series a store writes: a valid series, already checked against the rules. */
    static RawSeries encode(SizedContainerTimeSeries series) {
        int n = series.size();
        double[] t = new double[n];
        double[] v = new double[n];
        series.copyTimes(0, t, 0, n);
        series.copyValues(0, v, 0, n);
        return new RawSeries(bytes(t), bytes(v));
    }

    /** The series read back from its files, whose lengths and checksums the caller has checked. */
    static RawSeries decode(byte[] timeBytes, byte[] valueBytes) {
        if (timeBytes.length != valueBytes.length || timeBytes.length % Double.BYTES != 0) {
            throw new IllegalArgumentException("the two files hold " + timeBytes.length + " and "
                    + valueBytes.length + " bytes; expected equal multiples of " + Double.BYTES);
        }
        return new RawSeries(timeBytes, valueBytes);
    }

    private static byte[] bytes(double[] doubles) {
        ByteBuffer buffer = ByteBuffer.allocate(doubles.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asDoubleBuffer().put(doubles);
        return buffer.array();
    }

    /** The content of the times file. Callers must not modify it. */
    byte[] timeBytes() {
        return timeBytes;
    }

    /** The content of the values file. Callers must not modify it. */
    byte[] valueBytes() {
        return valueBytes;
    }

    static int checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    @Override
    public int size() {
        return times.capacity();
    }

    @Override
    public double time(int index) {
        return times.get(index);
    }

    @Override
    public double value(int index) {
        return values.get(index);
    }

    @Override
    public void copyTimes(int from, double[] dst, int offset, int length) {
        Objects.checkFromIndexSize(from, length, size());
        Objects.checkFromIndexSize(offset, length, dst.length);
        times.get(from, dst, offset, length);
    }

    @Override
    public void copyValues(int from, double[] dst, int offset, int length) {
        Objects.checkFromIndexSize(from, length, size());
        Objects.checkFromIndexSize(offset, length, dst.length);
        values.get(from, dst, offset, length);
    }
}
