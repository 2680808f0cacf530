package org.tsstore.testkit.reliability;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.tsstore.testkit.StoreDirectories;

/**
 * The live reader check passes the testkit's directory backend, whose readers read whole renamed files, and
 * catches each broken reader: one that serves a stale version, one that returns a torn tail, one that throws.
 */
class LiveReaderCheckTest {

    private static LiveReaderCheck.Builder check(String fault) {
        return LiveReaderCheck.builder(URI.create("testdir-live:" + StoreDirectories.newDirectory("live-" + fault)))
                .readerOption("fault", fault).seed(5L).maxPoints(200).writeMillis(800).afterKillMillis(300);
    }

    @Test
    void passesReadersOfWholeFiles() {
        LiveReaderReport report = check("none").build().run();
        assertTrue(report.found() > 0 && report.absent() > 0 && report.readsAfterKill() > 0, report::toString);
        assertTrue(report.acked() > 10, report::toString);
    }

    @Test
    void catchesAStaleReader() {
        AssertionError e = assertThrows(AssertionError.class, () -> check("stale").build().run());
        System.out.println("caught: " + e.getMessage().lines().limit(3).toList());
        assertTrue(e.getMessage().contains("older than the write acknowledged before the read began"), e::getMessage);
    }

    @Test
    void catchesATornTail() {
        AssertionError e = assertThrows(AssertionError.class, () -> check("torn").build().run());
        System.out.println("caught: " + e.getMessage().lines().limit(3).toList());
        assertTrue(e.getMessage().contains("got a torn series: point"), e::getMessage);
    }

    @Test
    void catchesAReaderThatThrows() {
        AssertionError e = assertThrows(AssertionError.class, () -> check("throws").build().run());
        System.out.println("caught: " + e.getMessage().lines().limit(3).toList());
        assertTrue(e.getMessage().contains("threw org.tsstore.api.StorageException: injected read failure"),
                e::getMessage);
    }
}
