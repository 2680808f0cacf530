package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.StorageException;
import org.tsstore.testkit.StoreDirectories;

/**
 * {@link Verifier} alone, over segment files written byte by byte with {@link RecordModel}: the counts of a
 * clean store, each kind of damage FORMAT.md names at the place it names, live records that pass marked
 * as checked, and the first-read check of one record.
 *
 * <p>The layout used throughout: segment 1 holds store "a" (2 points, 72 bytes at 16), tombstone "b"
 * (40 bytes at 88) and a seal (32 bytes at 128, ending at 160); segment 2 holds store "c" (1 point,
 * 56 bytes at 16, ending at 72).
 */
class VerifierTest {

    private static final byte[] A = RecordModel.record(1, "a", new double[] {1.5, 2.5}, new double[] {-3, 4.25}, 0);
    private static final byte[] B = RecordModel.record(2, "b", new double[0], new double[0], 1);
    private static final byte[] SEAL = RecordModel.record(3, "", new double[0], new double[0], 2);
    private static final byte[] C = RecordModel.record(1, "c", new double[] {7}, new double[] {8}, 3);

    private final Path dir = StoreDirectories.newDirectory("mmap-verifier");
    private final List<Segment> opened = new ArrayList<>();
    private final KeyDirectory keys = new KeyDirectory();

    @AfterEach
    void retire() {
        opened.forEach(Segment::retire);
    }

    private static byte[] file(long witnessed, byte[]... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = RecordModel.segmentHeader();
        header[12] = (byte) (witnessed / 8);
        out.writeBytes(header);
        for (byte[] r : records) {
            out.writeBytes(r);
        }
        return out.toByteArray();
    }

    /** A segment as recovery leaves it: its logical end, sealed or not. */
    private Segment segment(int number, byte[] bytes, long end, boolean sealed) throws IOException {
        Path path = dir.resolve(Segment.fileName(number));
        Files.write(path, bytes);
        Segment s = new Segment(number, path, Segment.DEFAULT_WINDOW_SHIFT, bytes.length, end);
        s.sealed = sealed;
        opened.add(s);
        return s;
    }

    private List<Segment> twoSegments(byte[] first, byte[] second) throws IOException {
        Segment s1 = segment(1, first, 160, true);
        Segment s2 = segment(2, second, 72, false);
        keys.put(new KeyDirectory.Entry("a", s1, 16, 2, false));
        keys.put(new KeyDirectory.Entry("c", s2, 16, 1, false));
        return List.of(s1, s2);
    }

    private static byte[] flip(byte[] bytes, int at) {
        byte[] b = bytes.clone();
        b[at] ^= 0x10;
        return b;
    }

    private IntegrityReport verify(List<Segment> segments) throws IOException {
        return new Verifier(keys, new DamagePolicy(null, Map.of())).verify(segments);
    }

    @Test
    void aCleanStoreCountsItsStoreRecordsAndMarksThemChecked() throws IOException {
        IntegrityReport report = verify(twoSegments(file(128, A, B, SEAL), file(72, C)));
        assertEquals(new IntegrityReport(2, 72 + 56, List.of()), report);
        assertTrue(keys.get("a").verified());
        assertTrue(keys.get("c").verified());
    }

    @Test
    void aRecordWhoseDataFailsItsChecksumIsReportedWithItsId() throws IOException {
        byte[] first = flip(file(128, A, B, SEAL), 16 + 32 + 20); // a byte of a's second time
        IntegrityReport report = verify(twoSegments(first, file(72, C)));
        assertEquals(2, report.seriesChecked(), "a damaged record is still checked");
        assertEquals(1, report.damage().size(), report.toString());
        IntegrityReport.Damage d = report.damage().get(0);
        assertEquals("a", d.id());
        assertEquals(dir.resolve("0000000001.seg") + " at offset 16", d.location());
        assertTrue(d.problem().startsWith("data checksum mismatch") && d.problem().endsWith(" (72 bytes)"), d.problem());
        assertFalse(keys.get("a").verified(), "a damaged record is not marked checked");
        assertTrue(keys.get("c").verified());
    }

    @Test
    void anOlderSegmentWithoutASealHasLostItsTail() throws IOException {
        Segment s1 = segment(1, file(128, A, B), 128, false);
        Segment s2 = segment(2, file(72, C), 72, false);
        IntegrityReport report = verify(List.of(s1, s2));
        assertEquals(1, report.damage().size(), report.toString());
        IntegrityReport.Damage d = report.damage().get(0);
        assertEquals(s1 + " at offset 128", d.location());
        assertTrue(d.problem().contains("without a seal although newer segments follow"), d.problem());
    }

