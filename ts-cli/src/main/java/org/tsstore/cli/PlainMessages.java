package org.tsstore.cli;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the Java in a message into plain words: a user of the command reads "file exists: afile", not
 * {@code java.nio.file.FileAlreadyExistsException: afile}, and "illegal character in path", not a URI parser's
 * "Illegal character in path at index 7: ...". Exception names that carry meaning become that meaning;
 * the others are dropped, leaving the message they introduced.
 */
final class PlainMessages {

    /**
     * An exception's class name with the colon after it: qualified anywhere ({@code java.io.IOException}), or
     * simple at the start of the message or of a clause ({@code FileAlreadyExistsException: afile}), so that an
     * id such as {@code "SensorError"} inside a message is left alone.
     */
    private static final Pattern EXCEPTION = Pattern.compile(
            "(?:\\b(?:[a-z_][a-z0-9_]*\\.)+|(?<=^|: |\\()|(?<=^\\s))([A-Z][A-Za-z0-9_$]*(?:Exception|Error))\\b(?::\\s*)?");

    /** What the exceptions that say something mean, before the path or detail they carry. */
    private static final Map<String, String> MEANING = Map.ofEntries(
            Map.entry("NoSuchFileException", "no such file: "),
            Map.entry("AccessDeniedException", "permission denied: "),
            Map.entry("FileAlreadyExistsException", "file exists: "),
            Map.entry("NotDirectoryException", "not a directory: "),
            Map.entry("DirectoryNotEmptyException", "directory not empty: "),
            Map.entry("FileSystemLoopException", "symbolic link loop: "),
            Map.entry("ClosedByInterruptException", "interrupted"),
            Map.entry("OutOfMemoryError", "out of memory (give the JVM more with TSSTORE_JAVA_OPTS=-Xmx...) "),
            Map.entry("UnknownHostException", "unknown host: "),
            Map.entry("ConnectException", "cannot connect: "),
            Map.entry("SocketTimeoutException", "timed out: "));

    private PlainMessages() {}

    /**
     * A message without Java class names.
     *
     * @param message any message
     * @return the message in plain words, on one line
     */
    static String of(String message) {
        Matcher m = EXCEPTION.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(MEANING.getOrDefault(m.group(1), "")));
        }
        m.appendTail(sb);
        return sb.toString().replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /**
     * A URI parser's reason in plain words: {@code Illegal character in path} becomes "illegal character in
     * path", without the index into a string the user never typed.
     *
     * @param reason {@link java.net.URISyntaxException#getReason()}
     * @return the reason, in lower case
     */
    static String uriReason(String reason) {
        if (reason == null || reason.isEmpty()) {
            return "malformed";
        }
        return reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
    }
}
