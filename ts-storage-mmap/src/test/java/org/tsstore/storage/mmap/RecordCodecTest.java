package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.testkit.SeriesArbitraries;
import org.tsstore.testkit.StoreDirectories;

/**
 * The record codec against {@link RecordModel}, an encoder written independently from FORMAT.md: the
 * writer produces exactly the model's bytes, and the scanner reads model-made segments back as the list
 * of records they were made from, stopping at a seal, at the end, or before a torn last record.
 */
class RecordCodecTest {

    /** One record to encode: kind, id, series (empty for markers), sequence. */
    record Spec(int kind, String id, SizedContainerTimeSeries series, long sequence) {}

    @Provide
    Arbitrary<Spec> specs() {
        Arbitrary<Integer> kinds = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(6, 1), net.jqwik.api.Tuple.of(2, 2));
        return Combinators.combine(kinds, Arbitraries.oneOf(SeriesArbitraries.ids(), SeriesArbitraries.hostileIds()),
                SeriesArbitraries.series(300), Arbitraries.longs().greaterOrEqual(0))
                .as((kind, id, series, seq) -> new Spec(kind, id, series, seq));
    }

    private static byte[] model(Spec s) {
        if (s.kind() == RecordFormat.STORE) {
            return RecordModel.record(1, s.id(), s.series().times(), s.series().values(), s.sequence());
        }
        return RecordModel.record(s.kind(), s.kind() == RecordFormat.SEAL ? "" : s.id(), new double[0], new double[0],
                s.sequence());
    }

    private static Path file() {
        return StoreDirectories.newDirectory("mmap-codec").resolve("segment");
    }

    @Property(tries = 200)
    void writerWritesTheModelsBytes(@ForAll("specs") Spec spec, @ForAll @IntRange(min = 0, max = 64) int at)
            throws IOException {
        Path f = file();
        long position = 8L * at;
        RecordWriter writer = new RecordWriter();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            byte[] id = spec.id().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (spec.kind() == RecordFormat.STORE) {
                writer.writeStore(ch, position, id, spec.sequence(), spec.series(), spec.series().size());
            } else {
                writer.writeMarker(ch, position, (byte) spec.kind(), id, spec.sequence());
            }
        }
        byte[] expected = model(spec);
        byte[] written = Files.readAllBytes(f);
        assertEquals(position + expected.length, written.length);
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(written, (int) position, written.length));
        assertEquals(position + expected.length, writer.writtenEnd());
        assertEquals(expected.length, RecordFormat.recordLength(id(spec).length, points(spec)));
    }

    @Property(tries = 100)
    void sealIsTheModelsBytes(@ForAll long sequence) throws IOException {
        Path f = file();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            new RecordWriter().writeMarker(ch, 0, RecordFormat.SEAL, new byte[0], sequence);
        }
        assertArrayEquals(RecordModel.record(3, "", new double[0], new double[0], sequence), Files.readAllBytes(f));
    }

    private static byte[] id(Spec s) {
        return s.id().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int points(Spec s) {
        return s.kind() == RecordFormat.STORE ? s.series().size() : 0;
    }

    /** A model segment: header, records, optionally a seal; with each record's offset. */
    private static byte[] segment(List<Spec> specs, boolean seal, List<Long> offsets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(RecordModel.segmentHeader());
        for (Spec s : specs) {
            offsets.add((long) out.size());
            out.writeBytes(model(s));
        }
        if (seal) {
            offsets.add((long) out.size());
            out.writeBytes(RecordModel.record(3, "", new double[0], new double[0], 99));
        }
        return out.toByteArray();
    }

    private static List<RecordHeader> scan(byte[] bytes, long limit, boolean checkData, List<String> damage,
            SegmentScanner.End[] end) throws IOException {
        Path f = file();
        Files.write(f, bytes);
        List<RecordHeader> found = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            SegmentScanner scanner = new SegmentScanner(new SegmentReader(ch, limit, ByteBuffer.allocate(4096)));
            end[0] = scanner.scan(RecordFormat.SEGMENT_HEADER_BYTES, checkData, new SegmentScanner.Visitor() {
                @Override
                public void record(RecordHeader h) {
                    found.add(h);
                }

                @Override
                public void damaged(long from, long to, String id, String problem) {
                    damage.add(from + ": " + problem);
                }
            });
        }
        return found;
    }

    @Property(tries = 100)
    void scannerReadsModelSegments(@ForAll @Size(max = 12) List<@From("specs") Spec> specs, @ForAll boolean seal,
            @ForAll @IntRange(min = 0, max = 3) int zeroTailWords) throws IOException {
        List<Long> offsets = new ArrayList<>();
        byte[] seg = segment(specs, seal, offsets);
        byte[] withTail = java.util.Arrays.copyOf(seg, seg.length + 8 * zeroTailWords); // sparse room: zeros
        List<String> damage = new ArrayList<>();
        SegmentScanner.End[] end = new SegmentScanner.End[1];
        List<RecordHeader> found = scan(withTail, withTail.length, true, damage, end);
        assertEquals(List.of(), damage);
        assertEquals(specs.size() + (seal ? 1 : 0), found.size());
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            RecordHeader h = found.get(i);
            assertEquals(offsets.get(i), h.offset);
            assertEquals(s.kind(), h.kind);
            assertEquals(s.id(), h.id);
            assertEquals(points(s), h.points);
            assertEquals(s.sequence(), h.sequence);
            assertEquals(model(s).length, h.length);
        }
        assertEquals(seal ? SegmentScanner.EndKind.SEALED : SegmentScanner.EndKind.CLEAN, end[0].kind);
        assertEquals(seg.length, end[0].offset);
    }

    @Property(tries = 150)
    void scannerStopsBeforeATornLastRecord(@ForAll @Size(min = 1, max = 6) List<@From("specs") Spec> specs,
            @ForAll @IntRange(min = 0, max = 999) int cutPermille, @ForAll boolean zeroFilled) throws IOException {
        List<Long> offsets = new ArrayList<>();
        byte[] seg = segment(specs, false, offsets);
        long last = offsets.get(offsets.size() - 1);
        int cut = (int) (last + (seg.length - last) * cutPermille / 1000);
        byte[] torn = zeroFilled ? seg.clone() : java.util.Arrays.copyOf(seg, cut);
        if (zeroFilled) {
            java.util.Arrays.fill(torn, cut, torn.length, (byte) 0);
        }
        List<String> damage = new ArrayList<>();
        SegmentScanner.End[] end = new SegmentScanner.End[1];
        List<RecordHeader> found = scan(torn, torn.length, false, damage, end);
        assertEquals(List.of(), damage);
        assertEquals(specs.size() - 1, found.size());
        assertEquals(last, end[0].offset);
        assertTrue(end[0].kind == SegmentScanner.EndKind.TORN
                || end[0].kind == SegmentScanner.EndKind.CLEAN && (cut == last || isZero(torn, (int) last)));
    }

    private static boolean isZero(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Property(tries = 100)
    void corruptedHeaderIsSkippedAndTheRestFound(@ForAll @Size(min = 3, max = 6) List<@From("specs") Spec> specs,
            @ForAll @IntRange(min = 0, max = 2) int victimIndex, @ForAll @IntRange(min = 0, max = 23) int headerByte)
            throws IOException {
        List<Long> offsets = new ArrayList<>();
        byte[] seg = segment(specs, true, offsets);
        int victim = Math.min(victimIndex, specs.size() - 2);
        seg[(int) (offsets.get(victim) + headerByte)] ^= 0x40;
        List<String> damage = new ArrayList<>();
        SegmentScanner.End[] end = new SegmentScanner.End[1];
        List<RecordHeader> found = scan(seg, seg.length, true, damage, end);
        assertEquals(1, damage.size(), damage.toString());
        assertTrue(damage.get(0).startsWith(offsets.get(victim) + ":"), damage.toString());
        assertEquals(specs.size(), found.size(), "every record but the damaged one, and the seal");
        for (RecordHeader h : found) {
            assertTrue(h.offset != offsets.get(victim));
        }
        assertEquals(SegmentScanner.EndKind.SEALED, end[0].kind);
        assertNull(found.get(found.size() - 1).id);
    }
}
