package org.tsstore.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class SeriesIdsTest {

    private static final String GRIN = "\uD83D\uDE00"; // U+1F600, 4 bytes in UTF-8

    /** Strings from pieces that matter to the rules: ASCII, 2-, 3- and 4-byte characters, controls, lone halves. */
    @Provide
    Arbitrary<String> candidates() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, Arbitraries.of("a", "Z", "0", "/", ".", "..", " ", "\\", "\"", "CON")),
                net.jqwik.api.Tuple.of(15, Arbitraries.of("é", "ß", "\u00A0")),
                net.jqwik.api.Tuple.of(15, Arbitraries.of("€", "中", "\uFFFD")),
                net.jqwik.api.Tuple.of(15, Arbitraries.of(GRIN, "\uD834\uDD1E")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("\u0000", "\t", "\u001F", "\u007F", "\u0085", "\u009F")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("\uD83D", "\uDE00")));
        return piece.list().ofMinSize(0).ofMaxSize(150).map(parts -> String.join("", parts));
    }

    /** The rules read straight from the documentation, with the JDK's strict encoder for the byte count. */
    static boolean validByModel(String id) {
        if (id.isEmpty()) {
            return false;
        }
        boolean control = id.codePoints().anyMatch(cp -> cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F));
        if (control) {
            return false;
        }
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(id));
            return bytes.remaining() <= 255;
        } catch (CharacterCodingException e) {
            return false; // a lone surrogate has no UTF-8 form
        }
    }

    @Property(tries = 2000)
    void checkAgreesWithTheDocumentedRules(@ForAll("candidates") String id) {
        boolean valid = validByModel(id);
        Statistics.label("valid").collect(valid);
        Statistics.label("valid").coverage(c -> {
            c.check(true).percentage(p -> p > 15);
            c.check(false).percentage(p -> p > 15);
        });
        assertEquals(valid, SeriesIds.isValid(id), SeriesIds.quote(id));
        if (valid) {
            assertSame(id, SeriesIds.check(id));
            assertArrayEquals(id.getBytes(StandardCharsets.UTF_8), SeriesIds.utf8(id));
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesIds.check(id));
            if (!id.isEmpty()) {
                assertTrue(e.getMessage().contains(SeriesIds.quote(id)), "quotes the id: " + e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> SeriesIds.utf8(id));
        }
    }

    @Example
    void theLimitIs255BytesNotCharacters() {
        assertValid("a".repeat(255), true);
        assertValid("a".repeat(256), false);
        assertValid("é".repeat(127) + "a", true); // 255 bytes, 128 chars
        assertValid("é".repeat(128), false); // 256 bytes
        assertValid("€".repeat(85), true); // 255 bytes, 85 chars
        assertValid("€".repeat(85) + "a", false);
        assertValid(GRIN.repeat(63) + "abc", true); // 252 + 3 bytes
        assertValid(GRIN.repeat(63) + "abcd", false);
        assertValid(GRIN.repeat(64), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeriesIds.check("é".repeat(128)));
        assertTrue(e.getMessage().contains("256 bytes") && e.getMessage().contains("255"), e.getMessage());
    }

    private static void assertValid(String id, boolean expected) {
        assertEquals(expected, SeriesIds.isValid(id), id.length() + " chars, " + id.getBytes(StandardCharsets.UTF_8).length
                + " bytes");
    }

    @Example
    void messagesNameTheOffendingCharacter() {
        IllegalArgumentException control = assertThrows(IllegalArgumentException.class, () -> SeriesIds.check("ab\u0085"));
        assertTrue(control.getMessage().contains("U+0085") && control.getMessage().contains("index 2"),
                control.getMessage());
        IllegalArgumentException lone = assertThrows(IllegalArgumentException.class, () -> SeriesIds.check("x\uDE00y"));
        assertTrue(lone.getMessage().contains("U+DE00") && lone.getMessage().contains("index 1"), lone.getMessage());
        IllegalArgumentException highAtEnd = assertThrows(IllegalArgumentException.class,
                () -> SeriesIds.check("x\uD83D"));
        assertTrue(highAtEnd.getMessage().contains("U+D83D"), highAtEnd.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SeriesIds.check("")).getMessage()
                .contains("empty"));
        assertThrows(NullPointerException.class, () -> SeriesIds.check(null));
        assertFalse(SeriesIds.isValid(null));
        for (String hostile : new String[] {"..", ".", "a/b", "\\", "CON", "nul", " ", "a\u00A0b", "\uFEFF"}) {
            assertTrue(SeriesIds.isValid(hostile), "valid, however hostile to a file system: " + hostile);
        }
    }

    @Property(tries = 1000)
    void quoteEscapesEverythingUnprintableAndTruncates(@ForAll("candidates") String id) {
        String q = SeriesIds.quote(id);
        assertTrue(q.startsWith("\""), q);
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            assertFalse(Character.isISOControl(c) || Character.isSurrogate(c),
                    "unescaped " + (int) c + " at " + i + " of " + q);
        }
        // Undo the escapes up to the closing quote: that is the id, or its first 80 characters.
        StringBuilder decoded = new StringBuilder();
        int i = 1;
        for (; q.charAt(i) != '"'; i++) {
            char c = q.charAt(i);
            if (c != '\\') {
                decoded.append(c);
            } else if (q.charAt(i + 1) == 'u') {
                decoded.append((char) Integer.parseInt(q.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                decoded.append(q.charAt(++i));
            }
        }
        int shown = Math.min(id.length(), 80);
        assertEquals(id.substring(0, shown), decoded.toString());
        String rest = q.substring(i + 1);
        assertEquals(id.length() > 80 ? "...(" + id.length() + " chars)" : "", rest);
    }

    @Example
    void quoteExamples() {
        assertEquals("null", SeriesIds.quote(null));
        assertEquals("\"\"", SeriesIds.quote(""));
        assertEquals("\"a\\\"b\\\\c\\u000ad\"", SeriesIds.quote("a\"b\\c\nd"));
        assertEquals("\"" + "x".repeat(80) + "\"...(81 chars)", SeriesIds.quote("x".repeat(81)));
        assertEquals("\"" + "x".repeat(80) + "\"", SeriesIds.quote("x".repeat(80)));
    }

    @Example
    void integerIdsAreTheirDecimalStrings() {
        assertEquals("0", SeriesIds.of(0));
        assertEquals("-9223372036854775808", SeriesIds.of(Long.MIN_VALUE));
        assertEquals("42", SeriesIds.of(42));
        assertTrue(SeriesIds.isValid(SeriesIds.of(Long.MIN_VALUE)));
    }
}
