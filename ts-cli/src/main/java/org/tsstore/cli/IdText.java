package org.tsstore.cli;

import org.tsstore.api.SeriesIds;

/**
 * An id as the command prints it in listings: as it is, unless it could be misread (spaces, control
 * characters, quotes, backslashes, an empty id), then quoted and escaped as {@link SeriesIds#quote} does, so
 * that every id printed can be told apart and typed back.
 */
final class IdText {

    private IdText() {}

    /**
     * The printed form of an id.
     *
     * @param id any id
     * @return the id, or its quoted form when it needs one
     */
    static String shown(String id) {
        return needsQuotes(id) ? SeriesIds.quote(id) : id;
    }

    /** Whether an id would be ambiguous unquoted. */
    static boolean needsQuotes(String id) {
        if (id.isEmpty()) {
            return true;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
                    || Character.isSurrogate(c) && !validPair(id, i) || c == '"' || c == '\\' || c == '\'') {
                return true;
            }
        }
        return false;
    }

    private static boolean validPair(String id, int i) {
        char c = id.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(id.charAt(i - 1));
    }
}
