package org.tsstore.npy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The binary frame around an npy header's dict: the magic string, the version, the little-endian
 * header length (2 bytes in version 1.0, 4 in 2.0 and 3.0), the text encoding of each version, and the
 * padding that makes the data start on a 64-byte boundary. Checks a frame before anything is read from
 * it, and builds one as numpy does.
 */
final class NpyPreamble {

    /** The magic string every npy file starts with. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** The longest preamble: magic, version and a 4-byte length. */
    static final int LONGEST = MAGIC.length + 2 + 4;

    private static final int ARRAY_ALIGN = 64;

    private NpyPreamble() {}

    /** Checks the preamble and returns where the header ends: the data offset. */
    static int headerEnd(ByteBuffer start, long inputBytes) throws NpyFormatException {
        ByteBuffer b = start.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int available = b.limit();
        if (inputBytes < MAGIC.length + 4 || available < MAGIC.length + 4) {
            throw new NpyFormatException(NpyFormatException.Problem.TRUNCATED, "the file is only " + inputBytes
                    + " bytes long, too short for an npy header");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(i) != MAGIC[i]) {
                throw new NpyFormatException(NpyFormatException.Problem.NOT_NPY,
                        "not an npy file: it does not start with the npy magic string \\x93NUMPY (it starts with "
                                + hex(b, Math.min(available, 8)) + ")");
            }
        }
        int major = b.get(6) & 0xff;
        int minor = b.get(7) & 0xff;
        if (minor != 0 || major < 1 || major > 3) {
            throw new NpyFormatException(NpyFormatException.Problem.VERSION, "unsupported npy format version "
                    + major + "." + minor + " (versions 1.0, 2.0 and 3.0 are read)", -1, major + "." + minor);
        }
        int prefix = prefixBytes(major);
        if (inputBytes < prefix || available < prefix) {
            throw new NpyFormatException(NpyFormatException.Problem.TRUNCATED, "the file is only " + inputBytes
                    + " bytes long, too short for an npy " + major + ".0 header");
        }
        long headerLength = major == 1 ? b.getShort(8) & 0xffffL : b.getInt(8) & 0xffffffffL;
        if (prefix + headerLength > inputBytes) {
            throw new NpyFormatException(NpyFormatException.Problem.HEADER_LENGTH, "truncated: the npy header "
                    + "declares " + headerLength + " bytes of header but the file is only " + inputBytes
                    + " bytes long", -1, Long.toString(headerLength));
        }
        if (prefix + headerLength > NpyHeader.MAX_HEADER_BYTES) {
            throw new NpyFormatException(NpyFormatException.Problem.HEADER_LENGTH, "the npy header declares "
                    + headerLength + " bytes of header; more than the " + (NpyHeader.MAX_HEADER_BYTES - prefix)
                    + " this reader accepts", -1, Long.toString(headerLength));
        }
        return (int) (prefix + headerLength);
    }

    /** The header text: ISO-8859-1 in versions 1.0 and 2.0, UTF-8 in 3.0. */
    static String text(byte[] raw, int version) throws NpyFormatException {
        if (version < 3) {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException(NpyFormatException.Problem.MALFORMED,
                    "the npy 3.0 header is not valid UTF-8", -1, new String(raw, StandardCharsets.UTF_8));
        }
    }

    /** The version numpy chooses for a dict of so many bytes: 1 unless its length overflows 16 bits. */
    static int version(int textBytes) {
        return lengthFieldBytes(textBytes) == 2 ? 1 : 2;
    }

    /** The dict wrapped as numpy's {@code _wrap_header} does: preamble, dict, padding, newline. */
    static byte[] wrap(byte[] text) {
        int lengthField = lengthFieldBytes(text.length);
        int total = wrappedLength(text.length);
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) version(text.length)).put((byte) 0);
        int headerLength = total - MAGIC.length - 2 - lengthField;
        if (lengthField == 2) {
            b.putShort((short) headerLength);
        } else {
            b.putInt(headerLength);
        }
        b.put(text);
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /** As numpy's {@code _wrap_header_guess_version}: a 2-byte length (1.0) unless it overflows. */
    private static int lengthFieldBytes(int textBytes) {
        return paddedLength(textBytes, 2) - MAGIC.length - 4 > 0xffff ? 4 : 2;
    }

    /** The length of the wrapped header of a dict of so many bytes. */
    static int wrappedLength(int textBytes) {
        return paddedLength(textBytes, lengthFieldBytes(textBytes));
    }

    /** numpy's {@code _wrap_header}: the text, a newline, and 1 to 64 spaces before it to align the data. */
    private static int paddedLength(int textBytes, int lengthField) {
        int unpadded = MAGIC.length + 2 + lengthField + textBytes + 1;
        return unpadded + ARRAY_ALIGN - unpadded % ARRAY_ALIGN;
    }

    static int prefixBytes(int version) {
        return version == 1 ? MAGIC.length + 4 : MAGIC.length + 6;
    }

    private static String hex(ByteBuffer b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", b.get(i) & 0xff));
        }
        return sb.length() == 0 ? "nothing" : "bytes " + sb;
    }
}
