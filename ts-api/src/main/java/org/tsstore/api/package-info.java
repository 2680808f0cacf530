/**
 * The tsstore API: {@link org.tsstore.api.TimeSeries}, {@link org.tsstore.api.SizedContainerTimeSeries}
 * and {@link org.tsstore.api.StorageManager}, the value and id rules ({@link org.tsstore.api.SeriesRules},
 * {@link org.tsstore.api.SeriesIds}) and the unchecked exceptions the API throws.
 *
 * <p>Implementations live elsewhere: the series skeleton and the in-memory series in {@code ts-core},
 * managers in the {@code ts-storage-*} modules, found through {@link org.tsstore.api.spi}.
 */
package org.tsstore.api;
