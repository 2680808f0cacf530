package org.tsstore.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.tsstore.api.StorageManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tsstore shell}: an interactive session on one store, as {@code redis-cli} and {@code sqlite3} have:
 * every command without typing {@code tsstore --store ...} again, with line editing, history (kept in
 * {@code ~/.tsstore_history}, or {@code $TSSTORE_HISTORY}) and completion of commands, options and ids.
 * Each command opens the store as it would alone (so the lock is held only while it runs); a
 * {@code memory:} store is held for the whole session. Standard input that is not a terminal is read line
 * by line without prompts, so {@code tsstore shell < script} runs a script.
 */
@Command(
        name = "shell",
        header = "An interactive session on the store: every command, with history and completion.",
        description = {
            "Type a command as after 'tsstore' (ls, get ID, put ID --csv FILE, ...); quotes group words as in a"
                    + " shell. 'help' lists the commands, 'exit' or Ctrl-D ends the session.",
            "History is kept in ~/.tsstore_history, or in the file $TSSTORE_HISTORY names."
        })
final class ShellCommand implements Callable<Integer> {

    @ParentCommand
    private TsstoreCommand root;

    @Override
    public Integer call() throws IOException {
        Session session = root.session().keepingStores();
        String uri = root.storeUri();
        StorageManager held = StoreAccess.endsWithProcess(uri) ? StoreLocations.open(uri, root.storeSource()) : null;
        try {
            return session.interactive() ? interactive(session, uri) : script(session, uri);
        } finally {
            if (held != null) {
                held.close();
            }
            session.flush();
        }
    }

    /** On a terminal: JLine's line editor with history and completion. */
    private int interactive(Session session, String uri) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().name("tsstore").system(true).build()) {
            LineReaderBuilder builder = LineReaderBuilder.builder().terminal(terminal).appName("tsstore")
                    .completer(new ShellCompleter(uri));
            Path history = historyFile(session);
            if (history != null) {
                builder.variable(LineReader.HISTORY_FILE, history);
            }
            LineReader reader = builder.build();
            String prompt = "tsstore " + root.storeShown() + "> ";
            session.err().println("tsstore shell on " + root.storeShown() + "; 'help' lists the commands, 'exit'"
                    + " or Ctrl-D ends");
            int last = ExitCodes.OK;
            while (true) {
                String line;
                try {
                    line = reader.readLine(prompt);
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C drops the line, as in a shell
                } catch (EndOfFileException e) {
                    return last;
                }
                Integer code = line(session, uri, line);
                if (code == null) {
                    return last;
                }
                last = code;
            }
        }
    }

    /**
     * Not on a terminal ({@code tsstore shell < script}, a test): line by line, no prompts. The input is read
     * a byte at a time, so that a command reading standard input ({@code put x --csv -}) gets the rest of it.
     */
    private int script(Session session, String uri) throws IOException {
        int last = ExitCodes.OK;
        String line;
        while ((line = readLine(session.in())) != null) {
            Integer code = line(session, uri, line);
            if (code == null) {
                break;
            }
            last = code;
        }
        return last;
    }

    /** Runs one line: its exit code, {@code null} for exit, the last code kept for a blank line. */
    private Integer line(Session session, String uri, String line) {
        List<String> words;
        try {
            words = words(line);
        } catch (org.jline.reader.EOFError e) {
            session.err().println("tsstore shell: " + e.getMessage() + " in: " + line);
            return ExitCodes.USAGE;
        }
        if (words.isEmpty() || words.get(0).startsWith("#")) {
            return ExitCodes.OK;
        }
        if (words.get(0).equals("exit") || words.get(0).equals("quit")) {
            return null;
        }
        return run(session, uri, words);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            bytes.write(b);
        }
        if (b < 0 && bytes.size() == 0) {
            return null;
        }
        String line = bytes.toString(StandardCharsets.UTF_8);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** Runs one line's command on the session's store, as {@code tsstore --store URI WORDS...} would. */
    private static int run(Session session, String uri, List<String> words) {
        if (words.get(0).equals("shell")) {
            session.err().println("tsstore shell: already in the shell");
            return ExitCodes.USAGE;
        }
        List<String> args = new ArrayList<>(List.of("--store", uri));
        if (words.get(0).equals("help")) {
            args.add("--help");
            args.addAll(words.subList(1, words.size()));
        } else {
            args.addAll(words);
        }
        int code = TsstoreCommand.commandLine(session).execute(args.toArray(new String[0]));
        session.flush();
        return code;
    }

    /** The words of a line, quotes and backslashes as in a shell (JLine's parser, the one the editor uses). */
    static List<String> words(String line) {
        DefaultParser parser = new DefaultParser();
        List<String> words = new ArrayList<>();
        for (String w : parser.parse(line, line.length(), Parser.ParseContext.ACCEPT_LINE).words()) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static Path historyFile(Session session) {
        String named = session.env("TSSTORE_HISTORY");
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        String home = System.getProperty("user.home");
        return home == null ? null : Path.of(home, ".tsstore_history");
    }
}
