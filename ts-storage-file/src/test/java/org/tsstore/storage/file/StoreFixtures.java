package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.tsstore.core.ArrayTimeSeries;

/** Builds the states a crash leaves behind, by hand, and captures what the store logs. */
final class StoreFixtures {

    private static final IoBuffers BUFFERS = new IoBuffers(1);

    private StoreFixtures() {}

    static ArrayTimeSeries series(int n, double base) {
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 0.5 - 3;
            v[i] = base + i * (i % 3 == 0 ? -1.25 : 2.5);
        }
        return ArrayTimeSeries.of(t, v);
    }

    /** Writes a series file the way a store does (to any path), returning the entry a store would journal. */
    static IndexEntry writeFile(Path file, ArrayTimeSeries s) throws IOException {
        Files.createDirectories(file.getParent());
        IoBuffers.IoBuffer io = BUFFERS.take();
        try {
            SeriesFileWriter.Written w = SeriesFileWriter.write(file, s, io, false);
            return new IndexEntry(s.size(), w.fileBytes(), w.crc());
        } finally {
            BUFFERS.give(io);
        }
    }

    /** Opens the journal of a closed store for appending after what it holds. */
    static Journal appendTo(Path dir) throws IOException {
        Path file = dir.resolve(Journal.FILE_NAME);
        Journal.Contents c = Journal.read(file);
        return Journal.open(file, c.goodBytes(), c.records().size(), c.generation(), false);
    }

    /**
     * Sets a journal's witness back to an earlier end, as a crash between writing a record and witnessing it
     * leaves it: the bytes after that end are then a write in flight, which a cut may tear.
     */
    static void unwitness(Path journal, long end) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(journal,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer generation = java.nio.ByteBuffer.allocate(8);
            ch.read(generation, 8);
            long g = generation.flip().getLong();
            java.nio.ByteBuffer w = java.nio.ByteBuffer.allocate(12);
            w.putLong(end).putInt(Journal.witnessCrc(g, end)).flip();
            ch.write(w, Journal.WITNESS_AT);
        }
    }

    /** Records everything the file backend logs while open. */
    static final class LogCapture extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger(FileStorageManager.class.getName());
        final List<LogRecord> records = new ArrayList<>();

        LogCapture() {
            logger.addHandler(this);
        }

        @Override
        public synchronized void publish(LogRecord r) {
            records.add(r);
        }

        synchronized boolean logged(java.util.logging.Level level, String... parts) {
            for (LogRecord r : records) {
                String m = r.getMessage();
                boolean all = r.getLevel().equals(level);
                for (String p : parts) {
                    all &= m.contains(p);
                }
                if (all) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
