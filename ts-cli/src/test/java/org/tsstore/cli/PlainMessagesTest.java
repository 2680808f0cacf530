package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlainMessagesTest {

    @Test
    void javaClassNamesBecomeWordsOrGo() {
        assertEquals("file exists: afile", PlainMessages.of("FileAlreadyExistsException: afile"));
        assertEquals("cannot open the mmap store /d read-only: permission denied: /d/lock",
                PlainMessages.of("cannot open the mmap store /d read-only: java.nio.file.AccessDeniedException: /d/lock"));
        assertEquals("cannot read x: Input/output error",
                PlainMessages.of("cannot read x: java.io.IOException: Input/output error"));
        assertEquals("a b", PlainMessages.of("a\n  b"));
    }

    @Test
    void idsThatLookLikeClassNamesStay() {
        assertEquals("no series with id \"SensorError\"", PlainMessages.of("no series with id \"SensorError\""));
        assertEquals("removed MyException/1 from x", PlainMessages.of("removed MyException/1 from x"));
    }

    @Test
    void unexpectedFailuresSayNoClassName() {
        assertEquals("unexpected failure: boom", ErrorReporter.describe(new NullPointerException("boom")));
        assertEquals("unexpected failure", ErrorReporter.describe(new NullPointerException()));
    }
}
