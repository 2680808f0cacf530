package org.tsstore.testkit.reliability;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.ProviderLookup;

/**
 * The other process of an {@link ExclusionCheck}: {@code hold URI id [name=value ...]} opens the store, stores
 * a series under the id, prints {@code OPEN} and waits for a line {@code close} on standard input;
 * {@code probe URI [name=value ...]} tries to open the store and prints {@code OPENED} or
 * {@code REFUSED <exception>} at once.
 */
final class ExclusionChild {

    private ExclusionChild() {}

    /** The series a holder stores under {@code id}: three points that encode the id's length. */
    static ArrayTimeSeries seriesOf(String id) {
        return ArrayTimeSeries.of(new double[] {1, 2, 3}, new double[] {id.length(), -0.0, Double.NaN});
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI location = URI.create(args[1]);
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = mode.equals("hold") ? 3 : 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        if (mode.equals("probe")) {
            try {
                ProviderLookup.open(location, options).close();
                System.out.println("OPENED");
            } catch (RuntimeException e) {
                System.out.println("REFUSED " + e.toString().replace('\n', ' '));
            }
            System.out.flush();
            return;
        }
        String id = args[2];
        StorageManager store = ProviderLookup.open(location, options);
        store.store(id, seriesOf(id));
        System.out.println("OPEN");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("close")) {
            // wait for the parent's word
        }
        store.close();
        System.out.println("CLOSED");
        System.out.flush();
    }
}
