package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SeriesRules;
import org.tsstore.api.SizedContainerTimeSeries;

/** The generators give what they promise, including the cases backends get wrong. */
class SeriesArbitrariesTest {

    @Provide
    Arbitrary<String> ids() {
        return SeriesArbitraries.ids();
    }

    @Provide
    Arbitrary<String> hostileIds() {
        return SeriesArbitraries.hostileIds();
    }

    @Provide
    Arbitrary<String> invalidIds() {
        return SeriesArbitraries.invalidIds();
    }

    @Property(tries = 300)
    void idsAreValid(@ForAll("ids") String id) {
        assertTrue(SeriesIds.isValid(id), SeriesIds.quote(id));
    }

    @Property(tries = 300)
    void hostileIdsAreValid(@ForAll("hostileIds") String id) {
        assertTrue(SeriesIds.isValid(id), SeriesIds.quote(id));
    }

    @Property(tries = 300)
    void invalidIdsAreInvalid(@ForAll("invalidIds") String id) {
        assertFalse(SeriesIds.isValid(id), SeriesIds.quote(id));
    }

    @Example
    void hostileExamplesAreValidDistinctAndHostile() {
        List<String> ids = SeriesArbitraries.hostileIdExamples();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "duplicates");
        ids.forEach(id -> assertTrue(SeriesIds.isValid(id), SeriesIds.quote(id)));
        assertTrue(ids.containsAll(List.of("..", "a/b", "\\", "CON", "con", "/abs", "../x")));
        // twins that collide on case-insensitive or normalising file systems
        Set<String> folded = ids.stream().map(id -> id.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        assertTrue(folded.size() < ids.size(), "case twins");
        Set<String> nfc = ids.stream().map(id -> Normalizer.normalize(id, Normalizer.Form.NFC)).collect(Collectors.toSet());
        assertTrue(nfc.size() < ids.size(), "NFC/NFD twins");
        assertTrue(ids.stream().anyMatch(id -> id.getBytes(StandardCharsets.UTF_8).length == SeriesIds.MAX_UTF8_BYTES
                && id.codePoints().anyMatch(cp -> cp > 0xFFFF)), "a 255-byte id of 4-byte characters");
    }

    @Example
    void invalidExamplesAreInvalidAndCoverEveryRule() {
        List<String> ids = SeriesArbitraries.invalidIdExamples();
        ids.forEach(id -> assertFalse(SeriesIds.isValid(id), SeriesIds.quote(id)));
        assertTrue(ids.contains(""));
        assertTrue(ids.stream().anyMatch(id -> id.getBytes(StandardCharsets.UTF_8).length == SeriesIds.MAX_UTF8_BYTES + 1));
        assertTrue(ids.stream().anyMatch(id -> id.length() >= 10_000));
        assertTrue(ids.stream().anyMatch(id -> id.indexOf('\u0000') >= 0));
        assertTrue(ids.stream().anyMatch(id -> id.chars().anyMatch(c -> Character.isSurrogate((char) c))));
    }

    @Example
    void seriesAreValidAndCoverTheHardCases() {
        List<SizedContainerTimeSeries> sample = SeriesArbitraries.series().sampleStream().limit(1500)
                .collect(Collectors.toList());
        boolean empty = false;
        boolean one = false;
        boolean nan = false;
        boolean plusInf = false;
        boolean minusInf = false;
        boolean negativeZero = false;
        boolean negativeZeroTime = false;
        boolean adjacent = false;
        boolean large = false;
        for (SizedContainerTimeSeries s : sample) {
            double[] t = s.times();
            double[] v = s.values();
            SeriesRules.check(t, v);
            assertTrue(s.size() <= SeriesArbitraries.LONG_SERIES_POINTS);
            empty |= s.size() == 0;
            one |= s.size() == 1;
            large |= s.size() > 5000;
            for (int i = 0; i < t.length; i++) {
                nan |= Double.isNaN(v[i]);
                plusInf |= v[i] == Double.POSITIVE_INFINITY;
                minusInf |= v[i] == Double.NEGATIVE_INFINITY;
                negativeZero |= Double.doubleToRawLongBits(v[i]) == Double.doubleToRawLongBits(-0.0);
                negativeZeroTime |= Double.doubleToRawLongBits(t[i]) == Double.doubleToRawLongBits(-0.0);
                adjacent |= i > 0 && Math.nextUp(t[i - 1]) == t[i];
            }
        }
        assertTrue(empty && one && nan && plusInf && minusInf && negativeZero && negativeZeroTime && adjacent && large,
                "empty " + empty + ", one point " + one + ", NaN " + nan + ", +inf " + plusInf + ", -inf " + minusInf
                        + ", -0.0 " + negativeZero + ", -0.0 time " + negativeZeroTime + ", adjacent " + adjacent
                        + ", over 5000 points " + large);
    }

    @Example
    void boundedSeriesStayWithinTheBound() {
        SeriesArbitraries.series(10).sampleStream().limit(300).forEach(s -> assertTrue(s.size() <= 10, s::toString));
        SeriesArbitraries.series(0).sampleStream().limit(20).forEach(s -> assertEquals(0, s.size()));
    }
}
