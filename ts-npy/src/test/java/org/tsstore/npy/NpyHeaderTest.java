package org.tsstore.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

/** The header reader and writer, with the series checks, against {@link NpyModel}'s bytes. */
class NpyHeaderTest {

    /** Parses a series file's header as a reader does: header, shape, then the file's length. */
    private static NpyHeader parse(byte[] file) throws NpyFormatException {
        NpyHeader h = NpyHeader.parse(ByteBuffer.wrap(file, 0, Math.min(file.length, 256 * 1024)).slice(),
                file.length);
        NpySeries.points(h);
        h.checkLength(file.length);
        return h;
    }

    private static String refusal(byte[] file) {
        return assertThrows(NpyFormatException.class, () -> parse(file)).getMessage();
    }

    private static void assertHeader(int version, boolean bigEndian, boolean fortran, long n, int dataOffset,
            NpyHeader h) {
        assertEquals(version, h.version());
        assertEquals(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, h.byteOrder());
        assertEquals(fortran, h.fortranOrder());
        assertArrayEquals(new long[] {2, n}, h.shape());
        assertEquals(dataOffset, h.dataOffset());
        assertEquals(dataOffset + 16 * n, h.fileBytes());
    }

    @Provide
    Arbitrary<Integer> points() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, NpySeries.MAX_POINTS),
                Arbitraries.of(9, 10, 99, 100, 999_999, 1_000_000, NpySeries.MAX_POINTS));
    }

    @Property
    void encodeIsWhatNumpyWrites(@ForAll("points") int n) {
        byte[] expected = NpyModel.wrap(NpyModel.dict("<f8", false, 2, n), 1);
        assertArrayEquals(expected, NpySeries.header(n).encode());
        assertEquals(0, NpySeries.header(n).encode().length % 64, "data starts on a 64-byte boundary");
    }

    @Property
    void encodedHeaderParsesBack(@ForAll("points") int n) throws NpyFormatException {
        byte[] header = NpySeries.header(n).encode();
        NpyHeader h = NpyHeader.parse(ByteBuffer.wrap(header), header.length + 16L * n);
        assertHeader(1, false, false, n, header.length, h);
        assertEquals(NpySeries.header(n), h);
    }

    @Property
    void readsEveryVariantNumpyWrites(@ForAll @IntRange(min = 0, max = 5000) int n, @ForAll boolean bigEndian,
            @ForAll boolean fortran, @ForAll @IntRange(min = 1, max = 3) int major) throws NpyFormatException {
        byte[] header = NpyModel.wrap(NpyModel.dict(bigEndian ? ">f8" : "<f8", fortran, 2, n), major);
        byte[] file = Arrays.copyOf(header, header.length + 16 * n);
        NpyHeader h = parse(file);
        assertHeader(major, bigEndian, fortran, n, header.length, h);
    }

    /** Hand-written headers in other spellings Python accepts: key order, spacing, quotes, comments. */
    @Property
    void readsOtherSpellingsOfTheSameDict(@ForAll @IntRange(min = 0, max = 100_000) int n, @ForAll long seed,
            @ForAll boolean bigEndian, @ForAll boolean fortran) throws NpyFormatException {
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
        assertHeader(1, bigEndian, fortran, n, 10 + text.length, h);
    }

    private static String quote(String s, Random r) {
        return r.nextBoolean() ? "'" + s + "'" : "\"" + s + "\"";
    }

    private static String sp(Random r) {
        return " \t\n".substring(0, r.nextInt(4));
    }

    @Example
    void readsPython2LongSuffixInOldVersionsOnly() throws NpyFormatException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }";
        byte[] v1 = Arrays.copyOf(NpyModel.wrap(dict, 1), NpyModel.wrap(dict, 1).length + 48);
        assertEquals(3, NpySeries.points(parse(v1)));
        byte[] v3 = Arrays.copyOf(NpyModel.wrap(dict, 3), NpyModel.wrap(dict, 3).length + 48);
        assertTrue(refusal(v3).contains("cannot be read"));
    }

    @Example
    void aVersion3HeaderIsUtf8() throws NpyFormatException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }  # \u00e9\u4e2d ab";
        byte[] header = NpyModel.wrap(dict, 3);
        assertEquals(1, NpySeries.points(parse(Arrays.copyOf(header, header.length + 16))));
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
            assertTrue(NpySeries.points(h) >= 0 && h.dataOffset() >= 10 && h.dataOffset() <= file.length);
        } catch (NpyFormatException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
        }
    }

    private static NpyFormatException refused(byte[] file) {
        return assertThrows(NpyFormatException.class, () -> parse(file));
    }

    @Example
    void refusalsNameTheirProblemAndWhatWasFound() {
        byte[] good = withDict(NpyModel.dict("<f8", false, 2, 3), 48);
        byte[] version = good.clone();
        version[6] = 4;
        NpyFormatException e = refused(version);
        assertEquals(NpyFormatException.Problem.VERSION, e.problem());
        assertEquals("4.0", e.found());
        assertEquals(NpyFormatException.Problem.NOT_NPY, refused(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}).problem());
        assertEquals(NpyFormatException.Problem.TRUNCATED, refused(new byte[] {(byte) 0x93, 'N'}).problem());
        byte[] longHeader = Arrays.copyOf(good, 20);
        longHeader[8] = (byte) 0xff;
        e = refused(longHeader);
        assertEquals(NpyFormatException.Problem.HEADER_LENGTH, e.problem());
        assertEquals(Integer.toString(0xff + (good[9] & 0xff) * 256), e.found());
        String nope = "{'descr': '<f8', 'fortran_order': nope}";
        e = refused(withDict(nope, 48));
        assertEquals(NpyFormatException.Problem.MALFORMED, e.problem());
        assertEquals(34, e.position());
        assertTrue(e.found().startsWith(nope), e.found());
        e = refused(withDict("{'descr': '<f8'}", 48));
        assertEquals(NpyFormatException.Problem.FIELDS, e.problem());
        assertTrue(e.found().startsWith("{'descr': '<f8'}"), e.found());
        e = refused(withDict(NpyModel.dict("<f4", false, 2, 3), 48));
        assertEquals(NpyFormatException.Problem.DTYPE, e.problem());
        assertEquals("'<f4'", e.found());
        e = refused(withDict(NpyModel.dict("<f8", false, 4, 2), 64));
        assertEquals(NpyFormatException.Problem.SHAPE, e.problem());
        assertEquals("(4, 2)", e.found());
        e = refused(withDict(NpyModel.dict("<f8", false, 2, 1L << 40), 0));
        assertEquals(NpyFormatException.Problem.TOO_LARGE, e.problem());
        assertEquals(NpyFormatException.Problem.LENGTH, refused(Arrays.copyOf(good, good.length - 1)).problem());
    }

    @Example
    void readFromAChannelLeavesItAtTheData() throws java.io.IOException {
        byte[] file = NpyModel.file(new double[] {1, 2}, new double[] {3, 4}, true, true, 2);
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(file);
        NpyHeader h = NpyHeader.read(java.nio.channels.Channels.newChannel(in), file.length);
        assertHeader(2, true, true, 2, 128, h);
        assertEquals(32, in.available());
        assertEquals(NpyFormatException.Problem.TRUNCATED, assertThrows(NpyFormatException.class,
                () -> NpyHeader.read(java.nio.channels.Channels.newChannel(
                        new java.io.ByteArrayInputStream(file, 0, 100)), file.length)).problem());
    }
}
