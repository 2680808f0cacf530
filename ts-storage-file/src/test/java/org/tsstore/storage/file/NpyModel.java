package org.tsstore.storage.file;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * An independent model of numpy's npy writer (numpy/lib/_format_impl.py: _write_array_header and
 * _wrap_header), written from numpy's source for the tests: plain string building, no code shared with
 * the backend.
 */
final class NpyModel {

    private NpyModel() {}

    /** numpy's repr of a shape tuple. */
    static String repr(long... shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /** The header dict text numpy builds: sorted keys, repr values, growth padding. */
    static String dict(String descr, boolean fortran, long... shape) {
        String text = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + repr(shape) + ", }";
        if (shape.length > 0) {
            long axis = shape[fortran ? shape.length - 1 : 0];
            text += " ".repeat(21 - Long.toString(axis).length());
        }
        return text;
    }

    /** numpy's _wrap_header for a given version. */
    static byte[] wrap(String dict, int major) {
        byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int lengthBytes = major == 1 ? 2 : 4;
        int hlen = text.length + 1;
        int padlen = 64 - ((6 + 2 + lengthBytes + hlen) % 64);
        ByteBuffer b = ByteBuffer.allocate(6 + 2 + lengthBytes + hlen + padlen).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) (hlen + padlen));
        } else {
            b.putInt(hlen + padlen);
        }
        b.put(text);
        for (int i = 0; i < padlen; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /** A whole file: header then the (2, N) data in the given byte and memory order. */
    static byte[] file(double[] times, double[] values, boolean bigEndian, boolean fortran, int major) {
        int n = times.length;
        byte[] header = wrap(dict(bigEndian ? ">f8" : "<f8", fortran, 2, n), major);
        return withData(header, times, values, bigEndian, fortran);
    }

    /**
     * What {@code numpy.save(f, numpy.asfortranarray(numpy.vstack([t, v])))} writes: the store's layout. For
     * fewer than 2 points the array is C-contiguous too and numpy says C order.
     */
    static byte[] stored(double[] times, double[] values) {
        return file(times, values, false, times.length > 1, 1);
    }

    /** Any header followed by the data. */
    static byte[] withData(byte[] header, double[] times, double[] values, boolean bigEndian, boolean fortran) {
        int n = times.length;
        ByteBuffer b = ByteBuffer.allocate(header.length + 16 * n)
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        if (fortran) {
            for (int i = 0; i < n; i++) {
                b.putDouble(times[i]).putDouble(values[i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                b.putDouble(times[i]);
            }
            for (int i = 0; i < n; i++) {
                b.putDouble(values[i]);
            }
        }
        return b.array();
    }
}
