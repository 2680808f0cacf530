package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.core.backend.ReadOnlyStorageManager;

/**
 * An mmap store opened with {@code mode=read}: beside a live writer (in another process or this one) it takes no
 * lock, writes nothing in the directory and refuses every write ({@link ReadOnlyStorageManager}; {@link #flush()}
 * has nothing to force and returns).
 *
 * <p>It serves what the writer acknowledged: the records up to each segment's witnessed end, read by
 * {@link Recovery} in its read-only form (FORMAT.md, "Reading a store"), with every record's checksums checked
 * on its first read as the writer's store does. It follows the writer <b>on each call</b>: every read first
 * checks whether the store changed (the witness of the newest segment and of any segment holding records not
 * acknowledged when it was read, and whether a record now follows the newest segment's last one: two 4-byte
 * reads, through the mapping where that is safe; BENCHMARKS.md gives the cost) and reads the store again when
 * it did. Series returned before keep their mapping, even of a segment a compaction deleted since. Thread-safe.
 */
final class ReadOnlyStore extends ReadOnlyStorageManager {

    /** How often a read of the store starts again because a compaction deleted a segment it had listed. */
    private static final int OPEN_TRIES = 20;
    private static final Pattern SEGMENT_NAME = Pattern.compile("\\d{10}\\.seg");

    /** The store as one read of it found it. Immutable but for the key directory's verified marks. */
    private static final class View {
        final KeyDirectory keys;
        final DamagePolicy damage;
        final List<Segment> segments;
        /** The newest segment, or {@code null} in a store without segments. */
        final Segment newest;
        /** The witness of each segment that a change would move: the newest, and those with bytes after it. */
        final Map<Segment, Integer> watched;

        View(Recovery.State state) {
            keys = state.keys;
            damage = new DamagePolicy(state.frontier, state.damagedIds, state.deletedAfter);
            segments = state.segments;
            newest = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            Map<Segment, Integer> w = new HashMap<>();
            for (Segment s : state.unwitnessed) {
                w.put(s, state.witnesses.getOrDefault(s, 0));
            }
            if (newest != null) {
                w.put(newest, state.witnesses.getOrDefault(newest, 0));
            }
            watched = Map.copyOf(w);
        }
    }

    private final Path directory;
    private final MmapConfig config;
    private final Object reading = new Object();
    private volatile View view;
    private volatile boolean closed;

    private ReadOnlyStore(Path directory, MmapConfig config) throws IOException {
        super("the mmap store " + directory);
        this.directory = directory;
        this.config = config;
        this.view = load();
    }

    /**
     * Opens an existing store read-only.
     *
     * @throws StorageException if the directory does not exist (nothing is created) or the store cannot be read
     */
    static ReadOnlyStore open(Path directory, MmapConfig config) {
        if (!Files.isDirectory(directory)) {
            throw new StorageException("cannot open the mmap store " + directory + " read-only (mode=read): no such"
                    + " directory; a read-only store is never created");
        }
        try {
            return new ReadOnlyStore(directory, config);
        } catch (IOException e) {
            throw new StorageException("cannot open the mmap store " + directory + " read-only: " + e, e);
        }
    }

    /**
     * Reads the store. A listing taken while a compaction renames copies into place and deletes old segments may
     * show some of either, so the segments are listed again after the read, which is kept only when that listing
     * shows no segment the read missed (newer segments, which the writer started since, and segments deleted
     * since, which the read still holds open, are no reason to read again).
     */
    private View load() throws IOException {
        IOException last = null;
        for (int i = 0; i < OPEN_TRIES; i++) {
            try {
                View v = new View(Recovery.run(directory, config));
                if (!missedSegments(v)) {
                    return v;
                }
                for (Segment s : v.segments) {
                    s.retire();
                }
            } catch (NoSuchFileException gone) {
                last = gone; // a compaction deleted a segment listed a moment ago: list again
            }
        }
        throw new IOException("its segments kept changing while it was read", last);
    }

    /** The store as it is now: the last read of it, unless the writer changed it since. */
    private View current() {
        if (closed) {
            throw new IllegalStateException("the mmap store " + directory + " (read-only) is closed");
        }
        View v = view;
        if (!changed(v)) {
            return v;
        }
        synchronized (reading) {
            if (view != v) {
                return view; // another thread read it again meanwhile
            }
            try {
                View fresh = load();
                view = fresh;
                for (Segment s : v.segments) {
                    s.retire(); // views of it keep their windows; a read still using it starts again
                }
                return fresh;
            } catch (IOException e) {
                throw new StorageException("cannot read the mmap store " + directory + " again: " + e, e);
            }
        }
    }

