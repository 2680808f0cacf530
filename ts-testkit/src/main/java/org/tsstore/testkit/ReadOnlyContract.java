package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tsstore.testkit.ReadModeModel.assertMatches;
import static org.tsstore.testkit.ReadModeModel.assertSeries;
import static org.tsstore.testkit.ReadModeModel.concat;
import static org.tsstore.testkit.ReadModeModel.points;
import static org.tsstore.testkit.ReadModeModel.series;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.function.Executable;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Read-only opening ({@code mode=read}) beside a live writer, for backends that declare
 * {@link Capability#LIVE_READERS} and keep a store in a directory: the reader follows every kind of write and
 * compaction of a writer in this JVM (checked against a model of plain arrays after each write), keeps the views it
 * gave out across compactions, refuses every write saying it is read-only, never creates a missing directory,
 * refuses an unknown mode naming the option, runs beside the writer's lock, changes no byte of the directory, and
 * outlives its writer to follow the next one. Readers in other processes are {@code LiveReaderCheck}'s.
 *
 * <p>The writer is {@link #create()}; the reader is {@link #openIn} the writer's {@link #directory} with
 * {@code mode=read}. What is left to the backend's own tests: its format (witnesses, torn records, files between
 * a record and a rename).
 */
public interface ReadOnlyContract extends StoreContract {

    /** The option that opens a store read-only. */
    Map<String, String> READ = Map.of("mode", "read");

    /**
     * Opens the store in a directory through the provider of the fixture's scheme, as an application does, with
     * the fixture's options and {@code moreOptions}: a reader beside a writer, the next writer, or a store in a
     * directory that must not be created.
     *
     * @param directory the store's directory
     * @param moreOptions added to (or replacing) the fixture's options, such as {@link #READ}
     * @return the open store, owned by the caller
     */
    default StorageManager openIn(Path directory, Map<String, String> moreOptions) {
        Map<String, String> options = new LinkedHashMap<>(fixture().options());
        options.putAll(moreOptions);
        return ProviderLookup.open(fixture().locationInDirectory().orElseThrow(() -> new AssertionError(
                fixture().name() + " keeps no directory: ReadOnlyContract is for stores kept in one"))
                .apply(directory), options);
    }

    /**
     * Leaves in a store's directory what a writer's open would clean up (a torn tail, a temporary file), so that
     * {@link #theReaderChangesNoByteOfTheDirectory} shows a reader leaves it too. By default nothing.
     *
     * @param writer the writer, still open
     * @param directory its directory
     * @throws Exception if the files cannot be written
     */
    default void leaveWhatAWriterCleansUp(StorageManager writer, Path directory) throws Exception {}

    /**
     * Random writes (stores, appends, deletes, batches, compactions, flushes) through a writer: after each, a reader
     * opened before the first holds exactly the model, and every view it returned before a compaction still holds
     * the points it had.
     *
     * @param seed picks the writes
     */
    @Property(tries = 8)
    default void theReaderFollowsEveryKindOfWrite(@ForAll long seed) {
        Map<String, double[][]> model = new TreeMap<>();
        List<Map.Entry<SizedContainerTimeSeries, double[][]>> held = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        try (StorageManager writer = create(); StorageManager reader = reader(storeDirectory(writer))) {
            assertMatches(model, reader, "a reader of a new store");
            for (int op = 0; op < 60; op++) {
                if (op % 20 == 19) {
                    model.forEach((id, p) -> held.add(new SimpleEntry<>(reader.get(id), p)));
                }
                String write = ReadModeModel.write(writer, model, random, op);
                assertMatches(model, reader, "after write " + op + ", " + write);
            }
            writer.compact();
            assertMatches(model, reader, "after a last compact()");
            for (Map.Entry<SizedContainerTimeSeries, double[][]> h : held) {
                assertSeries(h.getValue(), h.getKey(), "a view the reader returned before later writes");
            }
            Rejections.expectType("get of an id never stored", () -> reader.get("never"), NoSuchSeriesException.class);
        }
    }

    /**
     * Every write through a reader is refused with an {@link UnsupportedOperationException} that says the store
     * was opened read-only and names its directory; nothing changes, and {@code flush()} is a harmless no-op.
     *
     * @throws Exception if the directory cannot be read
     */
    @Example
    default void everyWriteIsRefusedSayingReadOnly() throws Exception {
        double[][] a = points(1, 1, 0, 5);
        Path dir;
        try (StorageManager writer = create()) {
            dir = storeDirectory(writer);
            writer.store("a", series(a));
        }
        StoreDirectorySnapshot before = StoreDirectorySnapshot.of(dir);
        try (StorageManager reader = reader(dir)) {
            ArrayTimeSeries more = series(points(1, 2, 10, 2));
            Map<String, Executable> writes = new LinkedHashMap<>();
            writes.put("store of a stored id", () -> reader.store("a", more));
            writes.put("store of a new id", () -> reader.store("new", more));
            writes.put("append", () -> reader.append("a", more));
            writes.put("storeAll", () -> reader.storeAll(Map.of("a", more, "b", more)));
            writes.put("appendAll", () -> reader.appendAll(Map.of("a", more)));
            writes.put("delete", () -> reader.delete("a"));
            writes.put("compact", reader::compact);
            writes.put("repair", reader::repair);
            writes.forEach((call, w) -> {
                String message = Rejections.expect(call + " on a read-only store", w,
                        UnsupportedOperationException.class).getMessage();
                assertTrue(message.contains("read-only") && message.contains(dir.toString()),
                        call + " on a read-only store: the refusal must say read-only and name " + dir + ": "
                        + message);
            });
            reader.flush();
            assertMatches(Map.of("a", a), reader, "after the refused writes");
        }
        assertEquals(List.of(), StoreDirectorySnapshot.of(dir).changesSince(before),
                "files the refused writes changed");
    }

    /**
     * A reader on a directory that does not exist is refused with a {@link StorageException} naming it, and the
     * directory is not created.
     */
    @Example
    default void aMissingDirectoryIsRefusedAndNotCreated() {
        Path dir = StoreDirectories.newDirectory(fixture().name() + "-readonly-missing").resolve("absent");
        String message = Rejections.expect("a read-only open of a missing directory", () -> openIn(dir, READ).close(),
                StorageException.class).getMessage();
        assertTrue(message.contains(dir.toString()), "the refusal must name " + dir + ": " + message);
        assertFalse(Files.exists(dir), "a read-only open created the missing directory " + dir);
    }

    /**
     * A mode other than {@code read} and {@code write} is refused with an {@link IllegalArgumentException} naming
     * the option, creating nothing; {@code mode=write} opens a writer.
     */
    @Example
    default void anUnknownModeIsRefusedNamingTheOption() {
        Path dir = StoreDirectories.newDirectory(fixture().name() + "-readonly-badmode");
        StoreDirectorySnapshot before = StoreDirectorySnapshot.of(dir);
        String message = Rejections.expect("mode=readonly", () -> openIn(dir, Map.of("mode", "readonly")).close(),
                IllegalArgumentException.class).getMessage();
        assertTrue(message.contains("mode"), "the refusal must name the option mode: " + message);
        assertEquals(List.of(), StoreDirectorySnapshot.of(dir).changesSince(before), "files an unknown mode made");
        double[][] x = points(1, 1, 0, 3);
        try (StorageManager writer = openIn(dir, Map.of("mode", "write"))) {
            writer.store("x", series(x));
            assertMatches(Map.of("x", x), writer, "a store opened with mode=write, after a store");
        }
    }

    /**
     * Two readers open beside a writer that holds the store (no lock keeps them out) and see its writes; with
     * {@link Capability#SINGLE_PROCESS}, a second writer is still refused.
     */
    @Example
    default void readersOpenBesideTheWritersLock() {
        double[][] x = points(1, 1, 0, 2);
        try (StorageManager writer = create()) {
            Path dir = storeDirectory(writer);
            try (StorageManager r1 = reader(dir); StorageManager r2 = reader(dir)) {
                writer.store("x", series(x));
                assertMatches(Map.of("x", x), r1, "the first reader beside the writer");
                assertMatches(Map.of("x", x), r2, "the second reader beside the writer");
                if (capabilities().contains(Capability.SINGLE_PROCESS)) {
                    Rejections.expect("a second writer beside readers", () -> openIn(dir, Map.of()).close(),
                            StorageException.class);
                }
            }
        }
    }

    /**
     * A reader that lists, reads whole and in ranges, sizes, verifies and flushes a store beside its idle writer
     * changes no byte of its directory, nor what a writer would have cleaned up ({@link #leaveWhatAWriterCleansUp}).
     *
     * @throws Exception if the directory cannot be read or the leftovers written
     */
    @Example
    default void theReaderChangesNoByteOfTheDirectory() throws Exception {
        try (StorageManager writer = create()) {
            Path dir = storeDirectory(writer);
            for (int i = 0; i < 60; i++) {
                writer.store("s" + (i % 7), series(points(i % 7, i, 0, 10)));
            }
            writer.delete("s3");
            writer.flush();
            leaveWhatAWriterCleansUp(writer, dir);
            StoreDirectorySnapshot before = StoreDirectorySnapshot.of(dir);
            try (StorageManager reader = reader(dir)) {
                assertEquals(6, reader.ids().size(), "ids " + reader.ids());
                for (String id : reader.ids()) {
                    reader.get(id);
                    reader.get(id, 2, 5);
                    reader.size(id);
                    reader.contains(id);
                }
                assertFalse(reader.contains("s3"), "a deleted id");
                assertTrue(reader.verify().isClean(), "verify() of an undamaged store");
                reader.flush();
            }
            assertEquals(List.of(), StoreDirectorySnapshot.of(dir).changesSince(before), "files a reader changed");
        }
    }

    /** A reader outlives its writer's close and follows the next writer's stores, appends and deletes. */
    @Example
    default void aReaderOutlivesItsWriterAndFollowsTheNextOne() {
        double[][] a = points(1, 1, 0, 5);
        double[][] b = points(2, 1, 0, 9);
        double[][] more = points(1, 2, 5, 3);
        StorageManager first = create();
        Path dir = storeDirectory(first);
        first.store("a", series(a));
        try (StorageManager reader = reader(dir)) {
            assertMatches(Map.of("a", a), reader, "beside the first writer");
            first.close();
            assertMatches(Map.of("a", a), reader, "after the first writer closed");
            try (StorageManager second = openIn(dir, Map.of())) {
                second.store("b", series(b));
                assertMatches(Map.of("a", a, "b", b), reader, "beside the second writer");
                second.append("a", series(more));
                second.delete("b");
                assertMatches(Map.of("a", concat(a, more)), reader, "after its append and delete");
            }
        } finally {
            first.close();
        }
    }

    /**
     * A reader opened while no writer runs keeps reading once the next writer opens (and tidies the files, as
     * a writer's open may) and follows it.
     */
    @Example
    default void aReaderOpenedBetweenWritersFollowsTheNext() {
        double[][] a = points(1, 1, 0, 5);
        double[][] b = points(2, 1, 0, 9);
        Path dir;
        try (StorageManager first = create()) {
            dir = storeDirectory(first);
            first.store("a", series(a));
        }
        try (StorageManager reader = reader(dir)) {
            try (StorageManager second = openIn(dir, Map.of())) {
                assertMatches(Map.of("a", a), reader, "after the next writer opened");
                second.store("b", series(b));
                second.flush();
                assertMatches(Map.of("a", a, "b", b), reader, "beside the next writer");
            }
        }
    }

    /**
     * A reader thread beside a writer thread that stores versions (and compacts): each read is a whole version
     * whose store had started by the read's end, no older than one acknowledged before it began, never older
     * than the last one read ({@link ReadModeModel#assertReaderThreadFollowsWriterThread}).
     *
     * @throws InterruptedException if interrupted while waiting for the writer
     */
    @Example
    default void aReaderThreadSeesOnlyAcknowledgedVersionsInOrder() throws InterruptedException {
        try (StorageManager writer = create(); StorageManager reader = reader(storeDirectory(writer))) {
            ReadModeModel.assertReaderThreadFollowsWriterThread(writer, reader, 6, 2000);
        }
    }

    /**
     * A reader on a store's directory, failing the check (not erring) if it cannot be opened.
     *
     * @param directory the store's directory
     * @return the open reader
     */
    private StorageManager reader(Path directory) {
        try {
            return openIn(directory, READ);
        } catch (RuntimeException e) {
            throw new AssertionError("a read-only store could not be opened on " + directory + ": " + e, e);
        }
    }

    /**
     * The directory of a writer made by {@link #create()}, failing unless the backend declares
     * {@link Capability#LIVE_READERS}.
     *
     * @param writer the writer
     * @return its directory
     */
    private Path storeDirectory(StorageManager writer) {
        assertTrue(capabilities().contains(Capability.LIVE_READERS),
                fixture().name() + " runs ReadOnlyContract but does not declare Capability.LIVE_READERS");
        return directory(writer).orElseThrow(() -> new AssertionError(
                fixture().name() + " keeps no directory: ReadOnlyContract is for stores kept in one"));
    }
}
