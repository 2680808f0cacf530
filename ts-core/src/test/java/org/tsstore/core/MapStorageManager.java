package org.tsstore.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;

/**
 * ts-core's test store: the reference {@link InMemoryStorageManager} behind a forwarding wrapper that
 * records every call, as "method id", and hands out predictable new ids.
 */
class MapStorageManager extends ForwardingStorageManager {

    private final InMemoryStorageManager inner = new InMemoryStorageManager("ts-core test");
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger nextId = new AtomicInteger();

    /** The store itself, whose calls are not recorded. */
    InMemoryStorageManager inner() {
        return inner;
    }

    List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    @Override
    protected StorageManager delegate() {
        return inner;
    }

    @Override
    public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries s) {
        calls.add("store " + id);
        return super.store(id, s);
    }

    @Override
    public int size(String id) {
        calls.add("size " + id);
        return super.size(id);
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        calls.add("get " + id);
        return super.get(id);
    }

    @Override
    public boolean contains(String id) {
        calls.add("contains " + id);
        return super.contains(id);
    }

    @Override
    public boolean delete(String id) {
        calls.add("delete " + id);
        return super.delete(id);
    }

    @Override
    public Set<String> ids() {
        calls.add("ids");
        return super.ids();
    }

    @Override
    public String newId() {
        calls.add("newId");
        inner.newId();
        return "generated-" + nextId.incrementAndGet();
    }

    @Override
    public void flush() {
        calls.add("flush");
        super.flush();
    }

    @Override
    public void close() {
        calls.add("close");
        super.close();
    }
}
