package org.tsstore.storage.redis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.tsstore.api.spi.StorageOptions;

/**
 * A password, held apart from everything that prints: its {@code toString()} says only that a secret is
 * there, so that no record, message or log line built from settings can show it. It comes from a file or
 * an environment variable named by an option, or from a location's user information; messages about a
 * bad one name the option, the file or the variable, never the content.
 */
final class Secret {

    private final char[] chars;

    private Secret(char[] chars) {
        this.chars = chars;
    }

    /** A secret of these characters (the array is copied). */
    static Secret of(char[] chars) {
        return new Secret(chars.clone());
    }

    /** The characters, as a fresh copy the caller may clear. */
    char[] chars() {
        return chars.clone();
    }

    /**
     * The secret named by a pair of options: a file holding it ({@code fileOption}) or an environment
     * variable ({@code envOption}), at most one of them. A file's trailing line break is not part of it.
     *
     * @param env the environment, {@code System::getenv} outside tests
     * @return the secret, or empty if neither option is given
     * @throws IllegalArgumentException naming the option and the file or variable if both are given, or if
     *     the file is missing, unreadable, empty or not UTF-8, or the variable unset or empty
     */
    static Optional<Secret> fromOptions(StorageOptions o, String fileOption, String envOption,
            Function<String, String> env) {
        if (o.has(fileOption) && o.has(envOption)) {
            throw new IllegalArgumentException("options " + fileOption + " and " + envOption
                    + " both name the same secret; give one of them");
        }
        if (o.has(fileOption)) {
            return Optional.of(readFile(fileOption, o.getString(fileOption, "")));
        }
        if (o.has(envOption)) {
            String name = o.getString(envOption, "");
            String value = name.isEmpty() ? null : env.apply(name);
            if (value == null) {
                throw new IllegalArgumentException("option " + envOption + " names the environment variable '"
                        + name + "', which is not set");
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("option " + envOption + " names the environment variable '"
                        + name + "', which is empty");
            }
            return Optional.of(new Secret(value.toCharArray()));
        }
        return Optional.empty();
    }

    private static Secret readFile(String option, String name) {
        Path file;
        try {
            file = Path.of(name);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("option " + option + " names '" + name + "', which is not a path", e);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("option " + option + " names the file " + file
                    + ", which does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("option " + option + " names the file " + file
                    + ", which this process may not read", e);
        } catch (IOException | OutOfMemoryError e) {
            throw new IllegalArgumentException("option " + option + " names the file " + file
                    + ", which cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        char[] chars;
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            chars = new char[decoded.remaining()];
            decoded.get(chars);
            Arrays.fill(decoded.array(), '\0');
        } catch (CharacterCodingException e) {
            // the exception says nothing of the bytes; it is not kept as a cause all the same
            throw new IllegalArgumentException("option " + option + " names the file " + file
                    + ", which is not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        int length = chars.length;
        while (length > 0 && (chars[length - 1] == '\n' || chars[length - 1] == '\r')) {
            length--;
        }
        if (length == 0) {
            throw new IllegalArgumentException("option " + option + " names the file " + file + ", which is empty");
        }
        Secret secret = new Secret(Arrays.copyOf(chars, length));
        Arrays.fill(chars, '\0');
        return secret;
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "(secret)";
    }
}
