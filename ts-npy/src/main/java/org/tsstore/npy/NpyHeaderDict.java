package org.tsstore.npy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Python literal in an npy header, both ways. {@link #parse} reads the subset of
 * {@code ast.literal_eval} that numpy's headers use (a dict of strings to strings, booleans, {@code None},
 * integers, tuples and lists) and refuses everything else with a message; it is linear in the input and
 * bounds nesting, so a hostile header cannot exhaust the stack. {@link #format} writes the dict as numpy's
 * {@code _write_array_header} does.
 */
final class NpyHeaderDict {

    /** A Python tuple. */
    record Tuple(List<Object> items) {}

    /** A Python list, which numpy uses for structured dtypes. */
    record PyList(List<Object> items) {}

    /** Stands for Python's {@code None}. */
    enum None { NONE }

    /** The digits numpy leaves room for in the growing axis of a header it writes. */
    static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private static final int MAX_DEPTH = 16;

    private final String text;
    private final boolean allowLongSuffix;
    private int pos;

    private NpyHeaderDict(String text, boolean allowLongSuffix) {
        this.text = text;
        this.allowLongSuffix = allowLongSuffix;
    }

    /**
     * Parses a header's dict.
     *
     * @param text the header text, padding included
     * @param allowLongSuffix whether integers may end in {@code L}, as Python 2 wrote them (numpy accepts
     *     it in format versions 1.0 and 2.0)
     * @return the keys and values, in file order
     */
    static Map<String, Object> parse(String text, boolean allowLongSuffix) throws NpyFormatException {
        NpyHeaderDict p = new NpyHeaderDict(text, allowLongSuffix);
        p.skipSpace();
        Object value = p.value(0);
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected " + p.describeHere() + " after the header's dict");
        }
        if (!(value instanceof Map)) {
            throw new NpyFormatException(NpyFormatException.Problem.MALFORMED,
                    "npy header is not a dict: " + abbreviate(text), 0, text);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> dict = (Map<String, Object>) value;
        return dict;
    }

    /**
     * The dict numpy writes for an array: sorted keys, {@code repr} values, a trailing comma, and spaces after
     * the brace so that the growing axis (the first in C order, the last in Fortran order) can be rewritten
     * in place with up to {@value #GROWTH_AXIS_MAX_DIGITS} digits.
     */
    static String format(String descr, boolean fortranOrder, long[] shape) {
        StringBuilder dict = new StringBuilder("{'descr': ").append(repr(descr))
                .append(", 'fortran_order': ").append(repr(fortranOrder))
                .append(", 'shape': ").append(repr(new Tuple(boxed(shape))))
                .append(", }");
        if (shape.length > 0) {
            long axis = shape[fortranOrder ? shape.length - 1 : 0];
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(axis).length())));
        }
        return dict.toString();
    }

    private static List<Object> boxed(long[] shape) {
        List<Object> items = new ArrayList<>(shape.length);
        for (long d : shape) {
            items.add(d);
        }
        return items;
    }

    /** A value as Python's {@code repr} shows it, for messages. */
    static String repr(Object value) {
        if (value instanceof String) {
            return "'" + value + "'";
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "True" : "False";
        }
        if (value == None.NONE) {
            return "None";
        }
        if (value instanceof Tuple) {
            List<Object> items = ((Tuple) value).items();
            return join(items, "(", items.size() == 1 ? ",)" : ")");
        }
        if (value instanceof PyList) {
            return join(((PyList) value).items(), "[", "]");
        }
        if (value instanceof Map) {
            StringBuilder sb = new StringBuilder("{");
            String sep = "";
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                sb.append(sep).append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                sep = ", ";
            }
            return sb.append('}').toString();
        }
        return String.valueOf(value);
    }

    private static String join(List<Object> items, String open, String close) {
        StringBuilder sb = new StringBuilder(open);
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(repr(items.get(i)));
        }
        return sb.append(close).toString();
    }

    private Object value(int depth) throws NpyFormatException {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= text.length()) {
            throw error("ends where a value was expected");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return dict(depth);
            case '(':
                return sequence(depth, ')');
            case '[':
                return sequence(depth, ']');
            case '\'':
            case '"':
                return string();
            default:
                break;
        }
        if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
            return integer();
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String word = text.substring(start, pos);
            switch (word) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                case "None":
                    return None.NONE;
                default:
                    pos = start;
                    throw error("unsupported name or literal " + abbreviate(word));
            }
        }
        throw error("unexpected " + describeHere());
    }

    private Map<String, Object> dict(int depth) throws NpyFormatException {
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        while (!peek('}')) {
            int keyAt = pos;
            Object key = value(depth + 1);
            if (!(key instanceof String)) {
                pos = keyAt;
                throw error("a dict key is not a string");
            }
            skipSpace();
            expect(':');
            skipSpace();
            Object v = value(depth + 1);
            if (map.put((String) key, v) != null) {
                pos = keyAt;
                throw error("the key " + key + " appears twice");
            }
            skipSpace();
            if (!peek('}')) {
                expect(',');
                skipSpace();
            }
        }
        pos++; // '}'
        return map;
    }

    private Object sequence(int depth, char close) throws NpyFormatException {
        pos++; // '(' or '['
        List<Object> items = new ArrayList<>();
        boolean sawComma = false;
        skipSpace();
        while (!peek(close)) {
            items.add(value(depth + 1));
            skipSpace();
            if (peek(close)) {
                break;
            }
            expect(',');
            sawComma = true;
            skipSpace();
        }
        pos++;
        if (close == ']') {
            return new PyList(List.copyOf(items));
        }
        // (x) is x in Python: a one-item tuple needs its comma.
        if (items.size() == 1 && !sawComma) {
            return items.get(0);
        }
        return new Tuple(List.copyOf(items));
    }

    private String string() throws NpyFormatException {
        char quote = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("a string is not closed");
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\n' || c == '\r') {
                throw error("a string runs past the end of the line");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("a string ends in a backslash");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '\\':
                case '\'':
                case '"':
                    sb.append(e);
                    break;
                case 'n':
                    sb.append('\n');
                    break;
                case 't':
                    sb.append('\t');
                    break;
                case 'r':
                    sb.append('\r');
                    break;
                case '0':
                    sb.append('\0');
                    break;
                case 'x':
                    sb.append((char) hex(2));
                    break;
                case 'u':
                    sb.append((char) hex(4));
                    break;
                default:
                    pos -= 2;
                    throw error("unsupported escape \\" + e + " in a string");
            }
        }
    }

    private int hex(int digits) throws NpyFormatException {
        if (pos + digits > text.length()) {
            throw error("a string escape is cut short");
        }
        int v = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(text.charAt(pos++), 16);
            if (d < 0) {
                throw error("a string escape has a non-hex digit");
            }
            v = v << 4 | d;
        }
        return v;
    }

    private Long integer() throws NpyFormatException {
        int start = pos;
        boolean negative = false;
        if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
            negative = text.charAt(pos) == '-';
            pos++;
            skipSpace();
        }
        int digitsStart = pos;
        long v = 0;
        boolean lastUnderscore = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c >= '0' && c <= '9') {
                if (v > (Long.MAX_VALUE - (c - '0')) / 10) {
                    pos = start;
                    throw error("an integer is too large");
                }
                v = v * 10 + (c - '0');
                lastUnderscore = false;
            } else if (c == '_' && pos > digitsStart && !lastUnderscore) {
                lastUnderscore = true;
            } else {
                break;
            }
            pos++;
        }
        if (pos == digitsStart || lastUnderscore) {
            pos = start;
            throw error("a malformed number");
        }
        if (text.charAt(digitsStart) == '0' && pos - digitsStart > 1 && v != 0) {
            pos = start;
            throw error("an integer with a leading zero (not Python)");
        }
        if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l') && allowLongSuffix) {
            pos++;
        }
        if (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos = start;
            throw error("an unsupported number (only whole decimal numbers are read)");
        }
        return negative ? -v : v;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (isSpace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private boolean peek(char c) throws NpyFormatException {
        if (pos >= text.length()) {
            throw error("ends inside a dict, tuple or list");
        }
        return text.charAt(pos) == c;
    }

    private void expect(char c) throws NpyFormatException {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("expected '" + c + "' but found " + describeHere());
        }
        pos++;
    }

    private String describeHere() {
        if (pos >= text.length()) {
            return "the end of the header";
        }
        char c = text.charAt(pos);
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private NpyFormatException error(String what) {
        return new NpyFormatException(NpyFormatException.Problem.MALFORMED, "npy header cannot be read: " + what
                + " at character " + pos + " of " + abbreviate(text), pos, text);
    }

    private static String abbreviate(String s) {
        StringBuilder sb = new StringBuilder("\"");
        int shown = Math.min(s.length(), 120);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        sb.append('"');
        if (shown < s.length()) {
            sb.append("...(").append(s.length()).append(" chars)");
        }
        return sb.toString();
    }
}
