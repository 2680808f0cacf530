package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.tsstore.api.SeriesIds;

/** The journal and the snapshot against a model: a plain list of records, a plain map. */
class JournalTest {

    private static Path dir;
    private static int counter;

    @BeforeContainer
    static void makeDirectory() throws IOException {
        dir = Files.createTempDirectory("journal");
    }

    @AfterContainer
    static void removeDirectory() throws IOException {
        TestFiles.deleteRecursively(dir);
    }

    private static Path fresh() {
        return dir.resolve("j" + (counter++));
    }

    @Provide
    Arbitrary<Journal.Record> records() {
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.strings().all().ofMinLength(1).ofMaxLength(90),
                Arbitraries.strings().alpha().ofMinLength(250).ofMaxLength(255)).filter(SeriesIds::isValid);
        Arbitrary<IndexEntry> entries = Combinators.combine(Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.longs().greaterOrEqual(0), Arbitraries.integers()).as(IndexEntry::new);
        return Combinators.combine(ids, entries.injectNull(0.3)).as(Journal.Record::new);
    }

    @Provide
    Arbitrary<List<Journal.Record>> recordLists() {
        return records().list().ofMaxSize(40);
    }

    private static Journal write(Path file, long generation, List<Journal.Record> records) throws IOException {
        Journal j = Journal.open(file, 0, 0, generation, false);
        for (Journal.Record r : records) {
            if (r.entry() == null) {
                j.appendDelete(r.id());
            } else {
                j.appendPut(r.id(), r.entry());
            }
        }
        return j;
    }

    @Property(tries = 200)
    void readsBackWhatWasAppended(@ForAll("recordLists") List<Journal.Record> records, @ForAll long generation)
            throws IOException {
        Path file = fresh();
        try (Journal j = write(file, generation, records)) {
            assertEquals(Files.size(file), j.size());
            assertEquals(records.size(), j.records());
        }
        Journal.Contents c = Journal.read(file);
        assertEquals(Journal.HeaderState.VALID, c.state());
        assertEquals(generation, c.generation());
        assertEquals(records, c.records());
        assertEquals(Journal.Tail.CLEAN, c.tail());
        assertEquals(Files.size(file), c.goodBytes());
    }

    /**
     * A journal cut anywhere inside a last record that was never witnessed (a write in flight) keeps every
     * record before it and says it is torn.
     */
    @Property(tries = 200)
    void aTornLastRecordIsIgnored(@ForAll("recordLists") List<Journal.Record> records, @ForAll("records") Journal.Record last,
            @ForAll long seed) throws IOException {
        Path file = fresh();
        long before;
        try (Journal j = write(file, 7, records)) {
            before = j.size();
            j.appendPut(last.id(), new IndexEntry(1, 2, 3));
        }
        StoreFixtures.unwitness(file, before);
        long full = Files.size(file);
        long cut = before + Math.floorMod(seed, full - before);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(cut);
        }
        Journal.Contents c = Journal.read(file);
        assertEquals(records, c.records());
        assertEquals(before, c.goodBytes());
        assertEquals(cut == before ? Journal.Tail.CLEAN : Journal.Tail.TORN, c.tail());
        assertEquals(List.of(), c.losses());
        // Reopening cuts the tail off and appends after the good records.
        try (Journal j = Journal.open(file, c.goodBytes(), c.records().size(), 7, false)) {
            j.appendDelete("after");
        }
        List<Journal.Record> expected = new ArrayList<>(records);
        expected.add(new Journal.Record("after", null));
        assertEquals(expected, Journal.read(file).records());
    }

    /**
     * The same cut of a record that was witnessed is a loss at the record's start, whatever the cut; what the
     * cut record still says is salvaged when its change is whole.
     */
    @Property(tries = 200)
    void aCutWitnessedRecordIsALoss(@ForAll("recordLists") List<Journal.Record> records,
            @ForAll("records") Journal.Record last, @ForAll long seed) throws IOException {
        Path file = fresh();
        long before;
        IndexEntry entry = new IndexEntry(1, 2, 3);
        try (Journal j = write(file, 7, records)) {
            before = j.size();
            j.appendPut(last.id(), entry);
        }
        long full = Files.size(file);
        long cut = before + Math.floorMod(seed, full - before);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(cut);
        }
        Journal.Contents c = Journal.read(file);
        assertEquals(records, c.records());
        assertEquals(Journal.Tail.DAMAGED, c.tail());
        assertEquals(1, c.losses().size());
        assertEquals(before, c.losses().get(0).from());
        assertTrue(c.losses().get(0).problem().contains("byte " + before), c.losses().get(0).problem());
        // The change ends 4 bytes before the record (its checksum follows).
        boolean whole = cut >= full - 4;
        assertEquals(whole ? List.of(new Journal.Record(last.id(), entry)) : List.of(), c.salvaged());
    }

    /** Any changed byte in a last record that was never witnessed is caught by its checksum: a torn tail. */
    @Property(tries = 200)
    void aGarbledLastRecordIsTorn(@ForAll("recordLists") List<Journal.Record> records, @ForAll long seed)
            throws IOException {
        Path file = fresh();
        long before;
        try (Journal j = write(file, 1, records)) {
            before = j.size();
            j.appendPut("last", new IndexEntry(10, 288, 42));
        }
        StoreFixtures.unwitness(file, before);
        byte[] bytes = Files.readAllBytes(file);
        int at = (int) (before + Math.floorMod(seed, bytes.length - before));
        bytes[at] ^= (byte) (1 << Math.floorMod(seed >>> 32, 8));
        Files.write(file, bytes);
        Journal.Contents c = Journal.read(file);
        assertEquals(records, c.records());
        assertEquals(Journal.Tail.TORN, c.tail());
    }

    /** A changed byte in a witnessed record, or in the witness, is a loss. */
    @Property(tries = 100)
    void aGarbledWitnessedRecordOrWitnessIsALoss(@ForAll("recordLists") List<Journal.Record> records, @ForAll long seed)
            throws IOException {
        Path file = fresh();
        long before;
        try (Journal j = write(file, 1, records)) {
            before = j.size();
            j.appendPut("last", new IndexEntry(10, 288, 42));
        }
        byte[] bytes = Files.readAllBytes(file);
        boolean inWitness = Math.floorMod(seed, 3) == 0;
        int at = inWitness ? Journal.WITNESS_AT + Math.floorMod(seed >>> 8, 12)
                : (int) (before + Math.floorMod(seed, bytes.length - before));
        bytes[at] ^= (byte) (1 << Math.floorMod(seed >>> 32, 8));
        Files.write(file, bytes);
        Journal.Contents c = Journal.read(file);
        assertEquals(Journal.Tail.DAMAGED, c.tail());
        assertTrue(c.losses().size() >= 1);
        if (!inWitness) {
            assertEquals(records, c.records());
            assertEquals(before, c.losses().get(0).from());
        }
    }

    @Example
    void zerosAfterTheLastRecordAreATornTail() throws IOException {
        Path file = fresh();
        List<Journal.Record> records = List.of(new Journal.Record("a", new IndexEntry(1, 144, 5)),
                new Journal.Record("b", null));
        write(file, 3, records).close();
        Files.write(file, new byte[4096], StandardOpenOption.APPEND);
        Journal.Contents c = Journal.read(file);
        assertEquals(records, c.records());
        assertEquals(Journal.Tail.TORN, c.tail());
    }

    @Example
    void aBadRecordFollowedByGoodOnesIsALossAndTheGoodOnesStillCount() throws IOException {
        Path file = fresh();
        long firstEnd;
        long secondEnd;
        try (Journal j = Journal.open(file, 0, 0, 9, false)) {
            j.appendPut("a", new IndexEntry(1, 144, 5));
            firstEnd = j.size();
            j.appendPut("b", new IndexEntry(2, 160, 6));
            secondEnd = j.size();
            j.appendPut("c", new IndexEntry(3, 176, 7));
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) firstEnd + 12] ^= 1; // in b's points
        Files.write(file, bytes);
        Journal.Contents c = Journal.read(file);
        assertEquals(List.of(new Journal.Record("a", new IndexEntry(1, 144, 5)),
                new Journal.Record("c", new IndexEntry(3, 176, 7))), c.records());
        assertEquals(List.of(32L, secondEnd), c.offsets());
        assertEquals(Journal.Tail.DAMAGED, c.tail());
        assertEquals(List.of(firstEnd), c.losses().stream().map(Journal.Loss::from).collect(
                java.util.stream.Collectors.toList()));
        assertTrue(c.problem().contains("a good record follows"), c.problem());
        assertEquals(1, c.salvaged().size());
        assertEquals("b", c.salvaged().get(0).id());
    }

    @Example
    void aBatchIsReadBackWholeOrNotAtAll() throws IOException {
        Path file = fresh();
        List<Journal.Record> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            batch.add(new Journal.Record("id-" + i + "-" + "x".repeat(i),
                    i % 7 == 0 ? null : new IndexEntry(i, 128 + 16L * i, i)));
        }
        long before;
        try (Journal j = Journal.open(file, 0, 0, 9, false)) {
            j.appendPut("a", new IndexEntry(1, 144, 5));
            before = j.size();
            j.appendBatch(batch);
        }
        Journal.Contents whole = Journal.read(file);
        List<Journal.Record> expected = new java.util.ArrayList<>();
        expected.add(new Journal.Record("a", new IndexEntry(1, 144, 5)));
        expected.addAll(batch);
        assertEquals(expected, whole.records());
        assertEquals(Journal.Tail.CLEAN, whole.tail());
        StoreFixtures.unwitness(file, before);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        Journal.Contents cut = Journal.read(file);
        assertEquals(expected.subList(0, 1), cut.records());
        assertEquals(Journal.Tail.TORN, cut.tail());
        assertEquals(before, cut.goodBytes());
    }

    /** A journal cut exactly at a record boundary before its witnessed end has lost the records after the cut. */
    @Example
    void aJournalCutBetweenWitnessedRecordsIsALoss() throws IOException {
        Path file = fresh();
        long firstEnd;
        try (Journal j = Journal.open(file, 0, 0, 9, false)) {
            j.appendPut("a", new IndexEntry(1, 144, 5));
            firstEnd = j.size();
            j.appendDelete("b");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(firstEnd);
        }
        Journal.Contents c = Journal.read(file);
        assertEquals(Journal.Tail.DAMAGED, c.tail());
        assertEquals(List.of(new Journal.Record("a", new IndexEntry(1, 144, 5))), c.records());
        assertTrue(c.problem().contains("ends at byte " + firstEnd), c.problem());
    }

    /** A journal of the format before the witness is read as before: a bad last record is a torn tail. */
    @Example
    void aJournalWithoutAWitnessIsReadAsBefore() throws IOException {
        Path file = fresh();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(200);
        b.put(Journal.LEGACY_MAGIC).putLong(4);
        b.putInt(org.tsstore.core.backend.Checksums.crc32c(b.array(), 0, 16));
        b.putInt(3 + 1 + 16);
        JournalCodec.put(b, JournalCodec.PUT, "a", new IndexEntry(1, 144, 5));
        b.putInt(org.tsstore.core.backend.Checksums.crc32c(b.array(), 20, b.position() - 20));
        int end = b.position();
        b.putInt(3 + 1).put(JournalCodec.DELETE).putShort((short) 1);
        Files.write(file, java.util.Arrays.copyOf(b.array(), b.position()));
        Journal.Contents c = Journal.read(file);
        assertTrue(c.legacy());
        assertEquals(4, c.generation());
        assertEquals(List.of(new Journal.Record("a", new IndexEntry(1, 144, 5))), c.records());
        assertEquals(Journal.Tail.TORN, c.tail());
        assertEquals(end, c.goodBytes());
    }

    @Example
    void aBadRecordFollowedByALongBatchIsDamage() throws IOException {
        Path file = fresh();
        long firstEnd;
        List<Journal.Record> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(new Journal.Record("b" + i + "-" + "y".repeat(100), new IndexEntry(i, 128 + 16L * i, i)));
        }
        try (Journal j = Journal.open(file, 0, 0, 9, false)) {
            j.appendPut("a", new IndexEntry(1, 144, 5));
            firstEnd = j.size();
            j.appendPut("b", new IndexEntry(2, 160, 6));
            j.appendBatch(batch);
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) firstEnd + 6] ^= 1;
        Files.write(file, bytes);
        Journal.Contents c = Journal.read(file);
        assertEquals(Journal.Tail.DAMAGED, c.tail());
        assertTrue(c.problem().contains("a good record follows"), c.problem());
    }

    @Example
    void headers() throws IOException {
        assertEquals(Journal.HeaderState.ABSENT, Journal.read(fresh()).state());
        Path file = fresh();
        write(file, 5, List.of(new Journal.Record("a", null))).close();
        byte[] good = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(good, 11));
        assertEquals(Journal.HeaderState.TORN, Journal.read(file).state());
        Files.write(file, new byte[100]);
        assertEquals(Journal.HeaderState.TORN, Journal.read(file).state());
        byte[] bad = good.clone();
        bad[9] ^= 4; // the generation: fails the header checksum
        Files.write(file, bad);
        assertEquals(Journal.HeaderState.DAMAGED, Journal.read(file).state());
        bad = good.clone();
        bad[0] = 'X';
        Files.write(file, bad);
        assertEquals(Journal.HeaderState.DAMAGED, Journal.read(file).state());
    }

    @Example
    void resetStartsAnEmptyJournalOfTheNewGeneration() throws IOException {
        Path file = fresh();
        try (Journal j = write(file, 1, List.of(new Journal.Record("a", null), new Journal.Record("b", null)))) {
            j.reset(2);
            assertEquals(Journal.HEADER_BYTES, j.size());
            assertEquals(0, j.records());
            j.appendDelete("c");
        }
        Journal.Contents c = Journal.read(file);
        assertEquals(2, c.generation());
        assertEquals(List.of(new Journal.Record("c", null)), c.records());
    }

    @Property(tries = 40)
    void snapshotsReadBackWhatWasWritten(@ForAll("recordLists") List<Journal.Record> records, @ForAll long generation)
            throws Exception {
        Map<String, IndexEntry> model = new HashMap<>();
        for (Journal.Record r : records) {
            if (r.entry() != null) {
                model.put(r.id(), r.entry());
            }
        }
        Path d = fresh();
        Files.createDirectories(d);
        long size = IndexSnapshot.write(d, generation, model);
        Path file = d.resolve(IndexSnapshot.FILE_NAME);
        assertEquals(Files.size(file), size);
        IndexSnapshot.Contents c = IndexSnapshot.read(file);
        assertEquals(generation, c.generation());
        assertEquals(model, c.entries());
    }

    /** Every flipped bit and every cut of a snapshot is detected. */
    @Property(tries = 40)
    void damagedSnapshotsAreRefused(@ForAll("recordLists") List<Journal.Record> records, @ForAll long seed)
            throws Exception {
        Map<String, IndexEntry> model = new HashMap<>();
        for (Journal.Record r : records) {
            model.put(r.id(), r.entry() == null ? new IndexEntry(0, 128, 0) : r.entry());
        }
        Path d = fresh();
        Files.createDirectories(d);
        IndexSnapshot.write(d, 4, model);
        Path file = d.resolve(IndexSnapshot.FILE_NAME);
        byte[] good = Files.readAllBytes(file);
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < 25; i++) {
            byte[] bytes = good.clone();
            int at = r.nextInt(bytes.length);
            if (r.nextBoolean()) {
                bytes = Arrays.copyOf(bytes, at);
            } else {
                bytes[at] ^= (byte) (1 << r.nextInt(8));
            }
            Files.write(file, bytes);
            assertThrows(SeriesFileException.class, () -> IndexSnapshot.read(file));
        }
    }
}
