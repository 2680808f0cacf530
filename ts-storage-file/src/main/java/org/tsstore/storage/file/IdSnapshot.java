package org.tsstore.storage.file;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The immutable snapshot {@code ids()} returns: a copy of the ids, whose mutators say why they fail
 * (the JDK's immutable sets throw without a message).
 */
final class IdSnapshot extends AbstractSet<String> {

    private final Set<String> ids;

    IdSnapshot(Collection<String> ids) {
        this.ids = Set.copyOf(ids);
    }

    private static UnsupportedOperationException immutable() {
        return new UnsupportedOperationException("ids() is an immutable snapshot; store or delete through the manager");
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
