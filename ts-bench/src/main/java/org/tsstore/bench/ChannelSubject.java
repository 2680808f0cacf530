package org.tsstore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * The hand-written floor: one file per series holding the raw bytes, written with a {@link FileChannel} from
 * one reusable direct buffer, read back with a channel into new arrays or, with {@code mapped}, through a
 * read-only {@link MappedByteBuffer}. No index, no header, no checksum, no atomic rename: ids are the
 * benchmark's own decimal numbers, so they are used as file names directly.
 */
final class ChannelSubject implements Subject {

    private final Path dir;
    private final boolean mapped;
    private final boolean sync;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);

    ChannelSubject(Path dir, boolean mapped, boolean sync) {
        this.dir = dir;
        this.mapped = mapped;
        this.sync = sync;
    }

    private ByteBuffer buffer(int bytes) {
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(bytes);
        }
        return buffer;
    }

    @Override
    public void store(String id, double[] times, double[] values) {
        ByteBuffer b = buffer(16 * times.length);
        SeriesBytes.encode(times, values, b);
        Path file = dir.resolve(id);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (sync) {
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public void settle() {
        // every write went to the OS before store returned
    }

    @Override
    public void flush() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            // one flush after a bulk store: each file, then the directory
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
            }
            d.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync " + dir, e);
        }
    }

    private ByteBuffer read(String id) {
        Path file = dir.resolve(id);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int size = (int) ch.size();
            if (mapped) {
                return ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            }
            ByteBuffer b = buffer(size);
            b.clear().limit(size);
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    throw new IOException("short read");
                }
            }
            return b.flip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public Object get(String id) {
        ByteBuffer b = read(id);
        return mapped ? b : SeriesBytes.decode(b);
    }

    @Override
    public double getMean(String id) {
        ByteBuffer b = read(id);
        return mapped ? SeriesBytes.meanOfValues(b) : SampleSeries.mean(SeriesBytes.decode(b)[1]);
    }

    @Override
    public void close() {
        // nothing held open
    }
}
