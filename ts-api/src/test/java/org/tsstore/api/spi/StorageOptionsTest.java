package org.tsstore.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Disabled;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.tsstore.api.Durability;

class StorageOptionsTest {

    private static final Set<String> KNOWN = Set.of("cache", "durability", "readonly", "segment", "ratio");

    private static StorageOptions parse(String uri) {
        return StorageOptions.of(URI.create(uri), Map.of(), KNOWN);
    }

    private static void assertMentions(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message should mention " + part + ": " + e.getMessage());
        }
    }

    // ---- gathering -------------------------------------------------------------------------------

    @Example
    void optionsComeFromTheQueryOfHierarchicalAndOpaqueLocations() {
        assertEquals(Map.of("cache", "64m", "readonly", "true"), parse("file:/data/ts?cache=64m&readonly=true").asMap());
        assertEquals(Map.of("cache", "1"), parse("mmap:rel/dir?cache=1").asMap(), "opaque URI");
        assertEquals(Map.of("cache", "1"), parse("mmap:///abs/dir?cache=1").asMap());
        assertEquals(Map.of("cache", "a b&c"), parse("memory:x?cache=a%20b%26c").asMap(), "percent-decoded");
        assertEquals(Map.of("cache", ""), parse("memory:x?cache=").asMap(), "empty value");
        assertEquals(Map.of("cache", "1", "segment", "2"), parse("memory:x?&cache=1&&segment=2&").asMap());
        assertEquals(Map.of(), parse("memory:x").asMap());
        assertEquals(Map.of(), parse("memory:x?").asMap());
    }

    @Example
    void optionsComeFromTheMapToo() {
        StorageOptions o = StorageOptions.of(URI.create("file:/d?cache=1"), Map.of("segment", "2"), KNOWN);
        assertEquals(Map.of("cache", "1", "segment", "2"), o.asMap());
        assertTrue(o.has("segment"));
        assertFalse(o.has("ratio"));
        assertThrows(UnsupportedOperationException.class, () -> o.asMap().put("ratio", "1"));
    }

    @Example
    void duplicatesAreErrors() {
        assertMentions(assertThrows(IllegalArgumentException.class, () -> parse("file:/d?cache=1&cache=2")),
                "cache", "twice");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> parse("mmap:d?cache=1&cache=1")),
                "cache", "twice");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> StorageOptions.of(URI.create("file:/d?cache=1"), Map.of("cache", "1"), KNOWN)),
                "cache", "both");
    }

    @Example
    void malformedPairsAreErrors() {
        assertMentions(assertThrows(IllegalArgumentException.class, () -> parse("file:/d?cache")), "cache",
                "name=value");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> parse("file:/d?=1")), "=1");
    }

    @Example
    void unknownOptionsAreErrorsListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("FILE:/d?cahce=1"));
        assertMentions(e, "cahce", "file backend", "[cache, durability, ratio, readonly, segment]");
        IllegalArgumentException fromMap = assertThrows(IllegalArgumentException.class,
                () -> StorageOptions.of(URI.create("memory:x"), Map.of("size", "1"), Set.of()));
        assertMentions(fromMap, "size", "no options");
        assertThrows(NullPointerException.class,
                () -> StorageOptions.of(URI.create("memory:x"), java.util.Collections.singletonMap("a", null), KNOWN));
    }

    // ---- typed getters ---------------------------------------------------------------------------

    /** A size with a unit, and the number of bytes it means, computed with BigInteger. */
    record Sized(String text, BigInteger bytes) {}

    @Provide
    Arbitrary<Sized> sizes() {
        Arbitrary<Long> numbers = Arbitraries.longs().between(0, 1L << 45).edgeCases(c -> c.add(0L, 1L));
        Arbitrary<String> units = Arbitraries.of("", "b", "B", "k", "K", "kb", "KB", "KiB", "kib", "m", "M", "MB",
                "MiB", "g", "G", "GiB", "gb", "t", "T", "TiB", "tb");
        Arbitrary<String> spaces = Arbitraries.of("", " ", "  ");
        return net.jqwik.api.Combinators.combine(numbers, units, spaces).as((n, unit, space) -> {
            String u = unit.isEmpty() ? "" : unit.substring(0, 1).toLowerCase();
            int power = "bkmgt".indexOf(u.isEmpty() ? "b" : u);
            BigInteger bytes = BigInteger.valueOf(n).shiftLeft(10 * power);
            return new Sized(n + (unit.isEmpty() ? "" : space) + unit, bytes);
        });
    }

    @Property
    void sizesAreBytesInPowersOf1024(@ForAll("sizes") Sized size, @ForAll @LongRange(min = -2, max = 2) long delta) {
        // The limit sits right around the size, so that both sides of it are tried.
        long max = size.bytes().add(BigInteger.valueOf(delta))
                .max(BigInteger.ZERO).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        StorageOptions o = StorageOptions.of(URI.create("mmap:d"), Map.of("cache", size.text()), KNOWN);
        if (size.bytes().compareTo(BigInteger.valueOf(max)) <= 0) {
            assertEquals(size.bytes().longValueExact(), o.getBytes("cache", -1, 0, max), size.text());
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> o.getBytes("cache", -1, 0, max));
            assertMentions(e, "cache", size.text());
        }
    }

    @Example
    void badSizesAreRejectedNamingTheOption() {
        for (String bad : new String[] {"", "-1", "1.5m", "12 q", "m", "1 k b", "1e3", "99999999999999999999",
                "9223372036854775807k", "8388608t"}) {
            StorageOptions o = StorageOptions.of(URI.create("mmap:d"), Map.of("segment", bad), KNOWN);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> o.getBytes("segment", 0, 0, Long.MAX_VALUE), "should reject " + bad);
            assertMentions(e, "segment", "mmap", "16MiB");
        }
        StorageOptions absent = StorageOptions.of(URI.create("mmap:d"), Map.of(), KNOWN);
        assertEquals(4096, absent.getBytes("segment", 4096, 0, 10));
        assertEquals(8388607L << 40, StorageOptions.of(URI.create("mmap:d"), Map.of("segment", "8388607t"), KNOWN)
                .getBytes("segment", 0, 0, Long.MAX_VALUE));
    }

    /** "5i" and "5ib" read as 5 bytes: a unit made of the binary marker alone should be rejected. */
    @Example
    void aBareBinaryMarkerIsNotAUnit() {
        for (String bad : new String[] {"5i", "5ib", "5 iB"}) {
            StorageOptions o = StorageOptions.of(URI.create("mmap:d"), Map.of("segment", bad), KNOWN);
            assertThrows(IllegalArgumentException.class, () -> o.getBytes("segment", 0, 0, Long.MAX_VALUE), bad);
        }
    }

    @Example
    void enumsMatchCaseInsensitivelyAndListTheAllowedValues() {
        StorageOptions sync = StorageOptions.of(URI.create("file:/d?durability=SyNc"), Map.of(), KNOWN);
        assertEquals(Durability.SYNC, sync.getEnum("durability", Durability.class, Durability.OS));
        StorageOptions absent = parse("file:/d");
        assertEquals(Durability.OS, absent.getEnum("durability", Durability.class, Durability.OS));
        StorageOptions bad = parse("file:/d?durability=fsync");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> bad.getEnum("durability", Durability.class, Durability.OS)), "durability", "fsync", "[os, sync]");
        assertEquals("sync", Durability.SYNC.optionValue());
        assertEquals("os", Durability.OS.optionValue());
    }

    @Example
    void booleansLongsAndDoublesAreCheckedAgainstTheirRange() {
        StorageOptions o = parse("file:/d?readonly=TRUE&segment=12&ratio=0.25&cache=x");
        assertTrue(o.getBoolean("readonly", false));
        assertTrue(parse("file:/d").getBoolean("readonly", true), "default when absent");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> o.getBoolean("cache", false)),
                "cache", "x", "true or false");
        assertEquals(12, o.getLong("segment", 0, 0, 100));
        assertMentions(assertThrows(IllegalArgumentException.class, () -> o.getLong("segment", 0, 13, 100)),
                "segment", "12", "13");
        assertThrows(IllegalArgumentException.class, () -> o.getLong("cache", 0, 0, 100));
        assertEquals(0.25, o.getDouble("ratio", 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> o.getDouble("ratio", 0, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> parse("file:/d?ratio=NaN").getDouble("ratio", 0, 0, 1));
        assertEquals("x", o.getString("cache", "y"));
        assertEquals("y", parse("file:/d").getString("cache", "y"));
        assertTrue(o.toString().startsWith("file options {"), o.toString());
    }

    // ---- paths -----------------------------------------------------------------------------------

    @Example
    void pathIsTheLocationWithoutItsQuery() {
        assertEquals(Path.of("/data/ts"), StorageOptions.path(URI.create("mmap:/data/ts?cache=1")));
        assertEquals(Path.of("/data/ts"), StorageOptions.path(URI.create("mmap:///data/ts")));
        assertEquals(Path.of("rel/dir"), StorageOptions.path(URI.create("mmap:rel/dir?x=1")));
        assertEquals(Path.of("/with space"), StorageOptions.path(URI.create("file:/with%20space")));
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> StorageOptions.path(URI.create("file://host/dir"))), "host", "file:/absolute/path");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> StorageOptions.path(URI.create("file:?x=1"))),
                "no directory");
    }
}
