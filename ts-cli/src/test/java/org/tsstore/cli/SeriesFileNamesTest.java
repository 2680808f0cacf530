package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SeriesIds;
import org.tsstore.testkit.SeriesArbitraries;

class SeriesFileNamesTest {

    /** Every character a file name may contain: the plain set, '%' with upper-case hex, '~' for pieces. */
    private static final Pattern SAFE = Pattern.compile("[a-z0-9._\\-]|%[0-9A-F]{2}");
    private static final Set<String> RESERVED = Set.of("con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9");

    @Test
    void examples() {
        assertEquals(List.of("temperature.npy"), SeriesFileNames.encode("temperature", "npy"));
        assertEquals(List.of("demo%2Fsine.csv"), SeriesFileNames.encode("demo/sine", "csv"));
        assertEquals(List.of("%41bc.npy"), SeriesFileNames.encode("Abc", "npy"));
        assertEquals(List.of("%2E..npy"), SeriesFileNames.encode("..", "npy"));
        assertEquals(List.of("%2E.npy"), SeriesFileNames.encode(".", "npy"));
        assertEquals(List.of("%2Ehidden.npy"), SeriesFileNames.encode(".hidden", "npy"));
        assertEquals(List.of("%63on.npy"), SeriesFileNames.encode("con", "npy"));
        assertEquals(List.of("%6Eul.txt.npy"), SeriesFileNames.encode("nul.txt", "npy"));
        assertEquals(List.of("console.npy"), SeriesFileNames.encode("console", "npy"));
        assertEquals(List.of("%43%4F%4E.npy"), SeriesFileNames.encode("CON", "npy"));
        assertEquals(List.of("a%5Cb%3Ac%20d.npy"), SeriesFileNames.encode("a\\b:c d", "npy"));
        assertEquals(List.of("%C3%A9t%C3%A9.npy"), SeriesFileNames.encode("été", "npy"));
        assertEquals(List.of("100%25.npy"), SeriesFileNames.encode("100%", "npy"));
    }

    @Test
    void handWrittenNamesDecodeLeniently() {
        assertEquals("Temperature", SeriesFileNames.decode(List.of("Temperature.csv"), "csv"));
        assertEquals("a b", SeriesFileNames.decode(List.of("a b.npy"), "npy"));
        assertEquals("été", SeriesFileNames.decode(List.of("été.npy"), "npy"));
        assertEquals("a/b", SeriesFileNames.decode(List.of("a%2fb.npy"), "npy"));
    }

    @Test
    void badNamesAreReported() {
        assertEquals("x%2.npy: a % in the file name is not followed by two hex digits (names are percent-encoded"
                + " ids; see 'tsstore export --help')",
                assertThrows(InvalidDataException.class, () -> SeriesFileNames.decode(List.of("x%2.npy"), "npy"))
                        .getMessage());
        assertEquals("%FF.npy: the file name does not decode to UTF-8 text",
                assertThrows(InvalidDataException.class, () -> SeriesFileNames.decode(List.of("%FF.npy"), "npy"))
                        .getMessage());
        assertTrue(assertThrows(InvalidDataException.class, () -> SeriesFileNames.decode(List.of("a%0Ab.npy"), "npy"))
                .getMessage().startsWith("a%0Ab.npy: the file name does not decode to a valid id: series id"));
        assertTrue(assertThrows(InvalidDataException.class, () -> SeriesFileNames.decode(List.of(".npy"), "npy"))
                .getMessage().contains("series id is empty"));
    }

    @Property(tries = 1000)
    void decodeReversesEncodeAndNamesAreSafe(@ForAll("ids") String id) {
        for (String ext : new String[] {"npy", "csv"}) {
            List<String> names = SeriesFileNames.encode(id, ext);
            assertEquals(id, SeriesFileNames.decode(names, ext));
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                boolean last = i == names.size() - 1;
                String stem = last ? name.substring(0, name.length() - 4) : name.substring(0, name.length() - 1);
                assertTrue(name.endsWith(last ? "." + ext : "~"), name);
                assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255, name);
                assertTrue(SAFE.matcher(stem).replaceAll("").isEmpty(), "unsafe characters in " + name);
                assertTrue(!stem.startsWith("."), "hidden or dot name " + name);
                String base = stem.toLowerCase(Locale.ROOT).split("\\.", 2)[0];
                assertTrue(!RESERVED.contains(base), "Windows device name " + name);
            }
        }
    }

    @Property(tries = 500)
    void idsDifferingOnlyInCaseNeverShareAFileOnACaseInsensitiveFileSystem(@ForAll("ids") String id) {
        String other = swapCase(id);
        if (other.equals(id) || !SeriesIds.isValid(other)) {
            return;
        }
        String a = String.join("/", SeriesFileNames.encode(id, "npy")).toLowerCase(Locale.ROOT);
        String b = String.join("/", SeriesFileNames.encode(other, "npy")).toLowerCase(Locale.ROOT);
        assertNotEquals(a, b, id + " and " + other);
    }

    private static String swapCase(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.appendCodePoint(
                Character.isUpperCase(cp) ? Character.toLowerCase(cp) : Character.toUpperCase(cp)));
        return sb.toString();
    }

    @Test
    void longIdsContinueInDirectoriesThatDecodeBack() {
        String id = "é".repeat(127); // 254 UTF-8 bytes, 762 characters encoded
        List<String> names = SeriesFileNames.encode(id, "npy");
        assertEquals(4, names.size());
        assertEquals(id, SeriesFileNames.decode(names, "npy"));
        String dots = ".".repeat(255);
        List<String> dotNames = SeriesFileNames.encode(dots, "csv");
        assertEquals(dots, SeriesFileNames.decode(dotNames, "csv"));
        assertTrue(dotNames.stream().noneMatch(n -> n.startsWith(".")), dotNames.toString());
    }

    @Provide
    Arbitrary<String> ids() {
        Arbitrary<String> hostile = Arbitraries.of("..", ".", "a/b", "\\", "CON", "con", "Con.txt", "lpt1", "A", "a",
                "~", "x~", "%", "%41", " ", "a b", "\uFFFF", "日本", "😀", "ab.npy", ".npy", "COM1.x");
        Arbitrary<String> random = Arbitraries.strings()
                .withCharRange('\u0020', '\u007e')
                .withChars('é', 'ß', 'İ', 'ı', 'Σ', 'σ', 'ς', '日', '\uFFFE', '\u00a0')
                .ofMinLength(1).ofMaxLength(90);
        Arbitrary<String> longOnes = Arbitraries.strings().withChars('é', 'a', '.', 'Z', '/').ofLength(120);
        return Arbitraries.oneOf(hostile, random, random, longOnes, SeriesArbitraries.ids()).filter(SeriesIds::isValid);
    }
}
