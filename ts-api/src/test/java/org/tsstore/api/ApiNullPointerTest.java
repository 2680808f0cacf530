package org.tsstore.api;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.testing.NullPointerTester;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tsstore.api.spi.StorageOptions;

/** Null arguments to the public methods and constructors of ts-api are rejected with NullPointerException. */
class ApiNullPointerTest {

    private static NullPointerTester tester() {
        return new NullPointerTester()
                .setDefault(URI.class, URI.create("file:/d"))
                .setDefault(Map.class, Map.of())
                .setDefault(Set.class, Set.of())
                .setDefault(List.class, List.of())
                .setDefault(double[].class, new double[0])
                .setDefault(String.class, "id");
    }

    @Test
    void rules() throws Exception {
        tester().testAllPublicStaticMethods(SeriesRules.class);
        NullPointerTester ids = tester()
                // Documented to accept null: quote() is for messages about any string, isValid() answers false.
                .ignore(SeriesIds.class.getMethod("quote", String.class))
                .ignore(SeriesIds.class.getMethod("isValid", String.class));
        ids.testAllPublicStaticMethods(SeriesIds.class);
    }

    @Test
    void values() {
        tester().testAllPublicConstructors(Point.class);
        tester().testAllPublicConstructors(IntegrityReport.class);
        tester().testAllPublicConstructors(IntegrityReport.Damage.class);
        tester().testAllPublicStaticMethods(IntegrityReport.class);
        tester().testAllPublicInstanceMethods(IntegrityReport.builder());
        tester().testAllPublicInstanceMethods(new IntegrityReport(0, 0, List.of()));
        tester().testAllPublicStaticMethods(Durability.class);
        tester().testAllPublicInstanceMethods(Durability.SYNC);
    }

    @Test
    void storageOptions() throws Exception {
        tester().testAllPublicStaticMethods(StorageOptions.class);
        StorageOptions options = StorageOptions.of(URI.create("file:/d?a=1"), Map.of(), Set.of("a"));
        NullPointerTester instance = tester()
                // A null default is a legitimate answer for an absent option.
                .ignore(StorageOptions.class.getMethod("getString", String.class, String.class))
                // NullPointerTester cannot make a sample of the type variable E: checked by hand below.
                .ignore(StorageOptions.class.getMethod("getEnum", String.class, Class.class, Enum.class));
        instance.testAllPublicInstanceMethods(options);
        assertThrows(NullPointerException.class, () -> options.getEnum(null, Durability.class, Durability.OS));
        assertThrows(NullPointerException.class, () -> options.getEnum("a", null, Durability.OS));
    }
}
