package org.tsstore.storage.mmap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * An independent encoder of records, written from FORMAT.md byte by byte (no ByteBuffer, no code of the
 * backend), against which the backend's writer and scanner are checked.
 */
final class RecordModel {

    private RecordModel() {}

    static void putInt(ByteArrayOutputStream out, int v) {
        for (int i = 0; i < 4; i++) {
            out.write((v >>> (8 * i)) & 0xFF);
        }
    }

    static void putLong(ByteArrayOutputStream out, long v) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }

    /** The 16-byte segment header: "TSMMSEG\0", version 2, zero. */
    static byte[] segmentHeader() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("TSMMSEG\0".getBytes(StandardCharsets.US_ASCII));
        putInt(out, 2);
        putInt(out, 0);
        return out.toByteArray();
    }

    /** An extent record (kind 4): the points appended to the series of {@code id}. */
    static byte[] extent(String id, double[] times, double[] values, long sequence) {
        return record(4, id, times, values, sequence);
    }

    /** A batch begin (kind 5) or commit (kind 6) record: no id, no data, n = the batch's record count. */
    static byte[] frame(int kind, int records, long sequence) {
        return encode(kind, "", records, new double[0], new double[0], sequence);
    }

    /** The 16-byte segment header witnessing records up to {@code witnessed}, then the records. */
    static byte[] segment(long witnessed, byte[]... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = segmentHeader();
        long units = witnessed / 8;
        for (int i = 0; i < 4; i++) {
            header[12 + i] = (byte) (units >>> (8 * i));
        }
        out.writeBytes(header);
        for (byte[] r : records) {
            out.writeBytes(r);
        }
        return out.toByteArray();
    }

    /** One record: kind 1 (store), 2 (tombstone, no points), 3 (seal, empty id, no points) or 4 (extent). */
    static byte[] record(int kind, String id, double[] times, double[] values, long sequence) {
        return encode(kind, id, times.length, times, values, sequence);
    }

    private static byte[] encode(int kind, String id, int n, double[] times, double[] values, long sequence) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes("TSRC".getBytes(StandardCharsets.US_ASCII));
        header.write(2);
        header.write(kind);
        header.write(idBytes.length);
        header.write(0);
        putInt(header, n);
        putInt(header, 0); // header checksum, filled in below
        putLong(header, sequence);
        header.writeBytes(idBytes);
        while (header.size() % 8 != 0) {
            header.write(0);
        }
        byte[] h = header.toByteArray();
        CRC32C headerCrc = new CRC32C();
        headerCrc.update(h, 0, 12);
        headerCrc.update(h, 16, h.length - 16);
        int hc = (int) headerCrc.getValue();
        for (int i = 0; i < 4; i++) {
            h[12 + i] = (byte) (hc >>> (8 * i));
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (double t : times) {
            putLong(data, Double.doubleToRawLongBits(t));
        }
        for (double v : values) {
            putLong(data, Double.doubleToRawLongBits(v));
        }
        byte[] d = data.toByteArray();
        CRC32C dataCrc = new CRC32C();
        dataCrc.update(d, 0, d.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h);
        out.writeBytes(d);
        putInt(out, (int) dataCrc.getValue());
        out.writeBytes("TEND".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
