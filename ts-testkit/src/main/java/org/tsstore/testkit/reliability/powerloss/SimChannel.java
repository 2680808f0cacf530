package org.tsstore.testkit.reliability.powerloss;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel of a {@link PowerLossFileSystem}: reads and writes go to the real file (which plays the
 * page cache), and every write, truncation and force is recorded in the log. A force is only recorded:
 * what is on the device is the state generator's business, so nothing is forced for real.
 */
final class SimChannel extends FileChannel {

    private final PowerLossFileSystem fs;
    private final FileChannel real;
    private final int inode;
    private final boolean directory;
    private final boolean syncEachWrite;

    SimChannel(PowerLossFileSystem fs, FileChannel real, int inode, boolean directory, boolean syncEachWrite) {
        this.fs = fs;
        this.real = real;
        this.inode = inode;
        this.directory = directory;
        this.syncEachWrite = syncEachWrite;
    }

    /** Closes the real channel at a power loss (which also drops its OS locks); this one stays "open". */
    void closeReal() {
        try {
            real.close();
        } catch (IOException e) {
            // the machine is off: nothing to do about it
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        fs.checkRunning();
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        fs.checkRunning();
        return real.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        fs.checkRunning();
        return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        synchronized (fs) {
            fs.beginChange();
            ByteBuffer copy = src.duplicate();
            int n = real.write(src);
            recordWrite(real.position() - n, copy, n);
            return n;
        }
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        synchronized (fs) {
            fs.beginChange();
            ByteBuffer copy = src.duplicate();
            int n = real.write(src, position);
            recordWrite(position, copy, n);
            return n;
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            while (srcs[i].hasRemaining()) {
                total += write(srcs[i]);
            }
        }
        return total;
    }

    private void recordWrite(long offset, ByteBuffer copy, int n) throws IOException {
        if (n <= 0) {
            return;
        }
        byte[] bytes = new byte[n];
        copy.get(bytes);
        fs.record(new FsOp.Write(inode, offset, bytes));
        if (syncEachWrite) {
            fs.beginChange();
            fs.record(new FsOp.Force(inode));
        }
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        fs.checkRunning();
        return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        synchronized (fs) {
            if (size >= real.size()) {
                real.truncate(size); // changes nothing but the position
                return this;
            }
            fs.beginChange();
            real.truncate(size);
            fs.record(new FsOp.Truncate(inode, size));
            return this;
        }
    }

    @Override
    public void force(boolean metaData) throws IOException {
        synchronized (fs) {
            fs.beginChange();
            fs.record(directory ? new FsOp.ForceDirectory(inode) : new FsOp.Force(inode));
        }
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Math.max(count, 1), 1 << 16));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            int n = read(buffer, position + done);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
            done += n;
        }
        return done;
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Math.max(count, 1), 1 << 16));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            int n = src.read(buffer);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                done += write(buffer, position + done);
            }
        }
        return done;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        fs.checkRunning();
        if (mode == MapMode.READ_WRITE) {
            throw new IOException("the power-loss file system cannot record writes through a mapping: map "
                    + fs.nameOf(inode) + " READ_ONLY, and write through the channel");
        }
        // Reads through the mapping see the real file: the page cache, as on a real machine.
        return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        fs.checkRunning();
        return new SimLock(this, real.lock(position, size, shared));
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        fs.checkRunning();
        FileLock lock = real.tryLock(position, size, shared);
        return lock == null ? null : new SimLock(this, lock);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        try {
            real.close();
        } finally {
            fs.closed(this);
        }
    }

    /** A lock on the real file, handed out as a lock of this channel. */
    private static final class SimLock extends FileLock {
        private final FileLock real;

        SimLock(SimChannel channel, FileLock real) {
            super(channel, real.position(), real.size(), real.isShared());
            this.real = real;
        }

        @Override
        public boolean isValid() {
            return real.isValid();
        }

        @Override
        public void release() throws IOException {
            real.release();
        }
    }
}
