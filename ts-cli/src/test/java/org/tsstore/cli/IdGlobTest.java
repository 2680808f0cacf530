package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdGlobTest {

    private static void matches(String glob, String... ids) {
        for (String id : ids) {
            assertTrue(IdGlob.of(glob).matches(id), glob + " should match " + id);
        }
    }

    private static void rejects(String glob, String... ids) {
        for (String id : ids) {
            assertFalse(IdGlob.of(glob).matches(id), glob + " should not match " + id);
        }
    }

    @Test
    void starMatchesAnyRunIncludingSlashes() {
        matches("demo/*", "demo/", "demo/sine", "demo/a/b");
        rejects("demo/*", "demo", "xdemo/sine");
        matches("*sine", "sine", "demo/sine");
        matches("*", "", "anything at all", "日本");
    }

    @Test
    void questionMarkIsExactlyOneCharacter() {
        matches("s?", "s1", "sé", "s😀");
        rejects("s?", "s", "s12");
    }

    @Test
    void classesRangesAndNegation() {
        matches("s[0-9]", "s0", "s9");
        rejects("s[0-9]", "sa", "s");
        matches("s[!0-9]", "sa", "s-");
        rejects("s[!0-9]", "s5");
        matches("s[^ab]", "sc");
        matches("[]x]", "]", "x");
        matches("[a-]", "a", "-");
    }

    @Test
    void regexCharactersAreLiteral() {
        matches("a.b(c)+$", "a.b(c)+$");
        rejects("a.b", "axb");
        matches("\\*", "*");
        rejects("\\*", "x");
        matches("x\\?", "x?");
    }

    @Test
    void malformedPatternsAreUsageErrors() {
        assertEquals("pattern s[0-9 has a [ without a closing ]",
                assertThrows(UsageException.class, () -> IdGlob.of("s[0-9")).getMessage());
        assertEquals("pattern a\\ ends with a lone backslash",
                assertThrows(UsageException.class, () -> IdGlob.of("a\\")).getMessage());
    }
}
