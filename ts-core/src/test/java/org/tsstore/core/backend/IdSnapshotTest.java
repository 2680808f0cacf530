package org.tsstore.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.function.Executable;

class IdSnapshotTest {

    @Property(tries = 100)
    void holdsExactlyTheIdsItWasGivenUnaffectedByLaterChanges(@ForAll List<String> ids) {
        Set<String> source = new HashSet<>(ids);
        Set<String> model = Set.copyOf(source);
        Set<String> snapshot = IdSnapshot.of(source);
        source.add("added-later");
        assertEquals(model, snapshot);
        assertEquals(model.hashCode(), snapshot.hashCode());
        assertEquals(model.size(), snapshot.size());
    }

    /**
     * A concurrent map's key set can say it is empty (its counters are summed without a lock) while its
     * iterator gives ids that were present throughout; the snapshot must trust the iterator.
     */
    @Property(tries = 50)
    void trustsTheIteratorNotTheSize(@ForAll List<String> ids) {
        List<String> distinct = new ArrayList<>(new HashSet<>(ids));
        Collection<String> sizeSaysEmpty = new AbstractCollection<>() {
            @Override
            public Iterator<String> iterator() {
                return distinct.iterator();
            }

            @Override
            public int size() {
                return 0;
            }
        };
        assertEquals(new HashSet<>(distinct), IdSnapshot.of(sizeSaysEmpty));
    }

    @Property(tries = 20)
    void everyMutatorRefusesWithAMessage(@ForAll List<String> ids) {
        Set<String> snapshot = IdSnapshot.of(new HashSet<>(ids));
        Iterator<String> it = snapshot.iterator();
        for (Executable mutation : List.<Executable>of(() -> snapshot.add("x"), () -> snapshot.remove("x"),
                () -> snapshot.addAll(List.of("x")), () -> snapshot.removeAll(List.of("x")),
                () -> snapshot.retainAll(List.of()), () -> snapshot.removeIf(s -> true), snapshot::clear,
                () -> {
                    if (it.hasNext()) {
                        it.next();
                    }
                    it.remove();
                })) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, mutation);
            assertTrue(e.getMessage() != null && e.getMessage().contains("immutable"), String.valueOf(e.getMessage()));
        }
        assertEquals(new HashSet<>(ids), snapshot);
    }
}
