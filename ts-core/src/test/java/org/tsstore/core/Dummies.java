package org.tsstore.core;

import java.util.Map;
import java.util.Set;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.SizedContainerTimeSeries;

/** Non-null values of the types the API's methods take and return, for forwarding tests. */
final class Dummies {

    private Dummies() {}

    static Object of(Class<?> type) {
        if (type == void.class) {
            return null;
        }
        if (type == int.class) {
            return 7;
        }
        if (type == long.class) {
            return 7L;
        }
        if (type == double.class) {
            return 1.5;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == String.class) {
            return "dummy";
        }
        if (type == SizedContainerTimeSeries.class) {
            return ArrayTimeSeries.of(new double[] {1}, new double[] {2});
        }
        if (type == Set.class) {
            return Set.of("dummy");
        }
        if (type == Map.class) {
            return Map.of("dummy", ArrayTimeSeries.empty());
        }
        if (type == org.tsstore.api.RepairReport.class) {
            return new org.tsstore.api.RepairReport(0, 0, java.util.List.of());
        }
        if (type == IntegrityReport.class) {
            return IntegrityReport.builder().build();
        }
        throw new AssertionError("no dummy for " + type);
    }
}
