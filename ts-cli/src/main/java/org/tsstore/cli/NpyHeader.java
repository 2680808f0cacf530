package org.tsstore.cli;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an npy header says about a {@code (2, N)} float64 array: byte order, memory order and N. Parsed from
 * the header's Python dictionary literal and checked: another dtype or shape is refused with a message
 * naming the source.
 */
final class NpyHeader {

    final ByteOrder order;
    final boolean fortranOrder;
    final long points;

    private NpyHeader(ByteOrder order, boolean fortranOrder, long points) {
        this.order = order;
        this.fortranOrder = fortranOrder;
        this.points = points;
    }

    static NpyHeader parse(String text, String source) {
        Map<String, Object> dict = new HeaderDictParser(text, source).parse();
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shape = dict.get("shape");
        if (!(descr instanceof String) || !(fortran instanceof Boolean) || !(shape instanceof long[])) {
            throw new InvalidDataException(source + ": the npy header lacks descr, fortran_order or shape: "
                    + text.trim());
        }
        ByteOrder order;
        switch ((String) descr) {
            case "<f8":
                order = ByteOrder.LITTLE_ENDIAN;
                break;
            case ">f8":
                order = ByteOrder.BIG_ENDIAN;
                break;
            default:
                throw new InvalidDataException(source + ": dtype '" + descr + "' is not float64 ('<f8' or"
                        + " '>f8'); convert it with a.astype('<f8')");
        }
        long[] dims = (long[]) shape;
        if (dims.length != 2 || dims[0] != 2) {
            throw new InvalidDataException(source + ": shape " + shapeText(dims)
                    + " is not (2, N) with times in row 0 and values in row 1"
                    + (dims.length == 2 && dims[1] == 2 ? "; transpose it, or save numpy.vstack([t, v])" : ""));
        }
        if (dims[1] > Integer.MAX_VALUE - 8) {
            throw new InvalidDataException(source + ": shape " + shapeText(dims) + " has more points than "
                    + "one series may hold");
        }
        return new NpyHeader(order, (Boolean) fortran, dims[1]);
    }

    private static String shapeText(long[] dims) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            sb.append(i > 0 ? ", " : "").append(dims[i]);
        }
        return sb.append(dims.length == 1 ? ",)" : ")").toString();
    }

    /**
     * The subset of Python literal syntax that npy headers use: a dict of quoted string keys to quoted
     * strings, {@code True}/{@code False} and tuples of integers.
     */
    private static final class HeaderDictParser {
        private final String text;
        private final String source;
        private int pos;

        HeaderDictParser(String text, String source) {
            this.text = text;
            this.source = source;
        }

        Map<String, Object> parse() {
            Map<String, Object> dict = new LinkedHashMap<>();
            expect('{');
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    break;
                }
                String key = string();
                expect(':');
                dict.put(key, value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect('}');
                    break;
                }
            }
            skipSpace();
            if (pos != text.length()) {
                throw malformed("text after the dictionary");
            }
            return dict;
        }

        private Object value() {
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw malformed("unexpected value");
        }

        private long[] tuple() {
            expect('(');
            long[] items = new long[0];
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    pos++;
                    return items;
                }
                items = Arrays.copyOf(items, items.length + 1);
                items[items.length - 1] = integer();
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect(')');
                    return items;
                }
            }
        }

        private long integer() {
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (start == pos || pos - start > 18) {
                throw malformed("expected a dimension");
            }
            long n = Long.parseLong(text.substring(start, pos));
            if (pos < text.length() && text.charAt(pos) == 'L') {
                pos++; // written by Python 2
            }
            return n;
        }

        private String string() {
            skipSpace();
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw malformed("expected a quoted string");
            }
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw malformed("unterminated string");
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }

        private void expect(char c) {
            skipSpace();
            if (peek() != c) {
                throw malformed("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            if (pos >= text.length()) {
                throw malformed("unexpected end");
            }
            return text.charAt(pos);
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private InvalidDataException malformed(String problem) {
            return new InvalidDataException(source + ": malformed npy header (" + problem + " at character "
                    + pos + "): " + text.trim());
        }
    }
}
