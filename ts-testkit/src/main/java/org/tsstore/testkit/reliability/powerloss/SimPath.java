package org.tsstore.testkit.reliability.powerloss;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Objects;

/** A path of a {@link PowerLossFileSystem}: a real path of the default file system, seen through the simulation. */
final class SimPath implements Path {

    final PowerLossFileSystem fs;
    final Path real;

    SimPath(PowerLossFileSystem fs, Path real) {
        this.fs = fs;
        this.real = real;
    }

    /** The real path behind a path of this file system. */
    static Path unwrap(PowerLossFileSystem fs, Path p) {
        Objects.requireNonNull(p, "path");
        if (!(p instanceof SimPath s) || s.fs != fs) {
            throw new ProviderMismatchException("not a path of " + fs + ": " + p + " (" + p.getClass().getName() + ")");
        }
        return s.real;
    }

    private SimPath wrap(Path p) {
        return p == null ? null : new SimPath(fs, p);
    }

    @Override
    public FileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return real.isAbsolute();
    }

    @Override
    public Path getRoot() {
        return wrap(real.getRoot());
    }

    @Override
    public Path getFileName() {
        return wrap(real.getFileName());
    }

    @Override
    public Path getParent() {
        return wrap(real.getParent());
    }

    @Override
    public int getNameCount() {
        return real.getNameCount();
    }

    @Override
    public Path getName(int index) {
        return wrap(real.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return wrap(real.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        return other instanceof SimPath s && s.fs == fs && real.startsWith(s.real);
    }

    @Override
    public boolean endsWith(Path other) {
        return other instanceof SimPath s && s.fs == fs && real.endsWith(s.real);
    }

    @Override
    public Path normalize() {
        return wrap(real.normalize());
    }

    @Override
    public Path resolve(Path other) {
        return wrap(real.resolve(unwrap(fs, other)));
    }

    @Override
    public Path relativize(Path other) {
        return wrap(real.relativize(unwrap(fs, other)));
    }

    @Override
    public URI toUri() {
        return URI.create(PowerLossProvider.SCHEME + ":" + real.toAbsolutePath().toUri().getRawPath());
    }

    @Override
    public Path toAbsolutePath() {
        return wrap(real.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        fs.checkRunning();
        return wrap(real.toRealPath(options));
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("the power-loss file system does not watch directories");
    }

    @Override
    public int compareTo(Path other) {
        return real.compareTo(unwrap(fs, other));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimPath s && s.fs == fs && s.real.equals(real);
    }

    @Override
    public int hashCode() {
        return real.hashCode() * 31 + System.identityHashCode(fs);
    }

    @Override
    public String toString() {
        return real.toString();
    }
}