    /** Whether a writer changed the store since {@code v} was read. */
    private boolean changed(View v) {
        try {
            for (Map.Entry<Segment, Integer> w : v.watched.entrySet()) {
                if (readInt(w.getKey(), RecordFormat.WITNESS_OFFSET) != w.getValue()) {
                    return true;
                }
            }
            if (v.newest == null || v.newest.sealed || v.newest.damaged) {
                return listingChanged(v); // the writer starts a segment of its own: only a listing shows it
            }
            // a record (a seal too: the writer does not witness seals) after the last one read
            return readInt(v.newest, v.newest.end) == RecordFormat.RECORD_MAGIC;
        } catch (IOException | SegmentRetiredException e) {
            return true; // read the store again, which reports what is wrong
        }
    }

    /**
     * The 4 bytes at {@code position}, little-endian. Through the mapping (the page cache, so the writer's writes
     * show at once, in nanoseconds) when the file reached past them when it was read and the byte before them is
     * on the same page: no writer cuts a segment short of its complete records, so that page stays in the file
     * (a mapped page wholly past the end of the file would fault). Else through the channel (about a microsecond).
     */
    private static int readInt(Segment s, long position) throws IOException, SegmentRetiredException {
        if (position + 4 <= s.capacity && (position & 4095) != 0) {
            byte[] b = new byte[4];
            s.read(position, b, 4);
            return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
        }
        ByteBuffer four = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        int n = 0;
        while (four.hasRemaining()) {
            int r = s.readAt(four, position + n);
            if (r < 0) {
                return 0; // past the end of the file
            }
            n += r;
        }
        return four.getInt(0);
    }

    private boolean missedSegments(View v) throws IOException {
        if (v.newest == null) {
            return false;
        }
        Set<Path> read = new HashSet<>();
        for (Segment s : v.segments) {
            read.add(s.path);
        }
        try (var stream = Files.newDirectoryStream(directory, "??????????.seg")) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (SEGMENT_NAME.matcher(name).matches() && !read.contains(p)
                        && name.compareTo(v.newest.path.getFileName().toString()) < 0) { // ten digits: by number
                    return true;
                }
            }
        }
        return false;
    }

    private boolean listingChanged(View v) throws IOException {
        List<Path> now = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(directory, "??????????.seg")) {
            stream.forEach(p -> {
                if (SEGMENT_NAME.matcher(p.getFileName().toString()).matches()) {
                    now.add(p);
                }
            });
        }
        List<Path> before = new ArrayList<>();
        for (Segment s : v.segments) {
            before.add(s.path);
        }
        return !Set.copyOf(now).equals(Set.copyOf(before));
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        while (true) {
            View v = current();
            KeyDirectory.Entry e = stored(v, id);
            try {
                return MmapStorageManager.read(v.keys, e, config.verifyReads);
            } catch (SegmentRetiredException retired) {
                continue; // read again meanwhile: the new view has it
            } catch (IOException ex) {
                throw new StorageException("cannot read series " + SeriesIds.quote(id) + " from " + e.segment
                        + " at offset " + e.offset() + ": " + ex, ex);
            }
        }
    }

    private static KeyDirectory.Entry stored(View v, String id) {
        SeriesIds.check(id);
        KeyDirectory.Entry e = v.damage.lookup(v.keys, id);
        if (e == null) {
            throw new NoSuchSeriesException(id);
        }
        return e;
    }

    @Override
    public int size(String id) {
        return stored(current(), id).size;
    }

    @Override
    public boolean contains(String id) {
        View v = current();
        SeriesIds.check(id);
        return v.damage.lookup(v.keys, id) != null;
    }

    /** The ids the writer had acknowledged when this was called; series damage makes unreadable are left out. */
    @Override
    public Set<String> ids() {
        View v = current();
        return v.damage.ids(v.keys);
    }

    /** An id no series has now; a writer may of course take it later. Writes nothing. */
    @Override
    public String newId() {
        View v = current();
        while (true) {
            String id = "mmap-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
            if (v.keys.get(id) == null) {
                return id;
            }
        }
    }

    /** Does nothing: a read-only store has no writes to force, and writes no hint file. */
    @Override
    public void flush() {
        if (closed) {
            throw new IllegalStateException("the mmap store " + directory + " (read-only) is closed");
        }
    }

    /** Closes the files; series returned before stay readable (their mapping outlives the store). Idempotent. */
    @Override
    public void close() {
        synchronized (reading) {
            if (closed) {
                return;
            }
            closed = true;
            for (Segment s : view.segments) {
                s.retire();
            }
        }
    }

    @Override
    public String toString() {
        return "MmapStorageManager[" + directory + ", read-only" + (closed ? ", closed" : "") + "]";
    }
}
