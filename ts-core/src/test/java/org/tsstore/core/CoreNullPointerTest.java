package org.tsstore.core;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import com.google.common.testing.NullPointerTester.Visibility;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;

/** Null arguments to every public method and constructor of ts-core are rejected with NullPointerException. */
class CoreNullPointerTest {

    private static final double[] T = {1, 2, 3};
    private static final double[] V = {4, 5, 6};

    private static NullPointerTester tester() {
        MapStorageManager manager = new MapStorageManager();
        return new NullPointerTester()
                .setDefault(double[].class, T.clone())
                .setDefault(String.class, "some-id")
                .setDefault(URI.class, URI.create("nosuch:/x"))
                .setDefault(StorageManager.class, manager)
                .setDefault(SizedContainerTimeSeries.class, ArrayTimeSeries.of(T, V));
    }

    @Test
    void arrayTimeSeries() {
        tester().testAllPublicStaticMethods(ArrayTimeSeries.class);
        tester().testAllPublicInstanceMethods(ArrayTimeSeries.of(T, V));
        tester().testAllPublicInstanceMethods(ArrayTimeSeries.empty());
    }

    @Test
    void skeletonAndForwarding() {
        tester().testInstanceMethods(new ThreeMethodSeries(T, V), Visibility.PROTECTED);
        tester().testInstanceMethods(new ForwardingSizedContainerTimeSeriesTest.Wrapper(ArrayTimeSeries.of(T, V)),
                Visibility.PROTECTED);
    }

    @Test
    void smTimeSeries() {
        MapStorageManager manager = new MapStorageManager();
        tester().testAllPublicConstructors(SMTimeSeries.class);
        tester().testAllPublicStaticMethods(SMTimeSeries.class);
        tester().testAllPublicInstanceMethods(new SMTimeSeries(manager, T, V, "x"));
        tester().testAllPublicInstanceMethods(SMTimeSeries.fromDb(manager, "x"));
    }

    @Test
    void storageManagersAndBackends() {
        tester().testAllPublicStaticMethods(StorageManagers.class);
        tester().testAllPublicConstructors(StorageBackend.class);
    }

    @Test
    void simulatedTimeSeries() {
        tester().testAllPublicStaticMethods(SimulatedTimeSeries.class);
        tester().testAllPublicInstanceMethods(SimulatedTimeSeries.randomWalk(1, 0, 1, 1));
    }

    @Test
    void storageBackendEquality() {
        new EqualsTester()
                .addEqualityGroup(new StorageBackend("memory", "d", Set.of("a", "b"), "x.P"),
                        new StorageBackend("memory", "d", Set.of("b", "a"), "x.P"))
                .addEqualityGroup(new StorageBackend("memory", "d", Set.of(), "x.P"))
                .addEqualityGroup(new StorageBackend("memory", "d", Set.of("a", "b"), "x.Q"))
                .testEquals();
    }

    @Test
    void seriesEqualityAcrossImplementations() {
        MapStorageManager manager = new MapStorageManager();
        new EqualsTester()
                .addEqualityGroup(ArrayTimeSeries.of(T, V), new ThreeMethodSeries(T, V), new FormulaSeries(3, 1, 1, 1, 4),
                        new SMTimeSeries(manager, T, V, "a"), SMTimeSeries.fromDb(manager, "a"),
                        SimulatedTimeSeries.of(i -> i + 1, i -> i + 4).take(3))
                .addEqualityGroup(ArrayTimeSeries.empty(), new ThreeMethodSeries(new double[0], new double[0]))
                .addEqualityGroup(ArrayTimeSeries.of(T, new double[] {4, 5, -0.0}))
                .addEqualityGroup(ArrayTimeSeries.of(T, new double[] {4, 5, 0.0}))
                .addEqualityGroup(ArrayTimeSeries.of(new double[] {1, 2}, new double[] {4, 5}))
                .testEquals();
    }
}
