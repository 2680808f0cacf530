package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.tsstore.api.StorageException;

/** Who waits for whom under the store's locks. */
class StoreLocksTest {

    /** Threads of their own: the common pool may have one thread on a small machine. */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "store-locks-test");
        t.setDaemon(true);
        return t;
    });

    private final StoreLocks locks = new StoreLocks();

    /** Holds a lock in another thread until released; returns once it is held. */
    private static CountDownLatch holdIn(Runnable takeAndWait, CountDownLatch held) throws InterruptedException {
        CompletableFuture.runAsync(takeAndWait, THREADS);
        assertTrue(held.await(10, TimeUnit.SECONDS));
        return held;
    }

    /** Whether a body run in another thread gets in within a short wait. */
    private static CompletableFuture<Void> attempt(AtomicBoolean entered, Runnable body) {
        return CompletableFuture.runAsync(() -> {
            body.run();
            entered.set(true);
        }, THREADS);
    }

    @Test
    void anExclusiveBodyKeepsChangesOut() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        holdIn(() -> locks.exclusive("x", () -> {
            held.countDown();
            await(release);
        }), held);
        AtomicBoolean entered = new AtomicBoolean();
        CompletableFuture<Void> change = attempt(entered, () -> locks.change("a", () -> null));
        Thread.sleep(100);
        assertFalse(entered.get(), "a change ran during an exclusive body");
        release.countDown();
        change.get(10, TimeUnit.SECONDS);
        assertTrue(entered.get());
    }

    @Test
    void aChangeOfAnIdKeepsItsReadersOutButNotOthers() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        holdIn(() -> locks.change("a", () -> {
            held.countDown();
            await(release);
            return null;
        }), held);
        // "a" and "b" have the hash codes 97 and 98: different stripes.
        locks.read("b", () -> null);
        locks.change("b", () -> null);
        AtomicBoolean entered = new AtomicBoolean();
        CompletableFuture<Void> read = attempt(entered, () -> locks.read("a", () -> null));
        Thread.sleep(100);
        assertFalse(entered.get(), "a read ran during a change of the same id");
        release.countDown();
        read.get(10, TimeUnit.SECONDS);
    }

    @Test
    void readsOfAnIdRunTogether() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> locks.read("a", () -> {
            both.countDown();
            return awaitQuietly(both);
        }), THREADS);
        boolean second = locks.read("a", () -> {
            both.countDown();
            return awaitQuietly(both);
        });
        assertTrue(second && first.get(10, TimeUnit.SECONDS), "two readers of one id waited for each other");
    }

    @Test
    void anIoExceptionBecomesAStorageExceptionWithTheFailure() {
        IOException boom = new IOException("boom");
        StorageException e = assertThrows(StorageException.class, () -> locks.exclusive("cannot flush the store",
                () -> {
                    throw boom;
                }));
        assertEquals("cannot flush the store: java.io.IOException: boom", e.getMessage());
        assertSame(boom, e.getCause());
        assertEquals("r", locks.read("a", () -> "r"));
        assertEquals("c", locks.change("a", () -> "c"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
