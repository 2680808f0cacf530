package org.tsstore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class IntegrityReportTest {

    @Provide
    Arbitrary<List<Long>> sizes() {
        return Arbitraries.longs().between(0, 1L << 40).list().ofMaxSize(30);
    }

    @Property(tries = 200)
    void theBuilderCountsWhatItIsTold(@ForAll("sizes") List<Long> checked, @ForAll("sizes") List<Long> damaged) {
        IntegrityReport.Builder b = IntegrityReport.builder();
        List<IntegrityReport.Damage> expectedDamage = new ArrayList<>();
        long bytes = 0;
        for (long size : checked) {
            b.checked(size);
            bytes += size;
        }
        for (long d : damaged) {
            IntegrityReport.Damage damage = new IntegrityReport.Damage("id" + d, "file@" + d, "checksum");
            b.damaged(damage);
            expectedDamage.add(damage);
        }
        IntegrityReport r = b.build();
        assertEquals(checked.size(), r.seriesChecked());
        assertEquals(bytes, r.bytesChecked());
        assertEquals(expectedDamage, r.damage());
        assertEquals(damaged.isEmpty(), r.isClean());
        b.damaged(new IntegrityReport.Damage("", "", "later"));
        assertEquals(expectedDamage.size(), r.damage().size(), "a built report does not change with its builder");
    }

    @Example
    void reportsAreImmutableAndChecked() {
        List<IntegrityReport.Damage> damage = new ArrayList<>(List.of(new IntegrityReport.Damage("a", "f:1", "bad")));
        IntegrityReport r = new IntegrityReport(1, 16, damage);
        damage.clear();
        assertEquals(1, r.damage().size(), "the list is copied");
        assertThrows(UnsupportedOperationException.class, () -> r.damage().clear());
        assertFalse(r.isClean());
        assertTrue(new IntegrityReport(0, 0, List.of()).isClean());
        assertThrows(IllegalArgumentException.class, () -> new IntegrityReport(-1, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new IntegrityReport(0, -1, List.of()));
        assertThrows(NullPointerException.class, () -> new IntegrityReport.Damage(null, "", ""));
        assertThrows(NullPointerException.class, () -> IntegrityReport.builder().damaged(null));
        assertEquals(r, new IntegrityReport(1, 16, List.of(new IntegrityReport.Damage("a", "f:1", "bad"))));
    }
}
