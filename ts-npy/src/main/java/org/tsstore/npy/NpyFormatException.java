package org.tsstore.npy;

import java.io.IOException;

/**
 * Bytes that are not the npy array a reader asked for. The message says what is wrong in words; {@link
 * #problem()}, {@link #found()} and {@link #position()} say it in parts, for callers that word their own
 * messages.
 */
public final class NpyFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What kind of thing is wrong. */
    public enum Problem {
        /** The input ends inside the preamble (magic, version, header length). */
        TRUNCATED,
        /** The input does not start with the npy magic string. */
        NOT_NPY,
        /** The format version is not 1.0, 2.0 or 3.0; {@link #found()} is the version, as in {@code 4.0}. */
        VERSION,
        /**
         * The declared header length runs past the end of the input or over the longest header read;
         * {@link #found()} is the declared length.
         */
        HEADER_LENGTH,
        /**
         * The header is not a Python dict literal (or not UTF-8 in version 3.0); {@link #found()} is the
         * header text and {@link #position()} where reading stopped.
         */
        MALFORMED,
        /**
         * The dict does not have exactly numpy's keys, or a value has the wrong type; {@link #found()} is
         * the header text.
         */
        FIELDS,
        /** The dtype is not float64; {@link #found()} is the dtype as written, in Python's repr. */
        DTYPE,
        /** The shape is not the one the reader needs; {@link #found()} is the shape, in Python's repr. */
        SHAPE,
        /** The shape has more elements than the reader can hold; {@link #found()} is the shape. */
        TOO_LARGE,
        /** The input holds fewer or more bytes of data than the header declares. */
        LENGTH
    }

    /** What kind of thing is wrong. */
    private final Problem problem;
    /** The offending part of the input, or the empty string. */
    private final String found;
    /** Where in the header text reading stopped, or -1. */
    private final int position;

    /**
     * Creates the exception.
     *
     * @param problem what kind of thing is wrong
     * @param message what is wrong, in words
     * @param position where in the header text reading stopped, or -1
     * @param found the offending part of the input as text, or the empty string
     */
    public NpyFormatException(Problem problem, String message, int position, String found) {
        super(message);
        this.problem = problem;
        this.position = position;
        this.found = found;
    }

    NpyFormatException(Problem problem, String message) {
        this(problem, message, -1, "");
    }

    /**
     * What kind of thing is wrong.
     *
     * @return the problem
     */
    public Problem problem() {
        return problem;
    }

    /**
     * The offending part of the input, as {@link Problem} says for each kind.
     *
     * @return the text, or the empty string
     */
    public String found() {
        return found;
    }

    /**
     * Where in the header text reading stopped, for {@link Problem#MALFORMED}.
     *
     * @return a character index, or -1
     */
    public int position() {
        return position;
    }
}
