package org.tsstore.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * A tiny persistent backend for the testkit's own tests: one file per series, named by the SHA-256 of
 * the id, written to a temporary file and renamed into place, with a CRC-32 over the file. Correct but
 * slow; {@link #persist} is the hook a broken variant overrides.
 */
class DirectoryStorageManager implements StorageManager {

    private static final int MAGIC = 0x54535431; // "TST1"

    final Path directory;
    /** id → size; the index, loaded from the files at open. Guarded by {@code this}. */
    final Map<String, Integer> index = new HashMap<>();
    private boolean closed;

    DirectoryStorageManager(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".tmp")) {
                        Files.delete(file); // a write that a crash interrupted
                    } else if (name.endsWith(".series")) {
                        try {
                            Decoded d = read(file, checksums());
                            index.put(d.id, d.series.size());
                        } catch (StorageException e) {
                            skipDamaged(file, e);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot open the store in " + directory, e);
        }
    }

    /**
     * What opening does with a file that fails its check: refuses to open, naming it. A broken variant
     * skips it instead, forgetting whose series it held.
     */
    void skipDamaged(Path file, StorageException damage) {
        throw damage;
    }

    /** Whether reads check the file's CRC; a broken variant says no. */
    boolean checksums() {
        return true;
    }

    record Decoded(String id, ArrayTimeSeries series) {}

    Path file(String id) {
        return file(directory, id);
    }

    /** The file of an id's series in a store's directory. */
    static Path file(Path directory, String id) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(SeriesIds.utf8(id));
            return directory.resolve(HexFormat.of().formatHex(hash) + ".series");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] encode(String id, ArrayTimeSeries s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 16 * s.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
            out.writeInt(MAGIC);
            out.writeInt(idBytes.length);
            out.write(idBytes);
            out.writeInt(s.size());
            for (int i = 0; i < s.size(); i++) {
                out.writeDouble(s.time(i));
            }
            for (int i = 0; i < s.size(); i++) {
                out.writeDouble(s.value(i));
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Decoded read(Path file) {
        return read(file, true);
    }

    /** Reads a series file; a broken variant skips the checksum. */
    static Decoded read(Path file, boolean checked) {
        try {
            byte[] all = Files.readAllBytes(file);
            if (all.length < 20) {
                throw new StorageException("truncated series file " + file);
            }
            CRC32 crc = new CRC32();
            crc.update(all, 0, all.length - 8);
            if (checked && crc.getValue() != ByteBuffer.wrap(all, all.length - 8, 8).getLong()) {
                throw new StorageException("checksum mismatch in " + file);
            }
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all));
            if (in.readInt() != MAGIC) {
                throw new StorageException("not a series file: " + file);
            }
            byte[] idBytes = new byte[in.readInt()];
            in.readFully(idBytes);
            int n = in.readInt();
            double[] t = new double[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = in.readDouble();
            }
            for (int i = 0; i < n; i++) {
                v[i] = in.readDouble();
            }
            return new Decoded(new String(idBytes, StandardCharsets.UTF_8), ArrayTimeSeries.of(t, v));
        } catch (IOException e) {
            throw new StorageException("cannot read " + file, e);
        }
    }

    /** Writes (or with {@code bytes == null}, deletes) a series file. */
    void persist(Path file, byte[] bytes) {
        try {
            if (bytes == null) {
                Files.deleteIfExists(file);
            } else {
                Path tmp = Files.createTempFile(directory, "write-", ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new StorageException("cannot write " + file, e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the store in " + directory + " is closed");
        }
    }

    @Override
    public synchronized SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
        checkOpen();
        SeriesIds.check(id);
        ArrayTimeSeries copy = ArrayTimeSeries.copyOf(Objects.requireNonNull(series, "series"));
        persist(file(id), encode(id, copy));
        index.put(id, copy.size());
        return copy;
    }

    @Override
    public synchronized int size(String id) {
        checkOpen();
        Integer size = index.get(SeriesIds.check(id));
        if (size == null) {
            throw new NoSuchSeriesException(id);
        }
        return size;
    }

    @Override
    public synchronized SizedContainerTimeSeries get(String id) {
        checkOpen();
        if (!index.containsKey(SeriesIds.check(id))) {
            throw new NoSuchSeriesException(id);
        }
        return load(id);
    }

    SizedContainerTimeSeries load(String id) {
        Decoded d = read(file(id), checksums());
        if (!d.id.equals(id)) {
            throw new StorageException("the file " + file(id) + " holds " + SeriesIds.quote(d.id) + ", not "
                    + SeriesIds.quote(id));
        }
        return d.series;
    }

    @Override
    public synchronized boolean contains(String id) {
        checkOpen();
        return index.containsKey(SeriesIds.check(id));
    }

    @Override
    public synchronized boolean delete(String id) {
        checkOpen();
        if (index.remove(SeriesIds.check(id)) == null) {
            return false;
        }
        persist(file(id), null);
        return true;
    }

    @Override
    public synchronized Set<String> ids() {
        checkOpen();
        return Set.copyOf(index.keySet());
    }

    @Override
    public synchronized String newId() {
        checkOpen();
        return UUID.randomUUID().toString();
    }

    @Override
    public synchronized void flush() {
        checkOpen();
    }

    @Override
    public synchronized org.tsstore.api.IntegrityReport verify() {
        checkOpen();
        return StorageManager.super.verify();
    }

    @Override
    public synchronized void compact() {
        checkOpen();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