    @Test
    void recordsEndingBeforeTheWitnessWereLost() throws IOException {
        IntegrityReport report = verify(twoSegments(file(128, A, B, SEAL), file(128, C)));
        assertEquals(1, report.damage().size(), report.toString());
        IntegrityReport.Damage d = report.damage().get(0);
        assertEquals(dir.resolve("0000000002.seg") + " at offset 72", d.location());
        assertTrue(d.problem().endsWith("witnesses acknowledged records up to offset 128: records were lost"), d.problem());
    }

    @Test
    void aForeignVersionInTheHeaderIsReportedAndTheRecordsStillChecked() throws IOException {
        byte[] second = file(72, C);
        second[8] = 3;
        IntegrityReport report = verify(twoSegments(file(128, A, B, SEAL), second));
        assertEquals(2, report.seriesChecked());
        assertEquals(List.of(new IntegrityReport.Damage("", dir.resolve("0000000002.seg") + " at offset 0",
                "the segment header is missing or damaged; records in the segment may have been lost")), report.damage());
    }

    @Test
    void bytesAfterTheLastRecordThatHoldNoRecordAreReported() throws IOException {
        byte[] second = file(72, C);
        byte[] withJunk = Arrays.copyOf(second, second.length + 16);
        withJunk[second.length + 3] = 9;
        Segment s1 = segment(1, file(128, A, B, SEAL), 160, true);
        Segment s2 = segment(2, withJunk, 88, false); // the logical end claims a record up to 88
        IntegrityReport report = verify(List.of(s1, s2));
        assertEquals(1, report.damage().size(), report.toString());
        assertEquals(List.of(new IntegrityReport.Damage("", s2 + " at offset 72",
                "no valid record in the 16 bytes up to the end of the segment")), report.damage());
    }

    @Test
    void aLossRecoveryFoundIsReportedWhenTheScanNoLongerSeesIt() throws IOException {
        List<Segment> segments = twoSegments(file(128, A, B, SEAL), file(72, C));
        DamagePolicy damage = new DamagePolicy(new DamageFrontier(2, 72, "lost at the end of segment 2"), Map.of());
        IntegrityReport report = new Verifier(keys, damage).verify(segments);
        assertEquals(new IntegrityReport(2, 128, List.of(new IntegrityReport.Damage("", "0000000002.seg",
                "lost at the end of segment 2"))), report);
    }

    @Test
    void theFirstReadCheckRefusesWhatDoesNotMatchTheEntry() throws Exception {
        Segment s1 = segment(1, file(128, A, B, SEAL), 160, true);
        Verifier.checkRecords(new KeyDirectory.Entry("a", s1, 16, 2, false), true);

        StorageException size = assertThrows(StorageException.class,
                () -> Verifier.checkRecords(new KeyDirectory.Entry("a", s1, 16, 3, false), true));
        assertTrue(size.getMessage().endsWith("it holds record kind 1 of series \"a\" at offset 16 (2 points, 72 bytes)"
                + " instead"), size.getMessage());
        StorageException tombstone = assertThrows(StorageException.class,
                () -> Verifier.checkRecords(new KeyDirectory.Entry("b", s1, 88, 0, false), true));
        assertTrue(tombstone.getMessage().contains("it holds record kind 2"), tombstone.getMessage());
    }

    @Test
    void theFirstReadCheckFindsDamagedDataOnlyWhenAskedTo() throws Exception {
        Segment s1 = segment(1, flip(file(128, A, B, SEAL), 16 + 32 + 20), 160, true);
        KeyDirectory.Entry a = new KeyDirectory.Entry("a", s1, 16, 2, false);
        Verifier.checkRecords(a, false);
        StorageException e = assertThrows(StorageException.class, () -> Verifier.checkRecords(a, true));
        assertTrue(e.getMessage().contains("cannot be served, its data fails the checksum (stored 0x"), e.getMessage());
    }

    @Test
    void theFirstReadCheckNeedsTheEndMark() throws Exception {
        byte[] bytes = file(128, A, B, SEAL);
        bytes[16 + 72 - 4] = 0; // the first byte of a's "TEND"
        Segment s1 = segment(1, bytes, 160, true);
        StorageException e = assertThrows(StorageException.class,
                () -> Verifier.checkRecords(new KeyDirectory.Entry("a", s1, 16, 2, false), false));
        assertTrue(e.getMessage().endsWith("cannot be served, its end mark is missing"), e.getMessage());
    }
}
