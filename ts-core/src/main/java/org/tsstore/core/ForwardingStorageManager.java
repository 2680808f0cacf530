package org.tsstore.core;

import com.google.common.collect.ForwardingObject;
import java.util.Map;
import java.util.Set;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.RepairReport;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;

/**
 * A manager that forwards every call to another, in the style of Guava's forwarding collections: a
 * read-only view, a metrics decorator or a test double overrides only what it changes.
 *
 * <p>Every method of {@link StorageManager} is forwarded, the interface's defaults included, so that the
 * delegate's own (faster) implementation is the one that runs.
 */
public abstract class ForwardingStorageManager extends ForwardingObject implements StorageManager {

    /** For subclasses. */
    protected ForwardingStorageManager() {}

    @Override
    protected abstract StorageManager delegate();

    @Override
    public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
        return delegate().store(id, series);
    }

    @Override
    public SizedContainerTimeSeries store(long id, SizedContainerTimeSeries series) {
        return delegate().store(id, series);
    }

    @Override
    public int append(String id, SizedContainerTimeSeries points) {
        return delegate().append(id, points);
    }

    @Override
    public int append(long id, SizedContainerTimeSeries points) {
        return delegate().append(id, points);
    }

    @Override
    public SizedContainerTimeSeries get(String id, double fromTime, double toTime) {
        return delegate().get(id, fromTime, toTime);
    }

    @Override
    public SizedContainerTimeSeries get(long id, double fromTime, double toTime) {
        return delegate().get(id, fromTime, toTime);
    }

    @Override
    public void storeAll(Map<String, ? extends SizedContainerTimeSeries> series) {
        delegate().storeAll(series);
    }

    @Override
    public void appendAll(Map<String, ? extends SizedContainerTimeSeries> points) {
        delegate().appendAll(points);
    }

    @Override
    public int size(String id) {
        return delegate().size(id);
    }

    @Override
    public int size(long id) {
        return delegate().size(id);
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        return delegate().get(id);
    }

    @Override
    public SizedContainerTimeSeries get(long id) {
        return delegate().get(id);
    }

    @Override
    public boolean contains(String id) {
        return delegate().contains(id);
    }

    @Override
    public boolean contains(long id) {
        return delegate().contains(id);
    }

    @Override
    public boolean delete(String id) {
        return delegate().delete(id);
    }

    @Override
    public boolean delete(long id) {
        return delegate().delete(id);
    }

    @Override
    public Set<String> ids() {
        return delegate().ids();
    }

    @Override
    public String newId() {
        return delegate().newId();
    }

    @Override
    public void flush() {
        delegate().flush();
    }

    @Override
    public IntegrityReport verify() {
        return delegate().verify();
    }

    @Override
    public RepairReport repair() {
        return delegate().repair();
    }

    /**
     * {@link RepairReport#byDeletingDamaged} through this wrapper's own {@code verify} and {@code delete}:
     * for a wrapper that overrides {@code verify} and so must not hand {@code repair} to its delegate.
     *
     * @return what was kept and what was lost
     */
    protected RepairReport standardRepair() {
        return RepairReport.byDeletingDamaged(this);
    }

    @Override
    public void compact() {
        delegate().compact();
    }

    @Override
    public void close() {
        delegate().close();
    }
}
