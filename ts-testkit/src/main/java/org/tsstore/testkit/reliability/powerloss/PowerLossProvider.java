package org.tsstore.testkit.reliability.powerloss;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The provider of one {@link PowerLossFileSystem}: every call goes to the real file system, and every
 * change under the simulated directory is recorded first ({@link PowerLossFileSystem#beginChange}) and
 * logged once it succeeded. Not installed: its paths come only from {@link PowerLossFileSystem#root()}.
 */
final class PowerLossProvider extends FileSystemProvider {

    static final String SCHEME = "powerloss";

    private final PowerLossFileSystem fs;

    PowerLossProvider(PowerLossFileSystem fs) {
        this.fs = fs;
    }

    private Path real(Path p) {
        return SimPath.unwrap(fs, p);
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("make one with PowerLossFileSystem.over(directory)");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new FileSystemNotFoundException("power-loss file systems are not installed: " + uri);
    }

    @Override
    public Path getPath(URI uri) {
        throw new FileSystemNotFoundException("power-loss file systems are not installed: " + uri);
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        Path file = real(path);
        if (options.contains(StandardOpenOption.DELETE_ON_CLOSE)) {
            throw new UnsupportedOperationException("the power-loss file system does not simulate DELETE_ON_CLOSE");
        }
        boolean sync = options.contains(StandardOpenOption.SYNC) || options.contains(StandardOpenOption.DSYNC);
        Set<OpenOption> opts = new java.util.HashSet<>(options);
        opts.remove(StandardOpenOption.SYNC); // forces are only recorded, never done
        opts.remove(StandardOpenOption.DSYNC);
        boolean writable = opts.contains(StandardOpenOption.WRITE) || opts.contains(StandardOpenOption.APPEND);
        synchronized (fs) {
            fs.checkRunning();
            boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
            boolean creates = writable && !exists && (opts.contains(StandardOpenOption.CREATE)
                    || opts.contains(StandardOpenOption.CREATE_NEW));
            boolean truncates = writable && exists && opts.contains(StandardOpenOption.TRUNCATE_EXISTING)
                    && !opts.contains(StandardOpenOption.CREATE_NEW) && Files.size(file) > 0;
            if (creates) {
                int parent = fs.directoryInode(file.getParent());
                fs.beginChange();
                FileChannel ch = FileChannel.open(file, opts, attrs);
                int inode = fs.linked(file, parent, false);
                return fs.opened(new SimChannel(fs, ch, inode, false, sync));
            }
            if (!exists) {
                throw new java.nio.file.NoSuchFileException(path.toString());
            }
            int inode = fs.knownInode(file, writable);
            if (truncates) {
                fs.beginChange();
            }
            FileChannel ch = FileChannel.open(file, opts, attrs);
            if (truncates) {
                fs.record(new FsOp.Truncate(inode, 0));
            }
            return fs.opened(new SimChannel(fs, ch, inode, Files.isDirectory(file), sync));
        }
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        fs.checkRunning();
        DirectoryStream<Path> entries = Files.newDirectoryStream(real(dir));
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> it = entries.iterator();
                return new Iterator<>() {
                    private Path next = advance();

                    private Path advance() {
                        while (it.hasNext()) {
                            Path p = new SimPath(fs, it.next());
                            try {
                                if (filter.accept(p)) {
                                    return p;
                                }
                            } catch (IOException e) {
                                throw new java.nio.file.DirectoryIteratorException(e);
                            }
                        }
                        return null;
                    }

                    @Override
                    public boolean hasNext() {
                        return next != null;
                    }

                    @Override
                    public Path next() {
                        if (next == null) {
                            throw new java.util.NoSuchElementException();
                        }
                        Path p = next;
                        next = advance();
                        return p;
                    }
                };
            }

            @Override
            public void close() throws IOException {
                entries.close();
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        Path d = real(dir);
        synchronized (fs) {
            fs.checkRunning();
            if (Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.FileAlreadyExistsException(dir.toString());
            }
            int parent = fs.directoryInode(d.getParent());
            fs.beginChange();
            Files.createDirectory(d, attrs);
            fs.linked(d, parent, true);
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        Path p = real(path);
        synchronized (fs) {
            fs.checkRunning();
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.NoSuchFileException(path.toString());
            }
            int inode = fs.knownInode(p, true);
            int parent = fs.directoryInode(p.getParent());
            fs.beginChange();
            Files.delete(p);
            fs.unlinked(p, parent, inode);
        }
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        boolean replace = Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING);
        if (Files.exists(real(target), LinkOption.NOFOLLOW_LINKS)) {
            if (!replace) {
                throw new java.nio.file.FileAlreadyExistsException(target.toString());
            }
            delete(target);
        }
        try (FileChannel in = newFileChannel(source, Set.of(StandardOpenOption.READ));
                FileChannel out = newFileChannel(target, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            long size = in.size();
            long done = 0;
            while (done < size) {
                long n = in.transferTo(done, size - done, out);
                if (n <= 0) {
                    break;
                }
                done += n;
            }
        }
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        Path from = real(source);
        Path to = real(target);
        synchronized (fs) {
            fs.checkRunning();
            if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("the power-loss file system does not rename directories: " + source);
            }
            int inode = fs.knownInode(from, true);
            int fromDir = fs.directoryInode(from.getParent());
            int toDir = fs.directoryInode(to.getParent());
            fs.beginChange();
            Files.move(from, to, options);
            fs.renamed(from, fromDir, to, toDir, inode);
        }
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        fs.checkRunning();
        return Files.isSameFile(real(path), real(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        fs.checkRunning();
        return Files.isHidden(real(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        fs.checkRunning();
        return Files.getFileStore(real(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        fs.checkRunning();
        Path p = real(path);
        p.getFileSystem().provider().checkAccess(p, modes);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        return Files.getFileAttributeView(real(path), type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        fs.checkRunning();
        return Files.readAttributes(real(path), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        fs.checkRunning();
        return Files.readAttributes(real(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        throw new IOException("the power-loss file system does not simulate attribute changes: " + attribute
                + " of " + path);
    }
}
