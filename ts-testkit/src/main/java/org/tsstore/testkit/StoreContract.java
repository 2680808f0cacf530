package org.tsstore.testkit;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;

/**
 * What every part of the storage contract works on: the backend's {@link BackendFixture}, the stores it
 * opens and the generators the properties draw from. A backend implements {@link #fixture()}; the other
 * methods follow from it, and a test double may override them.
 */
public interface StoreContract {

    /**
     * The backend under test, described once.
     *
     * @return the fixture
     */
    BackendFixture fixture();

    /**
     * A new, empty store, owned by the testkit, which closes it; each call returns a store of its own.
     *
     * @return an open, empty store; by default {@link BackendFixture#open()}
     */
    default StorageManager create() {
        return fixture().open();
    }

    /**
     * What the backend declares; the contract checks the behaviour of what is absent too.
     *
     * @return the capabilities; by default the fixture's
     */
    default Set<Capability> capabilities() {
        return fixture().capabilities();
    }

    /**
     * For {@link Capability#PERSISTENT} backends: closes {@code previous} and opens the same store again.
     *
     * @param previous a store made by {@link #create()} or by an earlier {@code reopen}
     * @return a new manager over the same stored series
     * @throws UnsupportedOperationException if the backend does not declare {@link Capability#PERSISTENT}
     */
    default StorageManager reopen(StorageManager previous) {
        if (!capabilities().contains(Capability.PERSISTENT)) {
            throw new UnsupportedOperationException(
                    "reopen is not supported: the backend does not declare Capability.PERSISTENT");
        }
        return fixture().reopen(previous);
    }

    /**
     * The directory of a store made by {@link #create()}, for backends that keep one, so that refused calls
     * can be shown to change no file and no id to reach outside it.
     *
     * @param store a store made by {@link #create()}
     * @return its directory, or empty (the file checks are then skipped)
     */
    default Optional<Path> directory(StorageManager store) {
        return fixture().directory(store);
    }

    /**
     * Generated series up to {@value SeriesArbitraries#LONG_SERIES_POINTS} points.
     *
     * @return {@link SeriesArbitraries#series()}
     */
    @Provide
    default Arbitrary<SizedContainerTimeSeries> contractSeries() {
        return SeriesArbitraries.series();
    }

    /**
     * Generated series up to 300 points.
     *
     * @return {@link SeriesArbitraries#series(int)}
     */
    @Provide
    default Arbitrary<SizedContainerTimeSeries> contractSmallSeries() {
        return SeriesArbitraries.series(300);
    }

    /**
     * Generated valid ids.
     *
     * @return {@link SeriesArbitraries#ids()}
     */
    @Provide
    default Arbitrary<String> contractIds() {
        return SeriesArbitraries.ids();
    }

    /**
     * Generated invalid ids.
     *
     * @return {@link SeriesArbitraries#invalidIds()}
     */
    @Provide
    default Arbitrary<String> contractInvalidIds() {
        return SeriesArbitraries.invalidIds();
    }

    /**
     * The contents of a small store: up to eight series of up to 2,000 points under distinct ids.
     *
     * @return maps from id to series
     */
    @Provide
    default Arbitrary<Map<String, SizedContainerTimeSeries>> contractContents() {
        return Arbitraries.maps(SeriesArbitraries.ids(), SeriesArbitraries.series(2000)).ofMaxSize(8);
    }
}
