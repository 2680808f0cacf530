package org.tsstore.storage.mmap;

import java.nio.file.Path;
import org.tsstore.api.StorageException;

/** Run in a child JVM by {@link LockTest}: tries to open a store and prints what happened. */
public final class LockProbe {

    private LockProbe() {}

    /**
     * Opens the store in {@code args[0]} and prints {@code OPENED}, or {@code REFUSED <message>}.
     *
     * @param args the store directory
     */
    public static void main(String[] args) {
        try (MmapStorageManager store = MmapStorageManager.open(Path.of(args[0]))) {
            System.out.println("OPENED " + store.ids().size());
        } catch (StorageException e) {
            System.out.println("REFUSED " + e.getMessage());
        }
    }
}
