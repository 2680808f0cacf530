package org.tsstore.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs the tsstore command in-process, as main would, with captured streams. */
final class Cli {

    private static final AtomicInteger STORES = new AtomicInteger();

    private final Map<String, String> env = new HashMap<>();
    private byte[] stdin = new byte[0];
    private boolean interactive;
    private boolean full;

    /** A URI of a new, empty scratch store. */
    static String newStore() {
        return "scratch:s" + STORES.incrementAndGet();
    }

    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Cli stdin(String text) {
        return stdin(text.getBytes(StandardCharsets.UTF_8));
    }

    Cli stdin(byte[] bytes) {
        this.stdin = bytes.clone();
        return this;
    }

    Cli interactive(boolean interactive) {
        this.interactive = interactive;
        return this;
    }

    /** Runs every command line through picocli, never the quick path of {@code ls} ({@link QuickLs}). */
    Cli fullPath() {
        this.full = true;
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Session session = new Session(new ByteArrayInputStream(stdin), out, err, env, interactive);
        int code = full ? TsstoreCommand.commandLine(session).execute(args) : TsstoreCommand.execute(session, args);
        session.flush();
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    static Result exec(String... args) {
        return new Cli().run(args);
    }

    /** What one run did. */
    record Result(int exitCode, byte[] stdout, String err) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout:\n" + out() + "--- stderr:\n" + err;
        }
    }
}
