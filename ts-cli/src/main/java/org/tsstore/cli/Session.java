package org.tsstore.cli;

import java.io.BufferedOutputStream;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The world one invocation of the command runs in: standard streams, environment variables and whether a
 * person is watching. Passed in rather than read from {@link System} so that tests run the real commands
 * in-process with captured streams.
 *
 * <p>Text goes out as UTF-8 whatever the platform encoding: sparklines and ids are Unicode, and Java 17
 * would otherwise encode them with the locale's charset, often ASCII in containers.
 */
final class Session {

    private final InputStream in;
    private final OutputStream stdout;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;
    private final boolean interactive;
    private boolean keepsStores = true;

    Session(InputStream in, OutputStream stdout, OutputStream stderr, Map<String, String> env, boolean interactive) {
        this.in = Objects.requireNonNull(in, "in");
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        // standard output is flushed at the end (and before binary output), not per line: ls of a large store
        // would otherwise make one system call per id
        this.out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
        this.err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        this.env = Map.copyOf(env);
        this.interactive = interactive;
    }

    /** The session of the running process. */
    static Session system() {
        Session session = new Session(
                new FileInputStream(FileDescriptor.in),
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                new FileOutputStream(FileDescriptor.err),
                System.getenv(),
                isTerminal());
        session.keepsStores = false; // one command, one process: a memory: store ends with it
        return session;
    }

    /**
     * Whether a memory store outlives the command: in a test or in {@code tsstore shell}, where the process
     * runs on; not in the process of a single command.
     */
    boolean keepsStores() {
        return keepsStores;
    }

    /** This session for several commands in one process ({@code tsstore shell}): memory stores live on. */
    Session keepingStores() {
        keepsStores = true;
        return this;
    }

    /**
     * Whether a person watches: a console that is a terminal. Java 22 and later return a console even when
     * the streams are redirected and answer the question with {@code Console.isTerminal()}, which Java 17
     * lacks, hence the reflection.
     */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (NoSuchMethodException e) {
            return true; // before Java 22 a console exists only on a terminal
        } catch (IllegalAccessException | InvocationTargetException e) {
            return false;
        }
    }

    /** Standard input, as bytes. */
    InputStream in() {
        return in;
    }

    /**
     * Standard output as bytes, for binary formats. Flushes the text writer first so that text and bytes
     * keep their order.
     */
    OutputStream binaryOut() {
        out.flush();
        return stdout;
    }

    /** Standard output, as UTF-8 text. */
    PrintWriter out() {
        return out;
    }

    /** Standard error, as UTF-8 text. */
    PrintWriter err() {
        return err;
    }

    /**
     * An environment variable.
     *
     * @return its value, or {@code null} when unset
     */
    String env(String name) {
        return env.get(name);
    }

    /** Whether standard output and error go to a terminal, so that a progress bar makes sense. */
    boolean interactive() {
        return interactive;
    }

    /** Flushes both text writers and standard output. */
    void flush() {
        out.flush();
        err.flush();
        try {
            stdout.flush();
        } catch (java.io.IOException e) {
            // standard output closed (a pipe reader went away): nothing left to tell it
        }
    }
}
