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

    /** The 16-byte segment header: "TSMMSEG\0", version 1, zero. */
    static byte[] segmentHeader() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("TSMMSEG\0".getBytes(StandardCharsets.US_ASCII));
        putInt(out, 1);
        putInt(out, 0);
        return out.toByteArray();
    }

    /** One record: kind 1 (store), 2 (tombstone, no points) or 3 (seal, empty id, no points). */
    static byte[] record(int kind, String id, double[] times, double[] values, long sequence) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        int n = times.length;
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes("TSRC".getBytes(StandardCharsets.US_ASCII));
        header.write(1);
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
