package org.tsstore.core.backend;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tsstore.api.RequestRules;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The checked copies of a {@code storeAll} or {@code appendAll} batch, taken before anything is written:
 * every id checked, every series read once into an immutable {@link ArrayTimeSeries} (which checks it), so a
 * caller's series cannot change between the check and the write, and one bad entry refuses the whole batch.
 */
public final class BatchCopies {

    private BatchCopies() {}

    /**
     * Checks and copies a batch.
     *
     * @param batch the batch, by id
     * @param verb {@code "store"} or {@code "append"}, for the message
     * @return the copies, in the batch's order
     * @throws NullPointerException if the map, an id or a series is null
     * @throws IllegalArgumentException naming the first invalid id or series; nothing was written
     */
    public static Map<String, ArrayTimeSeries> of(Map<String, ? extends SizedContainerTimeSeries> batch, String verb) {
        RequestRules.checkBatchIds(batch, verb);
        Map<String, ArrayTimeSeries> copies = new LinkedHashMap<>((int) (batch.size() / 0.75f) + 1);
        for (Map.Entry<String, ? extends SizedContainerTimeSeries> e : batch.entrySet()) {
            try {
                copies.put(e.getKey(), ArrayTimeSeries.copyOf(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw RequestRules.refusedEntry(e.getKey(), verb, ex);
            }
        }
        return copies;
    }
}
