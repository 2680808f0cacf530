package org.tsstore.codec;

/**
 * What a block's header says: how many points it holds, its first and last time, and how its times and values
 * are coded. Read without decoding the block, so that a reader can find the blocks a range overlaps.
 *
 * @param points the number of points, 1 to {@value BlockFormat#BLOCK_POINTS}
 * @param firstTime the time of the first point
 * @param lastTime the time of the last point
 * @param timeScheme how the times are coded
 * @param valueScheme how the values are coded
 */
public record BlockHeader(int points, double firstTime, double lastTime, TimeScheme timeScheme,
        ValueScheme valueScheme) {}
