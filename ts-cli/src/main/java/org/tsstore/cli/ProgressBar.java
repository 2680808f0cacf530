package org.tsstore.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar on standard error, redrawn in place, shown only when a person watches a terminal
 * (it would be noise in a log or a pipe). Redraws at most ten times a second.
 */
final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final String label;
    private final long total;
    private long done;
    private long lastDraw;
    private boolean drawn;

    ProgressBar(Session session, String label, long total) {
        this.err = session.err();
        this.enabled = session.interactive() && total > 0;
        this.label = label;
        this.total = total;
    }

    /** Counts one more item done. */
    void step() {
        done++;
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (done == total || !drawn || now - lastDraw >= REDRAW_NANOS) {
            draw();
            lastDraw = now;
        }
    }

    private void draw() {
        int filled = (int) (WIDTH * done / total);
        err.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total);
        err.flush();
        drawn = true;
    }

    /** Clears the bar, so that the summary line that follows starts on a clean line. */
    @Override
    public void close() {
        if (enabled && drawn) {
            err.print("\r" + " ".repeat(label.length() + WIDTH + 24) + "\r");
            err.flush();
        }
    }
}
