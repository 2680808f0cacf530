package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The key directory against a {@link HashMap} model, and its memory per series. */
class KeyDirectoryTest {

    private static final Segment SEGMENT = new Segment(1, Path.of("1.seg"), 29, 0, 0);

    /**
     * Random puts, removes and verified-marks over a small id space (so that slots are reused and the
     * table is rebuilt) agree with a map at every step.
     */
    @Property(tries = 200)
    void behavesLikeAMap(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 3000) Integer> ops) {
        KeyDirectory dir = new KeyDirectory();
        Map<String, Long> model = new HashMap<>();
        for (int op : ops) {
            String id = "id" + (op % 97) + (op % 5 == 0 ? "\u00e9" : "");
            switch (op % 4) {
                case 0:
                    KeyDirectory.Entry removed = dir.remove(id);
                    Long was = model.remove(id);
                    assertEquals(was, removed == null ? null : removed.offset());
                    break;
                case 3:
                    KeyDirectory.Entry e = dir.get(id);
                    if (e != null) {
                        dir.markVerified(e);
                        KeyDirectory.Entry after = dir.get(id);
                        assertTrue(after.verified());
                        assertEquals(e.offset(), after.offset());
                        assertEquals(e.size, after.size);
                    }
                    break;
                default:
                    long offset = 16 + 8L * op;
                    KeyDirectory.Entry old = dir.put(new KeyDirectory.Entry(id, SEGMENT, offset, op, false));
                    Long prev = model.put(id, offset);
                    assertEquals(prev, old == null ? null : old.offset());
                    break;
            }
            assertEquals(model.size(), dir.size());
        }
        Set<String> ids = new HashSet<>();
        for (KeyDirectory.Entry e : dir.entries()) {
            assertTrue(ids.add(e.id), "listed twice: " + e.id);
            assertEquals(model.get(e.id), e.offset());
            assertSame(SEGMENT, e.segment);
        }
        assertEquals(model.keySet(), ids);
        for (int i = 0; i < 97; i++) {
            String id = "id" + i;
            assertEquals(model.get(id), dir.get(id) == null ? null : dir.get(id).offset());
        }
        assertNull(dir.get("never"));
    }

    /**
     * Heap per series, measured: under 100 bytes plus the id's bytes (13-byte ASCII ids here; about 80
     * bytes of overhead is the design). A measurement, not a timing: it holds for any speed.
     */
    @Test
    void fewerThanOneHundredBytesPerSeriesPlusTheId() {
        int n = 400_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = used(memory);
        KeyDirectory dir = new KeyDirectory();
        for (int i = 0; i < n; i++) {
            dir.put(new KeyDirectory.Entry(String.format("series-%06d", i), SEGMENT, 16 + 64L * i, i, (i & 1) == 0));
        }
        long after = used(memory);
        double perSeries = (after - before) / (double) n;
        System.out.printf("key directory: %.1f bytes per series with 13-byte ids%n", perSeries);
        assertTrue(perSeries < 100 + 13, perSeries + " bytes per series");
        assertEquals(n, dir.size());
        assertEquals(16 + 64L * 12345, dir.get("series-012345").offset());
    }

    private static long used(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            memory.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
