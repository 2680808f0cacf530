package org.tsstore.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Splits CSV text into records and fields (RFC 4180): fields separated by the delimiter, records by LF or
 * CRLF, a field in double quotes may hold the delimiter, line ends and doubled quotes ({@code ""} is one
 * quote). Fields are slices of one reused character array, {@link #chars()}, from {@link #start} to
 * {@link #end}, so a large file is read without a String per field. Spaces around an unquoted field are
 * dropped; a byte order mark at the start is skipped.
 */
final class CsvRecords {

    private final Reader in;
    private final String source;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private char delimiter;
    private char[] record = new char[256];
    private int[] starts = new int[8];
    private int[] ends = new int[8];
    private int fields;
    private int line = 1;
    private int recordLine;
    private boolean first = true;

    CsvRecords(Reader in, String source) {
        this.in = in;
        this.source = source;
    }

    void delimiter(char d) {
        this.delimiter = d;
    }

    /** The field characters of the current record. */
    char[] chars() {
        return record;
    }

    int fields() {
        return fields;
    }

    int start(int field) {
        return starts[field];
    }

    int end(int field) {
        return ends[field];
    }

    /** The field as a String (for headers and messages). */
    String text(int field) {
        return new String(record, starts[field], ends[field] - starts[field]);
    }

    /** The line the current record starts on, 1-based. */
    int line() {
        return recordLine;
    }

    /**
     * The first line of the input, undivided, for detecting the delimiter; null at the end of the input.
     * Call once, before {@link #next}: the line is read again as the first record.
     */
    String peekFirstLine() throws IOException {
        fill();
        skipBom();
        StringBuilder sb = new StringBuilder();
        int i = position;
        while (true) {
            if (i == limit) {
                if (limit == buffer.length) {
                    break;
                }
                int n = in.read(buffer, limit, buffer.length - limit);
                if (n <= 0) {
                    break;
                }
                limit += n;
                continue;
            }
            char c = buffer[i++];
            if (c == '\n' || c == '\r') {
                break;
            }
            sb.append(c);
        }
        return sb.length() == 0 && position == limit ? null : sb.toString();
    }

    private void skipBom() {
        if (first) {
            first = false;
            if (position < limit && buffer[position] == '\uFEFF') {
                position++;
            }
        }
    }

    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        position = 0;
        limit = Math.max(0, n);
        return n > 0;
    }

    /**
     * Reads the next record, skipping blank lines.
     *
     * @return false at the end of the input
     * @throws InvalidDataException for a quote that is not closed or text after a closing quote
     */
    boolean next() throws IOException {
        while (true) {
            if (!fill()) {
                return false;
            }
            skipBom();
            if (!fill()) {
                return false;
            }
            readRecord();
            if (fields > 1 || ends[0] > starts[0] || quotedFirst) {
                return true;
            }
        }
    }

    private boolean quotedFirst;

    private void readRecord() throws IOException {
        recordLine = line;
        fields = 0;
        int size = 0;
        quotedFirst = false;
        boolean atFieldStart = true;
        boolean quoted = false;
        boolean closed = false;
        int fieldStart = 0;
        int quoteLine = 0;
        while (true) {
            if (position == limit && !fill()) {
                if (quoted && !closed) {
                    throw new InvalidDataException(source + ": line " + quoteLine
                            + ": a quoted field is not closed before the end of the input");
                }
                break;
            }
            char c = buffer[position++];
            if (quoted && !closed) {
                if (c == '"') {
                    if (position == limit) {
                        fill();
                    }
                    if (position < limit && buffer[position] == '"') {
                        position++;
                    } else {
                        closed = true;
                        continue;
                    }
                } else if (c == '\n') {
                    line++;
                }
                if (size == record.length) {
                    record = Arrays.copyOf(record, size * 2);
                }
                record[size++] = c;
                continue;
            }
            if (c == delimiter || c == '\n' || c == '\r') {
                addField(fieldStart, size, !quoted);
                if (fields == 1 && quoted) {
                    quotedFirst = true;
                }
                if (c == delimiter) {
                    atFieldStart = true;
                    quoted = false;
                    closed = false;
                    fieldStart = size;
                    continue;
                }
                if (c == '\r') {
                    if (position == limit) {
                        fill();
                    }
                    if (position < limit && buffer[position] == '\n') {
                        position++;
                    }
                }
                line++;
                return;
            }
            if (closed) {
                if (c == ' ' || c == '\t') {
                    continue;
                }
                throw new InvalidDataException(source + ": line " + line + ", column " + (fields + 1)
                        + ": text after the closing quote of a quoted field (a quote inside one is written \"\")");
            }
            if (atFieldStart && c == '"') {
                quoted = true;
                quoteLine = line;
                atFieldStart = false;
                fieldStart = size;
                continue;
            }
            if (atFieldStart && (c == ' ' || c == '\t') && c != delimiter) {
                continue;
            }
            atFieldStart = false;
            if (size == record.length) {
                record = Arrays.copyOf(record, size * 2);
            }
            record[size++] = c;
        }
        addField(fieldStart, size, !quoted);
    }

    private void addField(int from, int to, boolean trim) {
        if (fields == starts.length) {
            starts = Arrays.copyOf(starts, fields * 2);
            ends = Arrays.copyOf(ends, fields * 2);
        }
        int end = to;
        if (trim) {
            while (end > from && (record[end - 1] == ' ' || record[end - 1] == '\t') && record[end - 1] != delimiter) {
                end--;
            }
        }
        starts[fields] = from;
        ends[fields] = end;
        fields++;
    }
}
