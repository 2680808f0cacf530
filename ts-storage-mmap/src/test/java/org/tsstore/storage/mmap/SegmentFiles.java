package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Test access to segment files: which exist, and where their records lie. */
final class SegmentFiles {

    private SegmentFiles() {}

    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().collect(Collectors.toList());
        }
    }

    /** The complete records of a segment file, in order. */
    static List<RecordHeader> records(Path segment) throws IOException {
        List<RecordHeader> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            SegmentScanner scanner = new SegmentScanner(new SegmentReader(ch, ch.size(), ByteBuffer.allocate(1 << 16)));
            scanner.scan(RecordFormat.SEGMENT_HEADER_BYTES, false, new SegmentScanner.Visitor() {
                @Override
                public void record(RecordHeader header) {
                    out.add(header);
                }

                @Override
                public void damaged(long from, long to, String id, String problem) {
                    throw new AssertionError("damage in " + segment + " at " + from + ": " + problem);
                }
            });
        }
        return out;
    }

    static void flip(Path file, long position, int mask) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, position);
            b.put(0, (byte) (b.get(0) ^ mask));
            b.rewind();
            ch.write(b, position);
        }
    }

    static void zero(Path file, long from, long to) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate((int) (to - from)), from);
        }
    }

    /** Sets the segment header's witness as if the writer had last acknowledged a record ending at {@code end}. */
    static void setWitness(Path segment, long end) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.putInt(0, RecordFormat.witnessOf(end));
            ch.write(b, RecordFormat.WITNESS_OFFSET);
        }
    }

    /** The witness in a segment header, as a byte offset. */
    static long witness(Path segment) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(b, RecordFormat.WITNESS_OFFSET);
            return Integer.toUnsignedLong(b.getInt(0)) << 3;
        }
    }

    /**
     * Every file in a store directory with its length and CRC-32C, read through a channel (so that a sparse file
     * of many gigabytes can be summed): what a refused call must leave exactly as it was.
     */
    static java.util.Map<String, String> snapshot(Path dir) throws IOException {
        java.util.Map<String, String> files = new java.util.TreeMap<>();
        ByteBuffer b = ByteBuffer.allocate(1 << 20);
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                    long at = 0;
                    while (true) {
                        b.clear();
                        int n = ch.read(b, at);
                        if (n < 0) {
                            break;
                        }
                        b.flip();
                        crc.update(b);
                        at += n;
                    }
                    files.put(p.getFileName().toString(), ch.size() + " bytes, CRC-32C " + Long.toHexString(crc.getValue()));
                }
            }
        }
        return files;
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }
}
