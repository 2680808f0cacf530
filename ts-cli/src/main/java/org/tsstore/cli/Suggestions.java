package org.tsstore.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one-line message of a command-line mistake, with "did you mean" for a mistyped command or option:
 * {@code tsstore lss} says "unknown command 'lss'; did you mean 'ls'?". A name is suggested when it is a
 * typo away (edit distance 1 for short names, 2 for longer ones) or starts with what was typed; a word
 * that resembles nothing gets no suggestion rather than a random one.
 */
final class Suggestions {

    /** At most this many suggestions: more is a list to read, not a hint. */
    private static final int MAX = 3;

    private Suggestions() {}

    /**
     * The message of a parse error, in plain words, on one line.
     *
     * @param ex picocli's exception
     * @return the message, without picocli's "Error: " prefix
     */
    static String message(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String arg = unmatched.getUnmatched().get(0);
            CommandLine cmd = ex.getCommandLine();
            boolean option = arg.startsWith("-") && arg.length() > 1;
            boolean command = !option && !cmd.getSubcommands().isEmpty();
            String what = option ? "unknown option" : command ? "unknown command" : "unexpected argument";
            String name = option && arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            List<String> close = option ? similar(name, cmd.getCommandSpec().optionsMap().keySet())
                    : command ? similar(name, cmd.getSubcommands().keySet()) : List.of();
            String message = what + " '" + arg + "'";
            if (!close.isEmpty()) {
                message += "; did you mean " + close.stream().map(s -> "'" + s + "'")
                        .collect(Collectors.joining(" or ")) + "?";
            }
            return message;
        }
        String message = String.valueOf(ex.getMessage());
        // picocli starts some messages with "Error: "; the command's name already says it is one
        message = message.startsWith("Error: ") ? message.substring("Error: ".length()) : message;
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    /** The names close to a typed one, closest first. */
    static List<String> similar(String typed, Collection<String> names) {
        String bare = typed.replaceFirst("^-+", "");
        int allowed = bare.length() <= 4 ? 1 : 2;
        List<String> close = new ArrayList<>();
        for (String name : names) {
            String n = name.replaceFirst("^-+", "");
            if (name.startsWith("-") == typed.startsWith("-")
                    && (distance(bare, n) <= allowed || (bare.length() >= 2 && n.startsWith(bare)))) {
                close.add(name);
            }
        }
        close.sort(Comparator.comparingInt((String n) -> distance(bare, n.replaceFirst("^-+", "")))
                .thenComparing(Comparator.naturalOrder()));
        return close.subList(0, Math.min(MAX, close.size()));
    }

    /** The optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
