package org.tsstore.cli;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.tsstore.api.StorageManager;
import picocli.CommandLine;

/**
 * Completion in {@code tsstore shell}: the first word from the command names, a word starting with {@code -}
 * from that command's options, any other word from the ids in the store (read afresh, read-only, so it
 * sees what other processes stored).
 */
final class ShellCompleter implements Completer {

    /** Words the shell itself understands besides the commands. */
    static final List<String> SHELL_WORDS = List.of("help", "exit", "quit");

    private final String uri;
    private final CommandLine commands;

    ShellCompleter(String uri) {
        this.uri = uri;
        this.commands = TsstoreCommand.commandLine(new Session(java.io.InputStream.nullInputStream(),
                java.io.OutputStream.nullOutputStream(), java.io.OutputStream.nullOutputStream(), Map.of(), false));
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        for (String word : words(line.words().subList(0, line.wordIndex()), line.word())) {
            candidates.add(new Candidate(word));
        }
    }

    /**
     * The completions of a word.
     *
     * @param before the words before it
     * @param word the word being typed
     * @return the words it may become, sorted
     */
    List<String> words(List<String> before, String word) {
        TreeSet<String> out = new TreeSet<>();
        if (before.isEmpty()) {
            out.addAll(Subcommands.ALL.keySet());
            out.remove("shell");
            out.addAll(SHELL_WORDS);
        } else if (word.startsWith("-")) {
            CommandLine sub = commands.getSubcommands().get(before.get(0));
            if (sub != null) {
                out.addAll(sub.getCommandSpec().optionsMap().keySet());
            }
        } else {
            try (StorageManager store = StoreAccess.open(uri, "--store", StoreAccess.Mode.READ)) {
                out.addAll(store.ids());
            } catch (RuntimeException e) {
                // no store yet, or it cannot be read now: nothing to offer
            }
        }
        out.removeIf(w -> !w.startsWith(word));
        return List.copyOf(out);
    }
}
