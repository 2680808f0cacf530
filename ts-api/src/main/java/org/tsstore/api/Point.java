package org.tsstore.api;

/**
 * One observation of a time series: a time and the value measured at it.
 *
 * <p>Equality follows {@link Double#equals}: {@code NaN} equals {@code NaN} and {@code -0.0} differs
 * from {@code 0.0}, the same rule that {@link SizedContainerTimeSeries#equals} uses.
 *
 * @param time the time of the observation
 * @param value the value observed; {@code NaN} marks a missing value
 */
public record Point(double time, double value) {}
