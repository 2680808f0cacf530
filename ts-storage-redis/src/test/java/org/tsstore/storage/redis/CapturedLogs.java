package org.tsstore.storage.redis;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every log record of the JVM while open (System.Logger goes to java.util.logging), at every level,
 * formatted with its exception, so that a test can look for a secret in all of it; but for the JDK's own
 * record of each process started (JDK 24 and later log them), which holds the test servers' command lines,
 * passwords included, by the tests' own doing.
 */
final class CapturedLogs extends Handler implements AutoCloseable {

    /** The JDK's logger of {@code ProcessBuilder.start}. */
    private static final String PROCESS_START = "java.lang.ProcessBuilder";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Logger ours = Logger.getLogger("org.tsstore");
    private final Level rootLevel = root.getLevel();
    private final Level oursLevel = ours.getLevel();

    CapturedLogs() {
        setLevel(Level.ALL);
        setFormatter(new SimpleFormatter());
        root.addHandler(this);
        root.setLevel(Level.ALL);
        ours.setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord record) {
        if (PROCESS_START.equals(record.getLoggerName()) || PROCESS_START.equals(record.getSourceClassName())) {
            return;
        }
        StringWriter text = new StringWriter();
        text.append(getFormatter().format(record));
        if (record.getThrown() != null) {
            record.getThrown().printStackTrace(new PrintWriter(text));
        }
        lines.add(text.toString());
    }

    /** Everything logged so far. */
    String text() {
        return String.join("", lines);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    void clear() {
        lines.clear();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        root.removeHandler(this);
        root.setLevel(rootLevel);
        ours.setLevel(oursLevel);
    }
}
