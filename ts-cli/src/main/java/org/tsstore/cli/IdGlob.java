package org.tsstore.cli;

import java.util.regex.Pattern;

/**
 * A shell-style pattern over series ids: {@code *} matches any run of characters ({@code /} included: an id
 * is not a path), {@code ?} one character, {@code [abc]}, {@code [a-z]} and {@code [!abc]} one character of
 * (or not of) a set, and a backslash makes the next character literal. The whole id must match.
 */
final class IdGlob {

    private final String glob;
    private final Pattern pattern;

    private IdGlob(String glob, Pattern pattern) {
        this.glob = glob;
        this.pattern = pattern;
    }

    /** The pattern that matches every id. */
    static IdGlob all() {
        return new IdGlob("*", Pattern.compile(".*", Pattern.DOTALL));
    }

    /**
     * Compiles a glob.
     *
     * @throws UsageException if a {@code [} is not closed or the pattern ends in a lone backslash
     */
    static IdGlob of(String glob) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            int cp = glob.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '*') {
                regex.append(".*");
            } else if (cp == '?') {
                regex.append('.');
            } else if (cp == '\\') {
                if (i >= glob.length()) {
                    throw new UsageException("pattern " + glob + " ends with a lone backslash");
                }
                int next = glob.codePointAt(i);
                i += Character.charCount(next);
                regex.append(Pattern.quote(new String(Character.toChars(next))));
            } else if (cp == '[') {
                int close = glob.indexOf(']', i + (i < glob.length() && "!^".indexOf(glob.charAt(i)) >= 0 ? 2 : 1));
                if (close < 0) {
                    throw new UsageException("pattern " + glob + " has a [ without a closing ]");
                }
                regex.append(characterClass(glob.substring(i, close)));
                i = close + 1;
            } else {
                regex.append(Pattern.quote(new String(Character.toChars(cp))));
            }
        }
        return new IdGlob(glob, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    private static String characterClass(String body) {
        StringBuilder sb = new StringBuilder("[");
        int start = 0;
        if (!body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^')) {
            sb.append('^');
            start = 1;
        }
        for (int i = start; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '-' && i > start && i < body.length() - 1) {
                sb.append('-'); // a range
            } else if (Character.isLetterOrDigit(c)) {
                sb.append(c);
            } else {
                sb.append('\\').append(c);
            }
        }
        return sb.append(']').toString();
    }

    boolean matches(String id) {
        return pattern.matcher(id).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
