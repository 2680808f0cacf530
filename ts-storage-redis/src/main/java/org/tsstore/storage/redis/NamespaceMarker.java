package org.tsstore.storage.redis;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.tsstore.api.StorageException;
import org.tsstore.core.backend.Checksums;
import org.tsstore.core.backend.CorruptDataException;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * The value of a namespace's marker key, which the first store to open a prefix writes and every later
 * one checks: it says the keys under the prefix are tsstore series of a layout version this code reads,
 * so that a prefix holding another layout (or another application's keys) is refused on open instead of
 * misread, and a namespace is never without a key of its own, even when it holds no series.
 *
 * <p>Layout, little-endian: magic {@code TSRN}, layout version (int), then the CRC32C of both.
 */
final class NamespaceMarker {

    static final int MAGIC = 0x4E525354; // "TSRN" read little-endian
    /** 2: chunks of whole points named by random keys, pointers of version 3. */
    static final int LAYOUT = 2;
    static final int BYTES = 12;
    private static final int MAX_CLAIM_ATTEMPTS = 100;

    private NamespaceMarker() {}

    /**
     * Writes a fresh marker under {@code key} unless one is there, and returns the value that is. Whoever
     * opens first writes it and it never changes after, so a GET that follows a lost {@code SET NX} sees
     * the winner's; it is null only if someone deleted the key meanwhile, and then this tries again.
     *
     * @return the marker value now stored (not yet checked), or null if the key kept vanishing
     */
    static byte[] claim(Jedis jedis, byte[] key) {
        byte[] fresh = encode();
        for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
            if ("OK".equals(jedis.set(key, fresh, SetParams.setParams().nx()))) {
                return fresh;
            }
            byte[] present = jedis.get(key);
            if (present != null) {
                return present;
            }
        }
        return null;
    }

    /**
     * Writes the namespace marker if the prefix has none yet, else checks it: a prefix whose marker is
     * damaged or of another layout is refused rather than read.
     *
     * @throws StorageException naming the node and the marker key if it is damaged, foreign or vanishing
     */
    static void claimNamespace(Topology topology, SeriesKeys keys, RedisSettings settings) {
        byte[] markerKey = keys.marker();
        String name = new String(markerKey, StandardCharsets.UTF_8);
        byte[] value = topology.call(markerKey, "cannot open " + settings.location() + ": writing its namespace marker "
                + name, jedis -> {
            byte[] present = claim(jedis, markerKey);
            if (present == null) {
                throw new StorageException("cannot open " + settings.location() + ": the namespace marker key "
                        + name + " at redis node " + topology.addressOf(markerKey) + " keeps vanishing");
            }
            return present;
        });
        try {
            check(value);
        } catch (IllegalArgumentException e) {
            throw new StorageException("cannot open " + settings.location() + ": the namespace marker of prefix "
                    + settings.prefix() + " at redis node " + topology.addressOf(markerKey) + ", key " + name
                    + ", is damaged or foreign: " + e.getMessage() + "; if the keys under the prefix are known to"
                    + " be tsstore series of this version, delete that key to have it written again", e);
        }
    }

    static byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(BYTES);
        Checksums.writeHeader(b, MAGIC, LAYOUT);
        Checksums.writeFooter(b);
        return b.array();
    }

    /**
     * Checks a marker value.
     *
     * @param value the raw value
     * @throws IllegalArgumentException saying what is wrong, if it is not an intact marker of this layout
     */
    static void check(byte[] value) {
        checkArgument(value.length == BYTES, "marker value has %s bytes, expected %s", value.length, BYTES);
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        try {
            Checksums.checkFooter(b, BYTES);
        } catch (CorruptDataException e) {
            throw new IllegalArgumentException("marker " + e.getMessage(), e);
        }
        checkArgument(b.getInt(0) == MAGIC, "not a tsstore namespace marker (magic %s)",
                Integer.toHexString(b.getInt(0)));
        checkArgument(b.getInt(4) == LAYOUT, "namespace layout version %s is not supported (this reads %s)",
                b.getInt(4), LAYOUT);
    }
}
