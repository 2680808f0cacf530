package org.tsstore.storage.file;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The bounded cache of recently stored and read series, weighed by their bytes; with a budget of 0 it
 * keeps nothing. Series are immutable, so a hit is returned as it is.
 *
 * <p>The writer's store keeps it exact by invalidating an id before it changes it. A read-only store cannot see
 * the writer's changes as they happen, so it caches each series with the {@link IndexEntry} instance it was read
 * for and takes a hit only for that very instance ({@link #get(String, IndexEntry)}): every journal record the
 * reader applies makes a new instance, so a series changed since, even to the same length and CRC, misses.
 */
final class SeriesCache {

    private static final int ENTRY_OVERHEAD_BYTES = 96;

    /** A cached series and the index entry it was read for ({@code null} in the writer's store). */
    private record Slot(IndexEntry version, ArrayTimeSeries series) {}

    private final Cache<String, Slot> cache;

    SeriesCache(long maxBytes) {
        this.cache = maxBytes == 0 ? null : CacheBuilder.newBuilder()
                // One segment: the whole budget is available to one large series.
                .concurrencyLevel(1)
                .maximumWeight(maxBytes)
                .<String, Slot>weigher((id, s) -> (int) Math.min(Integer.MAX_VALUE,
                        16L * s.series().size() + ENTRY_OVERHEAD_BYTES + 2L * id.length()))
                .build();
    }

    /** The cached series of an id, or null. */
    ArrayTimeSeries get(String id) {
        Slot slot = cache == null ? null : cache.getIfPresent(id);
        return slot == null ? null : slot.series();
    }

    /** The cached series of an id if it was read for this very entry instance (not an equal one), or null. */
    ArrayTimeSeries get(String id, IndexEntry version) {
        Slot slot = cache == null ? null : cache.getIfPresent(id);
        return slot == null || slot.version() != version ? null : slot.series();
    }

    /** Caches a series. */
    void put(String id, ArrayTimeSeries s) {
        put(id, null, s);
    }

    /** Caches a series read for an index entry, which {@link #get(String, IndexEntry)} must name again. */
    void put(String id, IndexEntry version, ArrayTimeSeries s) {
        if (cache != null) {
            cache.put(id, new Slot(version, s));
        }
    }

    /** Forgets an id's series. */
    void invalidate(String id) {
        if (cache != null) {
            cache.invalidate(id);
        }
    }

    /** Forgets every series. */
    void clear() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }
}
