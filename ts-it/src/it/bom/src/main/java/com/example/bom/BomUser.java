package com.example.bom;

import java.nio.file.Path;
import java.util.Set;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.StorageManagers;

/** Stores and reads a series through each backend the BOM brought in, opened by URI. */
public final class BomUser {

    private BomUser() {}

    public static void main(String[] args) {
        Path mmapDir = Path.of(args[0]);
        for (String location : new String[] {"memory:bom", "mmap:" + mmapDir.toUri().getRawPath()}) {
            try (StorageManager store = StorageManagers.open(location)) {
                double[] times = {1, 2, 3};
                double[] values = {10.5, -2, 7};
                store.store("sensor-1", ArrayTimeSeries.of(times, values));
                SizedContainerTimeSeries back = store.get("sensor-1");
                for (int i = 0; i < times.length; i++) {
                    if (back.time(i) != times[i] || back.value(i) != values[i]) {
                        throw new IllegalStateException(location + ": point " + i + " reads back as (" + back.time(i)
                                + ", " + back.value(i) + ")");
                    }
                }
                if (back.size() != 3 || !store.ids().equals(Set.of("sensor-1"))) {
                    throw new IllegalStateException(location + ": " + back.size() + " points, ids " + store.ids());
                }
                System.out.println("bom store/get: " + location.substring(0, location.indexOf(':')) + " "
                        + store.getClass().getSimpleName() + " ok");
            }
        }
    }
}
