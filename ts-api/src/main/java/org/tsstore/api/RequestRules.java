package org.tsstore.api;

import java.util.Map;
import java.util.Objects;

/**
 * The rules of requests beyond one series (the order of appended points, range bounds, batches), with
 * their messages, in one place: the interface's defaults and every backend use them, so that a refusal
 * reads the same everywhere.
 */
public final class RequestRules {

    private RequestRules() {}

    /**
     * Checks that appended points come after the stored ones.
     *
     * @param id the id
     * @param lastStored the last stored time
     * @param firstAppended the first time to append
     * @throws IllegalArgumentException naming the id and both times, if {@code firstAppended} is not greater
     */
    public static void checkAppendOrder(String id, double lastStored, double firstAppended) {
        if (!(firstAppended > lastStored)) {
            throw new IllegalArgumentException("cannot append to " + SeriesIds.quote(id) + ": its last stored time is "
                    + lastStored + ", and the first time to append, " + firstAppended + ", is not greater");
        }
    }

    /**
     * Checks the bounds of a range read.
     *
     * @param id the id, for the message
     * @param fromTime the least time included
     * @param toTime the least time excluded
     * @throws IllegalArgumentException if a bound is {@code NaN}
     */
    public static void checkRange(String id, double fromTime, double toTime) {
        if (Double.isNaN(fromTime) || Double.isNaN(toTime)) {
            throw new IllegalArgumentException("range bounds for " + SeriesIds.quote(id) + " must not be NaN: ["
                    + fromTime + ", " + toTime + ")");
        }
    }

    /**
     * Checks every entry of a batch: the ids and the series (read once each, in bounded pieces).
     *
     * @param batch the batch
     * @param verb {@code "store"} or {@code "append"}, for the message
     * @throws NullPointerException if the map, an id or a series is null
     * @throws IllegalArgumentException naming the first invalid id or series
     */
    public static void checkBatch(Map<String, ? extends SizedContainerTimeSeries> batch, String verb) {
        checkBatchIds(batch, verb);
        for (Map.Entry<String, ? extends SizedContainerTimeSeries> e : batch.entrySet()) {
            try {
                SeriesRules.check(e.getValue());
            } catch (IllegalArgumentException ex) {
                throw refusedEntry(e.getKey(), verb, ex);
            }
        }
    }

    /**
     * Checks the ids of a batch and that none of its series is null, for a backend that then takes (and so
     * checks) one copy of each series itself.
     *
     * @param batch the batch
     * @param verb {@code "store"} or {@code "append"}, for the message
     * @throws NullPointerException if the map, an id or a series is null
     * @throws IllegalArgumentException naming the first invalid id
     */
    public static void checkBatchIds(Map<String, ? extends SizedContainerTimeSeries> batch, String verb) {
        Objects.requireNonNull(batch, "batch");
        for (Map.Entry<String, ? extends SizedContainerTimeSeries> e : batch.entrySet()) {
            String id = e.getKey();
            if (id == null) {
                throw new NullPointerException("a batch to " + verb + " has a null id");
            }
            SeriesIds.check(id);
            if (e.getValue() == null) {
                throw new NullPointerException("the series to " + verb + " under " + SeriesIds.quote(id) + " is null");
            }
        }
    }

    /**
     * The refusal of a whole batch for one entry's series, naming its id.
     *
     * @param id the entry's id
     * @param verb {@code "store"} or {@code "append"}
     * @param cause why the series was refused
     * @return the exception to throw
     */
    public static IllegalArgumentException refusedEntry(String id, String verb, IllegalArgumentException cause) {
        return new IllegalArgumentException("cannot " + verb + " the series under " + SeriesIds.quote(id)
                + " (the whole batch is refused): " + cause.getMessage(), cause);
    }

    /**
     * Checks that points to append to a stored series come after its last time; nothing to check when the
     * series is absent or empty.
     *
     * @param store the manager
     * @param id the id
     * @param firstAppended the first time to append
     * @throws IllegalArgumentException naming the id and both times
     */
    public static void checkAppendsAfterStored(StorageManager store, String id, double firstAppended) {
        SizedContainerTimeSeries stored;
        try {
            stored = store.get(id);
        } catch (NoSuchSeriesException e) {
            return;
        }
        if (!stored.isEmpty()) {
            checkAppendOrder(id, stored.time(stored.size() - 1), firstAppended);
        }
    }
}
