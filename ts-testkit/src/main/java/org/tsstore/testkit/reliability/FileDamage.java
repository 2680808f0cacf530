package org.tsstore.testkit.reliability;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.tsstore.testkit.DamageSite;

/**
 * One way to damage stored bytes, as a {@link CorruptionCampaign} applies it to a file or another {@link DamageSite}: what a failing disk, a buggy
 * copy tool or a careless user does to bytes at rest.
 */
public enum FileDamage {
    /** Flips one to three bits in one byte or a few nearby bytes. */
    FLIP,
    /** Overwrites a run of 1 to 512 bytes with zeros (a lost sector, a sparse hole). */
    ZERO,
    /** Cuts the file short at a random length, possibly to nothing. */
    TRUNCATE,
    /** Appends 1 to 4,096 bytes, zeros or random, at the end. */
    EXTEND;

    /**
     * Applies this damage to {@code bytes}, drawing offsets and bytes from {@code random}. Offsets favour the
     * first and last 256 bytes, where headers, trailers and end marks live.
     *
     * @param what receives a description of what was done: the kind, offsets and lengths
     * @return the damaged bytes (a new array when the length changes)
     */
    byte[] apply(byte[] bytes, SplittableRandom random, StringBuilder what) {
        int size = bytes.length;
        switch (this) {
            case FLIP: {
                if (size == 0) {
                    return EXTEND.apply(bytes, random, what);
                }
                int at = (int) offset(size, random);
                int count = 1 + random.nextInt(3);
                what.append("flipped bits at");
                for (int i = 0; i < count && at + i * 7L < size; i++) {
                    int position = at + i * 7;
                    int mask = 1 << random.nextInt(8);
                    bytes[position] ^= (byte) mask;
                    what.append(' ').append(position).append(String.format("^0x%02x", mask));
                }
                return bytes;
            }
            case ZERO: {
                if (size == 0) {
                    return EXTEND.apply(bytes, random, what);
                }
                int at = (int) offset(size, random);
                int length = Math.min(size - at, 1 + random.nextInt(random.nextBoolean() ? 16 : 512));
                Arrays.fill(bytes, at, at + length, (byte) 0);
                what.append("zeroed ").append(length).append(" bytes at ").append(at);
                return bytes;
            }
            case TRUNCATE: {
                int to = size == 0 ? 0 : (int) (size - 1 - Math.min(size - 1, offsetFromEnd(size, random)));
                what.append("truncated from ").append(size).append(" to ").append(to).append(" bytes");
                return Arrays.copyOf(bytes, to);
            }
            default: {
                int length = 1 + random.nextInt(random.nextBoolean() ? 64 : 4096);
                byte[] longer = Arrays.copyOf(bytes, size + length);
                boolean zeros = random.nextBoolean();
                if (!zeros) {
                    for (int i = size; i < longer.length; i++) {
                        longer[i] = (byte) random.nextInt(256);
                    }
                }
                what.append("extended by ").append(length).append(zeros ? " zero" : " random").append(" bytes after ")
                        .append(size);
                return longer;
            }
        }
    }

    /** An offset in {@code [0, size)}: a third near the start, a third near the end, a third anywhere. */
    private static long offset(long size, SplittableRandom random) {
        switch (random.nextInt(3)) {
            case 0:
                return random.nextLong(Math.min(size, 256));
            case 1:
                return size - 1 - random.nextLong(Math.min(size, 256));
            default:
                return random.nextLong(size);
        }
    }

    /** How many bytes before the end a cut lands: often within the last record, sometimes anywhere. */
    private static long offsetFromEnd(long size, SplittableRandom random) {
        return random.nextBoolean() ? random.nextLong(Math.min(size, 64)) : random.nextLong(size);
    }
}
