package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class NpyHeaderTest {

    private static NpyHeader parse(byte[] file) throws SeriesFileException {
        return NpyHeader.parse(ByteBuffer.wrap(file, 0, Math.min(file.length, IoBuffers.CAPACITY)).slice(),
                file.length);
    }

    private static String refusal(byte[] file) {
        return assertThrows(SeriesFileException.class, () -> parse(file)).getMessage();
    }

    @Provide
    Arbitrary<Integer> points() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, NpyHeader.MAX_POINTS),
                Arbitraries.of(9, 10, 99, 100, 999_999, 1_000_000, NpyHeader.MAX_POINTS));
    }

    @Property
    void encodeIsWhatNumpyWrites(@ForAll("points") int n) {
        byte[] expected = NpyModel.wrap(NpyModel.dict("<f8", false, 2, n), 1);
        assertArrayEquals(expected, NpyHeader.encode(n));
        assertEquals(0, NpyHeader.encode(n).length % 64, "data starts on a 64-byte boundary");
    }

    @Property
    void encodedHeaderParsesBack(@ForAll("points") int n) throws SeriesFileException {
        byte[] header = NpyHeader.encode(n);
        NpyHeader h = NpyHeader.parse(ByteBuffer.wrap(header), header.length + 16L * n);
        assertEquals(new NpyHeader(1, 0, false, false, n, header.length), h);
    }

    @Property
    void readsEveryVariantNumpyWrites(@ForAll @IntRange(min = 0, max = 5000) int n, @ForAll boolean bigEndian,
            @ForAll boolean fortran, @ForAll @IntRange(min = 1, max = 3) int major) throws SeriesFileException {
        byte[] header = NpyModel.wrap(NpyModel.dict(bigEndian ? ">f8" : "<f8", fortran, 2, n), major);
        byte[] file = Arrays.copyOf(header, header.length + 16 * n);
        NpyHeader h = parse(file);
        assertEquals(new NpyHeader(major, 0, bigEndian, fortran, n, header.length), h);
    }

    /** Hand-written headers in other spellings Python accepts: key order, spacing, quotes, comments. */
    @Property
    void readsOtherSpellingsOfTheSameDict(@ForAll @IntRange(min = 0, max = 100_000) int n, @ForAll long seed,
            @ForAll boolean bigEndian, @ForAll boolean fortran) throws SeriesFileException {
        Random r = new Random(seed);
        List<String> items = new ArrayList<>(List.of(
                quote("descr", r) + sp(r) + ":" + sp(r) + quote(bigEndian ? ">f8" : "<f8", r),
                quote("fortran_order", r) + sp(r) + ":" + sp(r) + (fortran ? "True" : "False"),
                quote("shape", r) + sp(r) + ":" + sp(r) + "(" + sp(r) + "2" + sp(r) + "," + sp(r) + n + sp(r)
                        + (r.nextBoolean() ? "," : "") + sp(r) + ")"));
        Collections.shuffle(items, r);
        String dict = sp(r) + "{" + sp(r) + String.join("," + sp(r), items) + (r.nextBoolean() ? "," : "") + sp(r)
                + "}" + sp(r) + (r.nextInt(4) == 0 ? "# a comment" : "") + "\n";
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length + 16 * n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) text.length).put(text);
        NpyHeader h = parse(b.array());
        assertEquals(new NpyHeader(1, 0, bigEndian, fortran, n, 10 + text.length), h);
    }

    private static String quote(String s, Random r) {
        return r.nextBoolean() ? "'" + s + "'" : "\"" + s + "\"";
    }

    private static String sp(Random r) {
        return " \t\n".substring(0, r.nextInt(4));
    }

    @Example
    void readsPython2LongSuffixInOldVersionsOnly() throws SeriesFileException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }";
        byte[] v1 = Arrays.copyOf(NpyModel.wrap(dict, 1), NpyModel.wrap(dict, 1).length + 48);
        assertEquals(3, parse(v1).points());
        byte[] v3 = Arrays.copyOf(NpyModel.wrap(dict, 3), NpyModel.wrap(dict, 3).length + 48);
        assertTrue(refusal(v3).contains("cannot be read"));
    }

    @Example
    void aVersion3HeaderIsUtf8() throws SeriesFileException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }  # \u00e9\u4e2d ab";
        byte[] header = NpyModel.wrap(dict, 3);
        assertEquals(1, parse(Arrays.copyOf(header, header.length + 16)).points());
        int at = new String(header, StandardCharsets.ISO_8859_1).indexOf(" ab");
        header[at + 1] = (byte) 0xc3; // a lead byte followed by '(' is not UTF-8
        header[at + 2] = (byte) '(';
        assertTrue(refusal(Arrays.copyOf(header, header.length + 16)).contains("UTF-8"));
    }

    /** A valid file with {@code dict} as its header and the data its shape would need if (2, n). */
    private static byte[] withDict(String dict, int dataBytes) {
        byte[] header = NpyModel.wrap(dict, 1);
        return Arrays.copyOf(header, header.length + dataBytes);
    }

    @Example
    void refusesOtherDtypesNamingThem() {
        for (String descr : List.of("<f4", "<i8", ">i4", "<c16", "|u1", "<M8[s]", "|b1", "<U3")) {
            String m = refusal(withDict(NpyModel.dict(descr, false, 2, 3), 48));
            assertTrue(m.contains(descr) && m.contains("float64"), m);
        }
        String object = refusal(withDict(NpyModel.dict("|O", false, 2, 3), 48));
        assertTrue(object.contains("object array"), object);
        String structured = refusal(withDict(
                "{'descr': [('t', '<f8'), ('v', '<f8')], 'fortran_order': False, 'shape': (3,), }", 48));
        assertTrue(structured.contains("structured dtype"), structured);
    }

    @Example
    void refusesOtherShapesNamingThem() {
        for (long[] shape : List.of(new long[] {3, 4}, new long[] {4, 2}, new long[] {2}, new long[] {2, 4, 1},
                new long[] {}, new long[] {1, 2})) {
            String m = refusal(withDict(NpyModel.dict("<f8", false, shape), 64));
            assertTrue(m.contains("shape is " + NpyModel.repr(shape)) && m.contains("(2, N)"), m);
        }
        String negative = refusal(withDict(NpyModel.dict("<f8", false, 2, -1), 0));
        assertTrue(negative.contains("negative"), negative);
        String huge = refusal(withDict(NpyModel.dict("<f8", false, 2, 1L << 40), 0));
        assertTrue(huge.contains("more points than a series can hold"), huge);
        String overflow = refusal(withDict("{'descr': '<f8', 'fortran_order': False, 'shape': (2, "
                + "99999999999999999999999), }", 0));
        assertTrue(overflow.contains("too large"), overflow);
    }

    @Example
    void refusesWrongKeys() {
        String missing = refusal(withDict("{'descr': '<f8', 'shape': (2, 3), }", 48));
        assertTrue(missing.contains("keys"), missing);
        String extra = refusal(withDict("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'id': 'x'}", 48));
        assertTrue(extra.contains("keys"), extra);
        String twice = refusal(withDict("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}",
                48));
        assertTrue(twice.contains("twice"), twice);
        String notBool = refusal(withDict("{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3)}", 48));
        assertTrue(notBool.contains("fortran_order"), notBool);
        String list = refusal(withDict("{'descr': '<f8', 'fortran_order': False, 'shape': [2, 3]}", 48));
        assertTrue(list.contains("not a tuple"), list);
        String notDict = refusal(withDict("('descr', '<f8')", 48));
        assertTrue(notDict.contains("not a dict"), notDict);
    }

    @Example
    void refusesGarbageHeaders() {
        for (String garbage : List.of("", "{", "{'descr': '<f8'", "{'descr': '<f8', 'fortran_order': False, "
                + "'shape': (2, 3), } trailing", "{'descr': '<f8\n', }", "{'a': __import__('os')}", "{'a': 1.5}",
                "{'a': 0x10}", "{'a': 'bad escape \\q'}", "((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))",
                "\u0000\u0001\u0002")) {
            String m = refusal(withDict(garbage, 48));
            assertTrue(m.contains("npy header"), m);
        }
    }

    @Example
    void refusesWrongMagicAndVersions() {
        byte[] good = withDict(NpyModel.dict("<f8", false, 2, 3), 48);
        byte[] magic = good.clone();
        magic[1] = 'X';
        assertTrue(refusal(magic).contains("magic"));
        byte[] text = "hello, this is not numpy at all, just some text".getBytes(StandardCharsets.US_ASCII);
        assertTrue(refusal(text).contains("magic"));
        for (int[] version : new int[][] {{4, 0}, {0, 0}, {1, 1}, {255, 255}}) {
            byte[] v = good.clone();
            v[6] = (byte) version[0];
            v[7] = (byte) version[1];
            String m = refusal(v);
            assertTrue(m.contains("unsupported npy format version " + version[0] + "." + version[1]), m);
        }
        assertTrue(refusal(new byte[0]).contains("too short"));
        assertTrue(refusal(Arrays.copyOf(good, 9)).contains("too short"));
    }

    @Example
    void refusesDeclaredSizesTheFileDoesNotHold() {
        byte[] header = NpyModel.wrap(NpyModel.dict("<f8", false, 2, 1000), 1);
        String truncated = refusal(Arrays.copyOf(header, header.length + 16 * 999 + 7));
        assertTrue(truncated.contains("truncated") && truncated.contains("(2, 1000)"), truncated);
        String longer = refusal(Arrays.copyOf(header, header.length + 16 * 1000 + 1));
        assertTrue(longer.contains("1 bytes after"), longer);
        // A header length past the end of the file.
        byte[] lying = Arrays.copyOf(header, 64);
        String past = refusal(lying);
        assertTrue(past.contains("truncated"), past);
        // A 4 GiB header length in a version 2 file.
        byte[] v2 = NpyModel.wrap(NpyModel.dict("<f8", false, 2, 0), 2);
        v2[8] = v2[9] = v2[10] = v2[11] = (byte) 0xff;
        assertTrue(refusal(v2).contains("truncated"));
    }

    /** Whatever a file's first bytes are, parse either refuses it or describes exactly that file. */
    @Property(tries = 2000)
    void hostileBytesAreRefusedOrExact(@ForAll @IntRange(min = 0, max = 300) int n, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 3) int major, @ForAll @LongRange(min = 0, max = 12) long edits) {
        Random r = new Random(seed);
        byte[] file = NpyModel.file(new double[n], new double[n], r.nextBoolean(), r.nextBoolean(), major);
        int headerEnd = Math.min(file.length, 200);
        for (int i = 0; i < edits; i++) {
            int at = r.nextInt(headerEnd);
            switch (r.nextInt(3)) {
                case 0:
                    file[at] = (byte) r.nextInt(256);
                    break;
                case 1:
                    file = Arrays.copyOf(file, r.nextInt(file.length + 1));
                    headerEnd = Math.min(file.length, 200);
                    if (headerEnd == 0) {
                        i = (int) edits;
                    }
                    break;
                default:
                    file = Arrays.copyOf(file, file.length + r.nextInt(64));
                    break;
            }
        }
        try {
            NpyHeader h = parse(file);
            assertEquals(file.length, h.fileBytes());
            assertTrue(h.points() >= 0 && h.dataOffset() >= 10 && h.dataOffset() <= file.length);
        } catch (SeriesFileException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
        }
    }
}
