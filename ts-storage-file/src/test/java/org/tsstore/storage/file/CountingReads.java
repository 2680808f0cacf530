package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ReadChannels} that counts every byte read through the channels it opens, and every file opened:
 * the store's read path, seen from outside. Mapping a file is refused, so that no read escapes the count.
 */
final class CountingReads implements ReadChannels {

    final AtomicLong bytes = new AtomicLong();
    final AtomicLong opened = new AtomicLong();

    @Override
    public FileChannel open(Path file) throws IOException {
        opened.incrementAndGet();
        return new Counting(FileChannel.open(file, StandardOpenOption.READ));
    }

    /** Bytes read since the last call, which starts the count again. */
    long take() {
        return bytes.getAndSet(0);
    }

    private final class Counting extends FileChannel {
        private final FileChannel in;

        Counting(FileChannel in) {
            this.in = in;
        }

        private int count(int n) {
            if (n > 0) {
                bytes.addAndGet(n);
            }
            return n;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return count(in.read(dst));
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            long n = in.read(dsts, offset, length);
            bytes.addAndGet(Math.max(0, n));
            return n;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return count(in.read(dst, position));
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return in.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return in.write(srcs, offset, length);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return in.write(src, position);
        }

        @Override
        public long position() throws IOException {
            return in.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            in.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return in.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            in.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            in.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            long n = in.transferTo(position, count, target);
            bytes.addAndGet(n);
            return n;
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return in.transferFrom(src, position, count);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new UnsupportedOperationException("a counted read may not map the file");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return in.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return in.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            in.close();
        }
    }
}
