package org.tsstore.testkit.reliability.powerloss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tsstore.core.backend.DirectorySync;
import org.tsstore.testkit.StoreDirectories;

/** The simulated file system: what it records, what it refuses, and how it loses the power. */
class PowerLossFileSystemTest {

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private static List<String> described(FsLog log) {
        return IntStream.range(log.initial(), log.size()).mapToObj(log::describe).collect(Collectors.toList());
    }

    @Test
    void recordsEveryChangeInOrder() throws IOException {
        PowerLossFileSystem fs = PowerLossFileSystem.over(StoreDirectories.newDirectory("plfs"));
        Path root = fs.root();
        Files.createDirectories(root.resolve("d"));
        try (FileChannel ch = FileChannel.open(root.resolve("d/a.tmp"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(HELLO));
            ch.write(ByteBuffer.wrap(HELLO), 10);
            ch.truncate(12);
            ch.force(true);
        }
        Files.move(root.resolve("d/a.tmp"), root.resolve("d/a"), StandardCopyOption.ATOMIC_MOVE);
        DirectorySync.force(root.resolve("d"));
        Files.write(root.resolve("b"), HELLO);
        Files.copy(root.resolve("b"), root.resolve("c"));
        Files.delete(root.resolve("b"));
        assertEquals(List.of("#1 mkdir d", "#2 create d/a.tmp", "#3 write d/a.tmp [0, 5)", "#4 write d/a.tmp [10, 15)",
                "#5 truncate d/a.tmp to 12", "#6 force d/a.tmp", "#7 rename d/a.tmp -> d/a", "#8 force directory d",
                "#9 create b", "#10 write b [0, 5)", "#11 create c", "#12 write c [0, 5)", "#13 delete b"),
                described(fs.log()));
        assertEquals(13, fs.changes());
        // replayed in full, the log gives what the real directory holds
        assertEquals(List.of(), PowerLossStates.everything(fs.log()).differences(PowerLossState.read(fs.realRoot())));
        assertEquals(List.of("c", "d/a"), new ArrayList<>(PowerLossState.read(fs.realRoot()).files().keySet()));
    }

    @Test
    void readsAndMappingsSeeTheWrites() throws IOException {
        PowerLossFileSystem fs = PowerLossFileSystem.over(StoreDirectories.newDirectory("plfs"));
        Path f = fs.root().resolve("f");
        Files.write(f, HELLO);
        assertArrayEquals(HELLO, Files.readAllBytes(f));
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, 5);
            assertEquals('h', map.get(0));
        }
        try (var entries = Files.list(fs.root())) {
            assertEquals(List.of(f), entries.collect(Collectors.toList()));
        }
    }

    @Test
    void theStartingStateIsDurable() throws IOException {
        Path dir = StoreDirectories.newDirectory("plfs");
        Files.createDirectories(dir.resolve("x/y"));
        Files.write(dir.resolve("x/y/z"), HELLO);
        Files.write(dir.resolve("empty"), new byte[0]);
        PowerLossFileSystem fs = PowerLossFileSystem.over(dir);
        FsLog log = fs.log();
        assertEquals(log.size(), log.initial(), "nothing changed yet");
        assertEquals(List.of(), PowerLossStates.durable(log).differences(PowerLossState.read(dir)));
        // a write to a file that was there at the start is recorded against its inode
        Files.write(fs.root().resolve("x/y/z"), "HELLO".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("#" + log.size() + " truncate x/y/z to 0", "#" + (log.size() + 1) + " write x/y/z [0, 5)"),
                described(fs.log()));
        assertArrayEquals(HELLO, PowerLossStates.durable(fs.log()).files().get("x/y/z"));
    }

    @Test
    void cutsThePowerAtTheChangeItWasToldAndRefusesEverythingAfter() throws IOException {
        PowerLossFileSystem fs = PowerLossFileSystem.over(StoreDirectories.newDirectory("plfs"));
        fs.crashAfter(2); // the create and one write happen; the second write fails
        FileChannel ch = FileChannel.open(fs.root().resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.write(ByteBuffer.wrap(HELLO));
        IOException e = assertThrows(IOException.class, () -> ch.write(ByteBuffer.wrap(HELLO)));
        assertTrue(e.getMessage().contains("power loss"), e::getMessage);
        assertTrue(fs.frozen());
        assertThrows(IOException.class, () -> ch.force(true));
        assertThrows(IOException.class, () -> Files.readAllBytes(fs.root().resolve("f")));
        assertThrows(IOException.class, () -> Files.createDirectory(fs.root().resolve("d")));
        FsLog log = fs.freeze();
        assertEquals(List.of("#1 create f", "#2 write f [0, 5)"), described(log));
        assertArrayEquals(HELLO, Files.readAllBytes(fs.realRoot().resolve("f")), "the real file has the first write only");
        assertThrows(IllegalStateException.class, fs::freeze, "the log is handed out once");
    }

    @Test
    void freezingClosesTheRealChannelsAndReleasesTheirLocks() throws IOException {
        PowerLossFileSystem fs = PowerLossFileSystem.over(StoreDirectories.newDirectory("plfs"));
        FileChannel ch = FileChannel.open(fs.root().resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        assertNotNull(ch.tryLock());
        fs.freeze();
        try (FileChannel other = FileChannel.open(fs.realRoot().resolve("lock"), StandardOpenOption.WRITE)) {
            FileLock lock = other.tryLock();
            assertNotNull(lock, "the abandoned store's lock is gone with the power");
            lock.release();
        }
    }

    @Test
    void refusesWhatItCannotRecord() throws IOException {
        Path outside = StoreDirectories.newDirectory("plfs-outside");
        PowerLossFileSystem fs = PowerLossFileSystem.over(StoreDirectories.newDirectory("plfs"));
        Path f = fs.root().resolve("f");
        Files.write(f, HELLO);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            assertThrows(IOException.class, () -> ch.map(FileChannel.MapMode.READ_WRITE, 0, 5));
        }
        assertThrows(UnsupportedOperationException.class, f::toFile);
        assertThrows(IOException.class, () -> Files.write(fs.getPath(outside.toString(), "x"), HELLO));
        assertThrows(java.nio.file.ProviderMismatchException.class, () -> f.resolve(outside));
        Files.createDirectory(fs.root().resolve("d"));
        assertThrows(IOException.class, () -> Files.move(fs.root().resolve("d"), fs.root().resolve("e")));
        assertThrows(NoSuchFileException.class, () -> Files.readAllBytes(fs.root().resolve("missing")));
        assertEquals(false, Files.deleteIfExists(fs.root().resolve("missing")));
        long before = fs.changes();
        Files.createDirectories(fs.root().resolve("d")); // exists: no change
        assertEquals(before, fs.changes());
    }
}
