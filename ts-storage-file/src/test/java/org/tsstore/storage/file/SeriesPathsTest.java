package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tsstore.api.SeriesIds;

class SeriesPathsTest {

    private static final Path ROOT = Path.of("/store");
    private static final Path SERIES = ROOT.resolve("series");

    @Provide
    Arbitrary<String> ids() {
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(120);
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(255);
        Arbitrary<String> hostile = Arbitraries.of("..", ".", "a/b", "/etc/passwd", "..\\..\\x", "CON", "con", "NUL",
                "aux.txt", "A", "a", "\u00e9", "e\u0301", " ", "x ", "x.", "*?<>|:\"", "\ud83d\ude00",
                "a".repeat(255), "\u00e9".repeat(127), "\u4e2d".repeat(85), "\ud83d\ude00".repeat(63));
        return Arbitraries.oneOf(unicode, ascii, hostile).filter(SeriesIds::isValid);
    }

    @Provide
    Arbitrary<List<String>> idLists() {
        Arbitrary<String> similar = Arbitraries.strings().withChars("aAbB\u00e9\u00c9").ofMinLength(1).ofMaxLength(4);
        return Arbitraries.oneOf(ids(), similar).list().ofMaxSize(60);
    }

    @Property(tries = 2000)
    void theFileNamesItsIdAndStaysInside(@ForAll("ids") String id) {
        Path file = SeriesPaths.file(ROOT, id);
        assertTrue(file.normalize().startsWith(SERIES), file.toString());
        assertEquals(file, file.normalize(), "no . or .. components");
        assertEquals(id, SeriesPaths.idOf(SERIES, file));
        assertEquals(id, SeriesPaths.idOf(SERIES, SeriesPaths.temporary(file)));
        assertTrue(SeriesPaths.temporary(file).getFileName().toString().endsWith(".npy.tmp"));
        List<String> parts = SeriesPaths.components(id);
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            assertTrue(part.length() <= SeriesPaths.CHUNK + 4 && !part.isEmpty(), part);
            assertTrue(part.matches(i == parts.size() - 1 ? "[0-9a-f]+\\.npy" : "[0-9a-f]+"), part);
        }
    }

    /** The model: the layout as the package documentation gives it in Python, rewritten plainly. */
    @Property(tries = 2000)
    void theLayoutIsTheDocumentedOne(@ForAll("ids") String id) {
        byte[] b = id.getBytes(StandardCharsets.UTF_8);
        StringBuilder hex = new StringBuilder();
        for (byte x : b) {
            hex.append(String.format("%02x", x & 0xff));
        }
        CRC32 crc = new CRC32();
        crc.update(b);
        Path expected = SERIES.resolve(String.format("%02x", crc.getValue() & 0xff));
        for (int i = 0; i < hex.length(); i += 200) {
            String part = hex.substring(i, Math.min(hex.length(), i + 200));
            expected = expected.resolve(i + 200 >= hex.length() ? part + ".npy" : part);
        }
        assertEquals(expected, SeriesPaths.file(ROOT, id));
    }

    @Property(tries = 300)
    void distinctIdsNeverShareAFileEvenIgnoringCase(@ForAll("idLists") List<String> ids) {
        Map<String, String> seen = new HashMap<>();
        for (String id : ids) {
            String key = SeriesPaths.file(ROOT, id).toString().toLowerCase(Locale.ROOT);
            String before = seen.putIfAbsent(key, id);
            assertTrue(before == null || before.equals(id), before + " and " + id + " share " + key);
        }
    }

    @Example
    void nonCanonicalNamesBelongToNoId() {
        Path good = SeriesPaths.file(ROOT, "ab");
        String shard = good.getParent().getFileName().toString();
        assertEquals("ab", SeriesPaths.idOf(SERIES, good));
        assertNull(SeriesPaths.idOf(SERIES, good.resolveSibling("6162.NPY")));
        Path z = SeriesPaths.file(ROOT, "z");
        assertEquals("z", SeriesPaths.idOf(SERIES, z));
        assertNull(SeriesPaths.idOf(SERIES, z.resolveSibling("7A.npy")), "upper-case hex");
        String wrongShard = shard.equals("00") ? "01" : "00";
        assertNull(SeriesPaths.idOf(SERIES, SERIES.resolve(wrongShard).resolve("6162.npy")));
        assertNull(SeriesPaths.idOf(SERIES, good.resolveSibling("616.npy")), "odd length");
        assertNull(SeriesPaths.idOf(SERIES, good.resolveSibling("61zz.npy")), "not hex");
        assertNull(SeriesPaths.idOf(SERIES, good.resolveSibling("ff.npy")), "not UTF-8");
        assertNull(SeriesPaths.idOf(SERIES, good.resolveSibling("610a.npy")), "a control character: invalid id");
        assertNull(SeriesPaths.idOf(SERIES, good.resolveSibling(".npy")));
        assertNull(SeriesPaths.idOf(SERIES, SERIES.resolve("6162.npy")), "no shard");
        assertNull(SeriesPaths.idOf(SERIES, Path.of("/elsewhere/series/00/6162.npy")));
        // A long id cut at other places than every 200 digits.
        String id = "x".repeat(150);
        Path file = SeriesPaths.file(ROOT, id);
        String hex = "78".repeat(150);
        Path recut = file.getParent().getParent().resolve(hex.substring(0, 100)).resolve(hex.substring(100) + ".npy");
        assertEquals(id, SeriesPaths.idOf(SERIES, file));
        assertNull(SeriesPaths.idOf(SERIES, recut));
    }
}
