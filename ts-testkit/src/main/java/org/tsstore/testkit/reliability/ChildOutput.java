package org.tsstore.testkit.reliability;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A crash child's standard output, redirected to a file and read while it grows.
 *
 * <p>A file, not a pipe: when a child is killed, the JDK's handling of the pipe's end races the thread
 * reading it, and the last lines the child wrote can be lost. Those lines announce acknowledged writes,
 * so losing one makes the harness report a healthy store as broken. A file keeps every byte the child
 * wrote before it died.
 */
final class ChildOutput implements AutoCloseable {

    private static final long DONE_LINE = 0x444f4e450aL; // "DONE\n"
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private long position;
    private int lines;
    private long tail;
    private boolean done;

    ChildOutput(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * Waits until the child has printed this many lines, has printed its last line, or has ended.
     *
     * @return {@code false} if it printed nothing new for {@code stallMillis}
     */
    boolean awaitLines(int target, Process process, long stallMillis) throws IOException {
        long lastProgress = System.nanoTime();
        while (true) {
            if (readNew()) {
                lastProgress = System.nanoTime();
            }
            if (lines >= target || done || !process.isAlive()) {
                return true;
            }
            if (System.nanoTime() - lastProgress > TimeUnit.MILLISECONDS.toNanos(stallMillis)) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private boolean readNew() throws IOException {
        boolean progress = false;
        int n;
        while ((n = channel.read(buffer.clear(), position)) > 0) {
            position += n;
            progress = true;
            for (int i = 0; i < n; i++) {
                byte b = buffer.get(i);
                if (b == '\n') {
                    lines++;
                }
                tail = ((tail << 8) | (b & 0xff)) & 0xff_ffff_ffffL;
                done |= tail == DONE_LINE;
            }
        }
        return progress;
    }

    /** Every complete line the child wrote; call once it has ended. */
    List<String> completeLines() throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : Arrays.asList(text.substring(0, end).split("\n", -1));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
