package org.tsstore.storage.file;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The bounded cache of recently stored and read series, weighed by their bytes; with a budget of 0 it
 * keeps nothing. Series are immutable, so a hit is returned as it is.
 */
final class SeriesCache {

    private static final int ENTRY_OVERHEAD_BYTES = 96;

    private final Cache<String, ArrayTimeSeries> cache;

    SeriesCache(long maxBytes) {
        this.cache = maxBytes == 0 ? null : CacheBuilder.newBuilder()
                // One segment: the whole budget is available to one large series.
                .concurrencyLevel(1)
                .maximumWeight(maxBytes)
                .<String, ArrayTimeSeries>weigher((id, s) -> (int) Math.min(Integer.MAX_VALUE,
                        16L * s.size() + ENTRY_OVERHEAD_BYTES + 2L * id.length()))
                .build();
    }

    /** The cached series of an id, or null. */
    ArrayTimeSeries get(String id) {
        return cache == null ? null : cache.getIfPresent(id);
    }

    /** Caches a series. */
    void put(String id, ArrayTimeSeries s) {
        if (cache != null) {
            cache.put(id, s);
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
