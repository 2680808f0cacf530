/**
 * A lossless block codec for series of (time, value) pairs.
 *
 * <p>A series is cut into blocks of {@value org.tsstore.codec.BlockFormat#BLOCK_POINTS} points. Each block
 * codes its times by delta-of-delta (of the integer times, or of the raw bits when a time is not an integer)
 * or by a constant step when they are regular, or raw, and its values by whichever is smallest of a decimal-integer scheme with exceptions, Gorilla-style
 * XOR and raw. Every block carries its point count, its first and last time, its scheme tags and a CRC-32C,
 * so a reader decodes only the blocks a request touches ({@link org.tsstore.codec.BlockReader}) and damage is
 * reported per block. Decoding gives back every bit: NaN payloads, {@code -0.0}, subnormals and infinities.
 */
package org.tsstore.codec;
