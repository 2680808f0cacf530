package org.tsstore.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of an npy file holding a float64 array: format version, byte order ({@code '<f8'} or
 * {@code '>f8'}), memory order (C or Fortran) and shape, and where the data starts. Immutable.
 *
 * <p>{@link #parse} reads versions 1.0, 2.0 and 3.0 and checks everything a hostile or damaged file could get
 * wrong before anything is allocated from it: the magic, the version, the header's length against the
 * input's, the dict's grammar and keys, the dtype and the shape. {@link #encode} writes the header exactly as
 * {@code numpy.save} writes it for such an array: version 1.0 unless the header needs more than its 16-bit
 * length field, padded with spaces and a newline so that the data starts on a 64-byte boundary.
 */
public final class NpyHeader {

    /**
     * The longest header read, preamble included. numpy refuses headers over 10,000 characters unless told to
     * trust the file; this reader accepts a little more than version 1.0 can hold, and never more than the
     * input has.
     */
    public static final int MAX_HEADER_BYTES = 65_536 + 12;

    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    private final int version;
    private final ByteOrder byteOrder;
    private final boolean fortranOrder;
    private final long[] shape;
    private final int dataOffset;

    private NpyHeader(int version, ByteOrder byteOrder, boolean fortranOrder, long[] shape, int dataOffset) {
        this.version = version;
        this.byteOrder = byteOrder;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
        this.dataOffset = dataOffset;
    }

    /**
     * The header {@code numpy.save} writes for a float64 array.
     *
     * @param byteOrder the data's byte order
     * @param fortranOrder whether the data is in Fortran (column-major) order
     * @param shape the array's dimensions, none negative
     * @return the header, with the version and data offset {@link #encode} gives it
     */
    public static NpyHeader of(ByteOrder byteOrder, boolean fortranOrder, long... shape) {
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        long[] dims = shape.clone();
        byte[] text = dictBytes(byteOrder, fortranOrder, dims);
        return new NpyHeader(NpyPreamble.version(text.length), byteOrder, fortranOrder, dims,
                NpyPreamble.wrappedLength(text.length));
    }

    /**
     * Reads and checks the header at the start of an npy file.
     *
     * @param start the input's first bytes, from index 0 to its limit: at least the whole header, or the
     *     whole input if shorter; its position and byte order are ignored and left alone
     * @param inputBytes the input's whole length
     * @return the header
     * @throws NpyFormatException saying what is wrong
     * @throws IllegalArgumentException if {@code start} holds less than the header its preamble declares
     */
    public static NpyHeader parse(ByteBuffer start, long inputBytes) throws NpyFormatException {
        ByteBuffer b = start.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int available = b.limit();
        int end = NpyPreamble.headerEnd(b, inputBytes);
        if (end > available) {
            throw new IllegalArgumentException("start holds " + available + " bytes, not the whole header");
        }
        int version = b.get(6) & 0xff;
        int prefix = NpyPreamble.prefixBytes(version);
        byte[] raw = new byte[end - prefix];
        b.get(prefix, raw);
        String text = NpyPreamble.text(raw, version);
        Map<String, Object> dict = NpyHeaderDict.parse(text, version <= 2);
        if (!dict.keySet().equals(KEYS)) {
            throw new NpyFormatException(NpyFormatException.Problem.FIELDS, "the npy header has the keys "
                    + dict.keySet() + "; numpy writes exactly descr, fortran_order and shape", -1, text);
        }
        ByteOrder order = byteOrder(dict.get("descr"));
        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean)) {
            throw new NpyFormatException(NpyFormatException.Problem.FIELDS,
                    "fortran_order in the npy header is not True or False: " + NpyHeaderDict.repr(fortran), -1,
                    text);
        }
        return new NpyHeader(version, order, (Boolean) fortran, shape(dict.get("shape"), text), end);
    }

    /**
     * Reads and checks the header at the start of a channel, leaving the channel at the first byte of data.
     *
     * @param channel the input, at its first byte
     * @param inputBytes the input's whole length, which bounds what the header may declare
     * @return the header
     * @throws NpyFormatException saying what is wrong, or if the channel ends early
     * @throws IOException if reading fails
     */
    public static NpyHeader read(ReadableByteChannel channel, long inputBytes) throws IOException {
        ByteBuffer preamble = ByteBuffer.allocate((int) Math.min(NpyPreamble.LONGEST, Math.max(0, inputBytes)));
        readFully(channel, preamble);
        int end = NpyPreamble.headerEnd(preamble.flip(), inputBytes);
        ByteBuffer all = ByteBuffer.allocate(Math.max(end, preamble.limit()));
        all.put(preamble).limit(end);
        readFully(channel, all);
        return parse(all.flip(), inputBytes);
    }

    private static void readFully(ReadableByteChannel channel, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new NpyFormatException(NpyFormatException.Problem.TRUNCATED,
                        "the input ended after " + b.position() + " bytes, inside the npy header");
            }
        }
    }

    private static ByteOrder byteOrder(Object descr) throws NpyFormatException {
        if ("<f8".equals(descr)) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (">f8".equals(descr)) {
            return ByteOrder.BIG_ENDIAN;
        }
        String repr = NpyHeaderDict.repr(descr);
        String message;
        if (descr instanceof NpyHeaderDict.PyList) {
            message = "the array has a structured dtype " + repr + "; a series file holds float64 ('<f8' or '>f8')";
        } else if (descr instanceof String && ((String) descr).endsWith("O")) {
            message = "the file holds an object array (dtype '" + descr
                    + "'); a series file holds float64 ('<f8' or '>f8')";
        } else {
            message = "the array's dtype is " + repr + "; a series file holds float64 ('<f8' or '>f8')";
        }
        throw new NpyFormatException(NpyFormatException.Problem.DTYPE, message, -1, repr);
    }

    private static long[] shape(Object shape, String text) throws NpyFormatException {
        if (!(shape instanceof NpyHeaderDict.Tuple)) {
            throw new NpyFormatException(NpyFormatException.Problem.FIELDS,
                    "the shape in the npy header is not a tuple: " + NpyHeaderDict.repr(shape), -1, text);
        }
        List<Object> items = ((NpyHeaderDict.Tuple) shape).items();
        long[] dims = new long[items.size()];
        for (int i = 0; i < dims.length; i++) {
            Object d = items.get(i);
            if (!(d instanceof Long)) {
                throw new NpyFormatException(NpyFormatException.Problem.FIELDS, "the shape in the npy header is "
                        + "not a tuple of integers: " + NpyHeaderDict.repr(shape), -1, text);
            }
            if ((Long) d < 0) {
                throw new NpyFormatException(NpyFormatException.Problem.FIELDS, "the shape in the npy header has "
                        + "a negative dimension: " + NpyHeaderDict.repr(shape), -1, text);
            }
            dims[i] = (Long) d;
        }
        return dims;
    }

    /**
     * The header's bytes as {@code numpy.save} writes them for an array of this byte order, memory order and
     * shape; for a header from {@link #of}, exactly {@link #dataOffset()} bytes.
     *
     * @return a new array
     */
    public byte[] encode() {
        return NpyPreamble.wrap(dictBytes(byteOrder, fortranOrder, shape));
    }

    private static byte[] dictBytes(ByteOrder order, boolean fortranOrder, long[] shape) {
        String descr = order == ByteOrder.BIG_ENDIAN ? ">f8" : "<f8";
        return NpyHeaderDict.format(descr, fortranOrder, shape).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The format's major version: 1, 2 or 3 (the minor version is always 0).
     *
     * @return the version
     */
    public int version() {
        return version;
    }

    /**
     * The data's byte order: little-endian for {@code '<f8'}, big-endian for {@code '>f8'}.
     *
     * @return the byte order
     */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /**
     * Whether the data is in Fortran (column-major) order rather than C (row-major) order.
     *
     * @return true for Fortran order
     */
    public boolean fortranOrder() {
        return fortranOrder;
    }

    /**
     * The array's dimensions.
     *
     * @return a copy
     */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Where the data starts: the length of the header, preamble and padding included.
     *
     * @return the offset in bytes
     */
    public int dataOffset() {
        return dataOffset;
    }

    /**
     * The bytes of data the shape declares, 8 per element; {@link Long#MAX_VALUE} if more than that.
     *
     * @return the byte count
     */
    public long dataBytes() {
        if (Arrays.stream(shape).anyMatch(d -> d == 0)) {
            return 0;
        }
        long bytes = Double.BYTES;
        for (long d : shape) {
            bytes = bytes > Long.MAX_VALUE / d ? Long.MAX_VALUE : bytes * d;
        }
        return bytes;
    }

    /**
     * The length of a file holding exactly this header and its data.
     *
     * @return the data offset plus the data bytes, at most {@link Long#MAX_VALUE}
     */
    public long fileBytes() {
        long data = dataBytes();
        return data > Long.MAX_VALUE - dataOffset ? Long.MAX_VALUE : dataOffset + data;
    }

    /**
     * Checks that an input holds exactly this header and the data it declares.
     *
     * @param inputBytes the input's length
     * @throws NpyFormatException with {@link NpyFormatException.Problem#LENGTH} if it holds fewer or more
     */
    public void checkLength(long inputBytes) throws NpyFormatException {
        long expected = fileBytes();
        String shapeText = shapeRepr();
        if (inputBytes < expected) {
            throw new NpyFormatException(NpyFormatException.Problem.LENGTH, "truncated: the npy header declares "
                    + "shape " + shapeText + ", " + dataBytes() + " bytes of data, but only "
                    + (inputBytes - dataOffset) + " bytes follow the header");
        }
        if (inputBytes > expected) {
            throw new NpyFormatException(NpyFormatException.Problem.LENGTH, "the file has "
                    + (inputBytes - expected) + " bytes after the " + dataBytes()
                    + " bytes of data its npy header declares (shape " + shapeText + ")");
        }
    }

    /**
     * The shape as Python writes a tuple, as in {@code (2, 5)} or {@code (4,)}.
     *
     * @return the text
     */
    public String shapeRepr() {
        return NpyHeaderDict.repr(new NpyHeaderDict.Tuple(Arrays.stream(shape).boxed().map(Object.class::cast)
                .toList()));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NpyHeader)) {
            return false;
        }
        NpyHeader h = (NpyHeader) o;
        return version == h.version && byteOrder.equals(h.byteOrder) && fortranOrder == h.fortranOrder
                && Arrays.equals(shape, h.shape) && dataOffset == h.dataOffset;
    }

    @Override
    public int hashCode() {
        return ((version * 31 + byteOrder.hashCode()) * 31 + Boolean.hashCode(fortranOrder)) * 31
                + Arrays.hashCode(shape) * 31 + dataOffset;
    }

    /** The header as numpy's dict, with the version and data offset, for messages and tests. */
    @Override
    public String toString() {
        return "npy " + version + ".0 {'descr': '" + (byteOrder == ByteOrder.BIG_ENDIAN ? ">" : "<")
                + "f8', 'fortran_order': " + (fortranOrder ? "True" : "False") + ", 'shape': " + shapeRepr()
                + "}, data at " + dataOffset;
    }
}
