package org.tsstore.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tsstore.core.backend.CorruptDataException;

class BitIoTest {

    record Run(long value, int width) {}

    @Provide
    Arbitrary<List<Run>> runs() {
        Arbitrary<Run> run = Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 64))
                .as(Run::new);
        return run.list().ofMaxSize(300);
    }

    @Property
    void whatIsWrittenIsReadBack(@ForAll("runs") List<Run> runs) throws CorruptDataException {
        BitWriter w = new BitWriter();
        for (Run r : runs) {
            w.write(r.value(), r.width());
        }
        byte[] bytes = new byte[w.byteCount()];
        w.copyTo(bytes, 0);
        BitReader r = new BitReader();
        r.load(bytes, 0, bytes.length);
        for (Run run : runs) {
            long expected = run.width() == 64 ? run.value() : run.value() & ((1L << run.width()) - 1);
            assertEquals(expected, r.read(run.width()));
        }
        int left = (int) (8L * bytes.length - r.position());
        assertThrows(CorruptDataException.class, () -> r.read(left + 1));
    }
}
