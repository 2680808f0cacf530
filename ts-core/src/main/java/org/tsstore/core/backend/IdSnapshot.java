package org.tsstore.core.backend;

import com.google.common.collect.ImmutableSet;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a backend's {@code ids()} returns: an immutable snapshot of the ids whose every mutator refuses
 * with a message saying why (the JDK's and Guava's immutable sets throw without one, which leaves a user
 * who tried {@code ids().remove(id)} guessing).
 */
public final class IdSnapshot extends AbstractSet<String> {

    private final ImmutableSet<String> ids;

    private IdSnapshot(ImmutableSet<String> ids) {
        this.ids = ids;
    }

    /**
     * A snapshot of ids: a copy, unaffected by later changes to {@code ids}. Only the iterator of
     * {@code ids} is used, so a concurrent collection's weakly consistent iterator gives every id present
     * throughout the call; its {@code size()} and {@code isEmpty()} are never consulted.
     *
     * @param ids the ids, none null
     * @return the immutable snapshot
     */
    public static Set<String> of(Collection<String> ids) {
        // Through the iterator: copyOf(Collection) trusts size(), which a concurrent map may misreport.
        return new IdSnapshot(ImmutableSet.copyOf(ids.iterator()));
    }

    private static UnsupportedOperationException immutable() {
        return new UnsupportedOperationException(
                "ids() is an immutable snapshot of the store's ids; store or delete through the manager");
    }

    @Override
    public Iterator<String> iterator() {
        Iterator<String> it = ids.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public String next() {
                return it.next();
            }

            @Override
            public void remove() {
                throw immutable();
            }
        };
    }

    @Override
    public int size() {
        return ids.size();
    }

    @Override
    public boolean contains(Object o) {
        return ids.contains(o);
    }

    @Override
    public boolean add(String e) {
        throw immutable();
    }

    @Override
    public boolean remove(Object o) {
        throw immutable();
    }

    @Override
    public boolean addAll(Collection<? extends String> c) {
        throw immutable();
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        throw immutable();
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        throw immutable();
    }

    @Override
    public boolean removeIf(Predicate<? super String> filter) {
        throw immutable();
    }

    @Override
    public void clear() {
        throw immutable();
    }
}
