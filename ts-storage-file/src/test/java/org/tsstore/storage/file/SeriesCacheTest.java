package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.tsstore.storage.file.StoreFixtures.series;

import org.junit.jupiter.api.Test;
import org.tsstore.core.ArrayTimeSeries;

class SeriesCacheTest {

    @Test
    void keepsWhatWasPutUntilInvalidatedOrCleared() {
        SeriesCache cache = new SeriesCache(1 << 20);
        ArrayTimeSeries a = series(10, 1);
        ArrayTimeSeries b = series(20, 2);
        assertNull(cache.get("a"));
        cache.put("a", a);
        cache.put("b", b);
        assertSame(a, cache.get("a"));
        cache.invalidate("a");
        assertNull(cache.get("a"));
        assertSame(b, cache.get("b"));
        cache.clear();
        assertNull(cache.get("b"));
    }

    @Test
    void aBudgetOfZeroKeepsNothing() {
        SeriesCache cache = new SeriesCache(0);
        cache.put("a", series(10, 1));
        assertNull(cache.get("a"));
        cache.invalidate("a");
        cache.clear();
    }

    @Test
    void aSeriesOverTheBudgetIsNotKept() {
        // 16 bytes a point: 1000 points weigh over 16,000 bytes.
        SeriesCache cache = new SeriesCache(16_000);
        cache.put("big", series(1000, 1));
        assertNull(cache.get("big"));
        ArrayTimeSeries small = series(100, 1);
        cache.put("small", small);
        assertSame(small, cache.get("small"));
    }
}
