package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.tsstore.api.SeriesIds;
import redis.clients.jedis.util.JedisClusterCRC16;

/** Key names: untrusted ids stay out of the key syntax, one slot per series, ids read back. */
class SeriesKeysTest {

    private final SeriesKeys keys = new SeriesKeys("ns");

    @Property(tries = 300)
    void everyKeyOfASeriesSharesOneSlotAndTheIdComesBack(@ForAll @StringLength(min = 1, max = 60) String id) {
        if (!SeriesIds.isValid(id)) {
            return;
        }
        byte[] pointer = keys.pointer(id);
        int slot = JedisClusterCRC16.getSlot(pointer);
        for (int i = 0; i < 5; i++) {
            assertEquals(slot, JedisClusterCRC16.getSlot(keys.chunk(id, 0xffL << (8 * i))));
        }
        String key = new String(pointer, StandardCharsets.UTF_8);
        String tag = key.substring(key.indexOf('{') + 1, key.indexOf('}'));
        assertTrue(tag.matches("[0-9a-f]+"), key);
        assertEquals(Optional.of(id), keys.idOfPointer(pointer));
    }

    @Example
    void hostileIdsAreEncoded() {
        for (String id : List.of("}", "{", "a}b{c", "*", "?", "[a]", "..", "a/b", "\\", "ns:{x}:p", "CON", " ")) {
            String key = new String(keys.pointer(id), StandardCharsets.UTF_8);
            assertEquals(1, key.chars().filter(c -> c == '{').count(), key);
            assertEquals(1, key.chars().filter(c -> c == '}').count(), key);
            assertEquals(Optional.of(id), keys.idOfPointer(keys.pointer(id)));
        }
    }

    @Example
    void foreignKeysAreNotIds() {
        for (String foreign : List.of("ns:{zz}:p", "ns:{}:p", "other:{61}:p", "ns:{61}:c:00:0", "ns:{6}:p",
                "ns:{00}:p")) {
            assertFalse(keys.idOfPointer(foreign.getBytes(StandardCharsets.UTF_8)).isPresent(), foreign);
        }
        assertEquals(Optional.of("a"), keys.idOfPointer("ns:{61}:p".getBytes(StandardCharsets.UTF_8)));
    }

    @Example
    void prefixesThatWouldBreakTagsOrPatternsAreRejected() {
        for (String bad : List.of("", "a{b", "a}b", "a*", "a?", "a[b]", "a b", "a:b", "x".repeat(101))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SeriesKeys(bad));
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }
}
