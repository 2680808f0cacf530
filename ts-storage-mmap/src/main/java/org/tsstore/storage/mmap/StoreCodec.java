package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.tsstore.api.StorageException;
import org.tsstore.core.backend.DirectorySync;

/**
 * Which codec a store holds its points in: a compressed store has the file {@value #FILE} holding
 * {@code compressed} (FORMAT.md, "Compressed stores"); a store without it is raw. Opening a store with the other
 * codec is refused, naming the codec it holds, because the records of each read as garbage through the other.
 */
final class StoreCodec {

    /** The marker's name in the store directory. */
    static final String FILE = "codec";

    private static final String COMPRESSED = "compressed";

    private StoreCodec() {}

    /**
     * Refuses a store that holds the other codec than {@code compressed} says.
     *
     * @throws IllegalArgumentException naming the directory and the codec it holds
     * @throws StorageException if the marker cannot be read
     */
    static void check(Path directory, boolean compressed) {
        boolean marked = marked(directory);
        if (marked && !compressed) {
            throw new IllegalArgumentException("the mmap store " + directory + " holds compressed series (its file "
                    + FILE + " says codec=compressed): open it with the option codec=compressed");
        }
    }

    /** Whether the directory holds the compressed marker (with anything else in it, it is refused). */
    static boolean marked(Path directory) {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            return false;
        }
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!text.equals(COMPRESSED)) {
                throw new StorageException("the codec file " + file + " holds " + text + ", not " + COMPRESSED);
            }
            return true;
        } catch (IOException e) {
            throw new StorageException("cannot read the codec file " + file + ": " + e, e);
        }
    }

    /** Marks a store compressed: written whole to a temporary file, renamed into place, the directory forced. */
    static void mark(Path directory) {
        Path file = directory.resolve(FILE);
        Path tmp = directory.resolve(FILE + ".tmp");
        try {
            Files.writeString(tmp, COMPRESSED + "\n", StandardCharsets.US_ASCII);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            DirectorySync.force(directory);
        } catch (IOException e) {
            throw new StorageException("cannot write the codec file " + file + ": " + e, e);
        }
    }
}
