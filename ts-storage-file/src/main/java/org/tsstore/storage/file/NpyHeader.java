package org.tsstore.storage.file;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of an npy file holding a series: a {@code (2, N)} array of float64, row 0 the times and row 1
 * the values, in either byte order and either memory order, format version 1.0, 2.0 or 3.0.
 *
 * <p>{@link #parse} checks everything a hostile or damaged file could get wrong before anything is
 * allocated from it: the magic, the version, the header's length against the file's, the dict, the dtype,
 * the shape, and that the file holds exactly the bytes the shape declares. {@link #encode} writes the
 * header exactly as {@code numpy.save} writes it for such an array.
 *
 * @param major the format's major version
 * @param minor the format's minor version
 * @param bigEndian whether the data is big-endian ({@code '>f8'})
 * @param fortranOrder whether the data is in Fortran (column-major) order: times and values interleaved
 * @param points N, the number of points
 * @param dataOffset where the data starts in the file
 */
record NpyHeader(int major, int minor, boolean bigEndian, boolean fortranOrder, int points, int dataOffset) {

    /** The magic string every npy file starts with. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** The most points a series may have: Java's array limit. */
    static final int MAX_POINTS = Integer.MAX_VALUE - 8;
    /**
     * The longest header read. numpy refuses headers over 10,000 characters unless told to trust the file;
     * this reader accepts a little more than version 1.0 can hold, and never more than the file has.
     */
    static final int MAX_HEADER_BYTES = 65_536 + 12;

    private static final int ARRAY_ALIGN = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    /**
     * The bytes of data the header declares.
     *
     * @return 16 N
     */
    long dataBytes() {
        return 16L * points;
    }

    /**
     * The length of the whole file the header declares.
     *
     * @return the data offset plus 16 N
     */
    long fileBytes() {
        return dataOffset + dataBytes();
    }

    /**
     * The header numpy writes for {@code numpy.save(f, a)} with {@code a} a C-order little-endian float64
     * array of shape {@code (2, points)}: version 1.0 when it fits (always, for this shape), space padding
     * and a newline so that the data starts on a 64-byte boundary.
     */
    static byte[] encode(int points) {
        if (points < 0) {
            throw new IllegalArgumentException("points must not be negative: " + points);
        }
        StringBuilder dict = new StringBuilder("{'descr': '<f8', 'fortran_order': False, 'shape': (2, ")
                .append(points)
                .append("), }");
        // numpy leaves room to grow the first axis in place (the last one for Fortran order).
        dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - 1));
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        int hlen = text.length + 1;
        // As numpy's _wrap_header_guess_version: 1.0 unless its 16-bit length field overflows.
        int lengthField = 2;
        int pad = ARRAY_ALIGN - ((MAGIC.length + 2 + lengthField + hlen) % ARRAY_ALIGN);
        if (hlen + pad > 0xffff) {
            lengthField = 4;
            pad = ARRAY_ALIGN - ((MAGIC.length + 2 + lengthField + hlen) % ARRAY_ALIGN);
        }
        int major = lengthField == 2 ? 1 : 2;
        int prefix = MAGIC.length + 2 + lengthField;
        ByteBuffer b = ByteBuffer.allocate(prefix + hlen + pad).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (lengthField == 2) {
            b.putShort((short) (hlen + pad));
        } else {
            b.putInt(hlen + pad);
        }
        b.put(text);
        for (int i = 0; i < pad; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /**
     * Reads and checks the header at the start of a file.
     *
     * @param start the file's first bytes, from index 0 to its limit: at least the whole header, or the
     *     whole file if shorter
     * @param fileBytes the file's length
     * @return the header
     * @throws SeriesFileException saying what is wrong
     */
    static NpyHeader parse(ByteBuffer start, long fileBytes) throws SeriesFileException {
        ByteBuffer b = start.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int available = b.limit();
        if (fileBytes < MAGIC.length + 4 || available < MAGIC.length + 4) {
            throw new SeriesFileException("the file is only " + fileBytes + " bytes long, too short for an npy header");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(i) != MAGIC[i]) {
                throw new SeriesFileException("not an npy file: it does not start with the npy magic string \\x93NUMPY"
                        + " (it starts with " + hex(b, Math.min(available, 8)) + ")");
            }
        }
        int major = b.get(6) & 0xff;
        int minor = b.get(7) & 0xff;
        if (minor != 0 || major < 1 || major > 3) {
            throw new SeriesFileException("unsupported npy format version " + major + "." + minor
                    + " (versions 1.0, 2.0 and 3.0 are read)");
        }
        int prefix = major == 1 ? 10 : 12;
        if (fileBytes < prefix || available < prefix) {
            throw new SeriesFileException("the file is only " + fileBytes + " bytes long, too short for an npy "
                    + major + ".0 header");
        }
        long headerLength = major == 1 ? b.getShort(8) & 0xffffL : b.getInt(8) & 0xffffffffL;
        if (prefix + headerLength > fileBytes) {
            throw new SeriesFileException("truncated: the npy header declares " + headerLength
                    + " bytes of header but the file is only " + fileBytes + " bytes long");
        }
        if (prefix + headerLength > MAX_HEADER_BYTES) {
            throw new SeriesFileException("the npy header declares " + headerLength + " bytes of header; more than the "
                    + (MAX_HEADER_BYTES - prefix) + " this reader accepts");
        }
        if (prefix + headerLength > available) {
            throw new IllegalArgumentException("start holds " + available + " bytes, not the whole header");
        }
        byte[] raw = new byte[(int) headerLength];
        b.get(prefix, raw);
        String text;
        if (major == 3) {
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(raw))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new SeriesFileException("the npy 3.0 header is not valid UTF-8");
            }
        } else {
            text = new String(raw, StandardCharsets.ISO_8859_1);
        }
        Map<String, Object> dict = NpyHeaderDict.parse(text, major <= 2);
        if (!dict.keySet().equals(KEYS)) {
            throw new SeriesFileException("the npy header has the keys " + dict.keySet()
                    + "; numpy writes exactly descr, fortran_order and shape");
        }
        boolean bigEndian = descr(dict.get("descr"));
        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean)) {
            throw new SeriesFileException("fortran_order in the npy header is not True or False: "
                    + NpyHeaderDict.repr(fortran));
        }
        int points = points(dict.get("shape"));
        long dataOffset = prefix + headerLength;
        long expected = dataOffset + 16L * points;
        if (fileBytes < expected) {
            throw new SeriesFileException("truncated: the npy header declares shape (2, " + points + "), "
                    + 16L * points + " bytes of data, but only " + (fileBytes - dataOffset)
                    + " bytes follow the header");
        }
        if (fileBytes > expected) {
            throw new SeriesFileException("the file has " + (fileBytes - expected) + " bytes after the "
                    + 16L * points + " bytes of data its npy header declares (shape (2, " + points + "))");
        }
        return new NpyHeader(major, minor, bigEndian, (Boolean) fortran, points, (int) dataOffset);
    }

    private static boolean descr(Object descr) throws SeriesFileException {
        if ("<f8".equals(descr)) {
            return false;
        }
        if (">f8".equals(descr)) {
            return true;
        }
        if (descr instanceof NpyHeaderDict.PyList) {
            throw new SeriesFileException("the array has a structured dtype " + NpyHeaderDict.repr(descr)
                    + "; a series file holds float64 ('<f8' or '>f8')");
        }
        if (descr instanceof String && ((String) descr).endsWith("O")) {
            throw new SeriesFileException("the file holds an object array (dtype '" + descr
                    + "'); a series file holds float64 ('<f8' or '>f8')");
        }
        throw new SeriesFileException("the array's dtype is " + NpyHeaderDict.repr(descr)
                + "; a series file holds float64 ('<f8' or '>f8')");
    }

    private static int points(Object shape) throws SeriesFileException {
        if (!(shape instanceof NpyHeaderDict.Tuple)) {
            throw new SeriesFileException("the shape in the npy header is not a tuple: " + NpyHeaderDict.repr(shape));
        }
        List<Object> dims = ((NpyHeaderDict.Tuple) shape).items();
        for (Object d : dims) {
            if (!(d instanceof Long)) {
                throw new SeriesFileException("the shape in the npy header is not a tuple of integers: "
                        + NpyHeaderDict.repr(shape));
            }
            if ((Long) d < 0) {
                throw new SeriesFileException("the shape in the npy header has a negative dimension: "
                        + NpyHeaderDict.repr(shape));
            }
        }
        if (dims.size() != 2 || (Long) dims.get(0) != 2) {
            throw new SeriesFileException("the array's shape is " + NpyHeaderDict.repr(shape)
                    + "; a series file holds a (2, N) array, times in row 0 and values in row 1");
        }
        long n = (Long) dims.get(1);
        if (n > MAX_POINTS) {
            throw new SeriesFileException("the shape (2, " + n + ") has more points than a series can hold ("
                    + MAX_POINTS + ")");
        }
        return (int) n;
    }

    private static String hex(ByteBuffer b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", b.get(i) & 0xff));
        }
        return sb.length() == 0 ? "nothing" : "bytes " + sb;
    }
}
