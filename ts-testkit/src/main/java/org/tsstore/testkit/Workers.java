package org.tsstore.testkit;

import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Threads that start together on one signal, for the concurrency checks. */
final class Workers {

    /** The work of one thread, given its number. */
    interface Work {
        void run(int thread) throws Exception;
    }

    private Workers() {}

    /**
     * Runs {@code work} on {@code threads} threads released at once and waits for all of them; a thread that
     * throws, or a run that does not end within five minutes (a deadlock), adds a violation.
     *
     * @return {@code false} if the threads did not finish
     */
    static boolean runTogether(int threads, Work work, Collection<String> violations) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.execute(() -> {
                    try {
                        go.await();
                        work.run(thread);
                    } catch (Throwable e) {
                        violations.add("thread " + thread + " failed: " + e);
                    }
                });
            }
            go.countDown();
        } finally {
            pool.shutdown();
        }
        // A liveness guard, not a speed check: only a deadlock takes this long.
        if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            violations.add("the threads did not finish within five minutes: a deadlock?");
            return false;
        }
        return true;
    }
}
