package org.tsstore.storage.file;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.tsstore.api.StorageException;

/**
 * The store's locks, taken in one order in one place: the state lock, shared by every change and
 * exclusive for folding the journal, flushing, compacting and closing; then an id's striped read-write
 * lock ({@link IdLocks}), exclusive for a store, append or delete of the id (of every id, for a batch)
 * and shared for reading it.
 */
final class StoreLocks {

    /** A body that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface IoBody {
        void run() throws IOException;
    }

    private final ReentrantReadWriteLock state = new ReentrantReadWriteLock();
    private final IdLocks ids = new IdLocks(256);

    /** Runs a store or delete of an id: the state lock shared, the id's lock exclusive. */
    <T> T change(String id, Supplier<T> body) {
        Lock shared = state.readLock();
        shared.lock();
        try {
            return holding(ids.of(id).writeLock(), body);
        } finally {
            shared.unlock();
        }
    }

    /**
     * Runs a change of several ids: the state lock shared, then every id's lock exclusive, taken in stripe
     * order so that two batches never wait for each other in a circle.
     */
    <T> T changeAll(Collection<String> changed, Supplier<T> body) {
        Lock shared = state.readLock();
        shared.lock();
        List<Lock> held = new ArrayList<>();
        try {
            for (ReadWriteLock l : ids.ofAll(changed)) {
                Lock w = l.writeLock();
                w.lock();
                held.add(w);
            }
            return body.get();
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
            shared.unlock();
        }
    }

    /** Runs a read of an id under the id's shared lock; folds and other ids' changes go on. */
    <T> T read(String id, Supplier<T> body) {
        return holding(ids.of(id).readLock(), body);
    }

    /**
     * Runs a body with the state lock exclusive, turning an {@link IOException} into a
     * {@link StorageException} whose message is {@code failure}, a colon and the exception.
     */
    void exclusive(String failure, IoBody body) {
        Lock exclusive = state.writeLock();
        exclusive.lock();
        try {
            body.run();
        } catch (IOException e) {
            throw new StorageException(failure + ": " + e, e);
        } finally {
            exclusive.unlock();
        }
    }

    /** A body that returns a value and may fail with an {@link IOException}. */
    @FunctionalInterface
    interface IoSupplier<T> {
        T get() throws IOException;
    }

    /**
     * Runs a body with the state lock and every id's lock exclusive, so that not even a reader runs beside
     * it; an {@link IOException} becomes a {@link StorageException} as in {@link #exclusive}.
     */
    <T> T everything(String failure, IoSupplier<T> body) {
        Lock exclusive = state.writeLock();
        exclusive.lock();
        List<Lock> held = new ArrayList<>();
        try {
            for (ReadWriteLock l : ids.all()) {
                Lock w = l.writeLock();
                w.lock();
                held.add(w);
            }
            return body.get();
        } catch (IOException e) {
            throw new StorageException(failure + ": " + e, e);
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
            exclusive.unlock();
        }
    }

    private static <T> T holding(Lock lock, Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }
}
