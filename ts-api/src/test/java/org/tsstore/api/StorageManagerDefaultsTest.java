package org.tsstore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The default methods of {@link StorageManager}: integer ids, verify and compact. */
class StorageManagerDefaultsTest {

    /** Records each call; "bad" ids fail to read, "gone" ids vanish between ids() and get(). */
    static final class RecordingManager implements StorageManager {
        final List<String> calls = new ArrayList<>();
        final Map<String, SizedContainerTimeSeries> series = new TreeMap<>();
        final Set<String> extraIds = new LinkedHashSet<>();

        @Override
        public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries s) {
            calls.add("store " + id);
            series.put(id, s);
            return s;
        }

        @Override
        public int size(String id) {
            calls.add("size " + id);
            return 0;
        }

        @Override
        public SizedContainerTimeSeries get(String id) {
            calls.add("get " + id);
            if (id.startsWith("bad")) {
                throw new StorageException("checksum mismatch in " + id + ".seg");
            }
            SizedContainerTimeSeries s = series.get(id);
            if (s == null) {
                throw new NoSuchSeriesException(id);
            }
            return s;
        }

        @Override
        public boolean contains(String id) {
            calls.add("contains " + id);
            return true;
        }

        @Override
        public boolean delete(String id) {
            calls.add("delete " + id);
            return true;
        }

        @Override
        public Set<String> ids() {
            Set<String> all = new LinkedHashSet<>(series.keySet());
            all.addAll(extraIds);
            return all;
        }

        @Override
        public String newId() {
            return "new";
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Property(tries = 100)
    void integerIdsAreTheirDecimalStrings(@ForAll long id) {
        RecordingManager m = new RecordingManager();
        SizedContainerTimeSeries s = new ListSeries(new double[] {1}, new double[] {2});
        assertSame(s, m.store(id, s));
        m.size(id);
        assertSame(s, m.get(id));
        m.contains(id);
        m.delete(id);
        String d = Long.toString(id);
        assertEquals(List.of("store " + d, "size " + d, "get " + d, "contains " + d, "delete " + d), m.calls);
    }

    @Example
    void verifyReadsEverySeriesAndReportsTheDamagedOnes() {
        RecordingManager m = new RecordingManager();
        m.series.put("a", new ListSeries(new double[] {1, 2}, new double[] {3, 4}));
        m.series.put("b", new ListSeries(new double[] {1}, new double[] {3}));
        m.series.put("bad1", new ListSeries(new double[0], new double[0]));
        m.extraIds.add("gone");
        IntegrityReport r = m.verify();
        assertEquals(2, r.seriesChecked());
        assertEquals(16 * 3, r.bytesChecked());
        assertEquals(1, r.damage().size());
        IntegrityReport.Damage d = r.damage().get(0);
        assertEquals("bad1", d.id());
        assertTrue(d.problem().contains("checksum mismatch in bad1.seg"), d.problem());
        m.compact(); // the default does nothing, and must not fail
        assertTrue(m.calls.stream().noneMatch(c -> c.startsWith("store") || c.startsWith("delete")),
                "verify and compact change nothing: " + m.calls);
    }
}
