package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command against a real redis-server that listens both in plain TCP and in TLS (a self-signed
 * certificate for 127.0.0.1 only, made here with openssl), with an admin password, the user tsstore and a
 * read-only user. Every refusal the backend knows (a wrong password, an unknown user, missing rights, an
 * untrusted certificate, a certificate for another host, plain at a TLS port, TLS at a plain port) is one
 * line on standard error, and the password shows nowhere: not in the command's output or errors, not in
 * the JVM's standard streams, not in a log record, not in the stack traces --verbose prints. The tests
 * need redis-server and openssl, as the Redis backend's own do; TSSTORE_SKIP_REDIS=1 skips them.
 */
class RedisStoreTest {

    private static final String PASSWORD = "cli-S3cret-" + System.nanoTime();
    /** How many log records the checks looked through, for the report. */
    private static final java.util.concurrent.atomic.AtomicInteger LOGGED = new java.util.concurrent.atomic.AtomicInteger();
    private static final String READER_PASSWORD = "reader-S3cret-" + System.nanoTime();

    /** Held, so that its level stays set. */
    private static final Logger JEDIS_LOG = Logger.getLogger("redis.clients");

    @TempDir
    static Path dir;

    private static Process server;
    private static int plainPort;
    private static int tlsPort;
    private static Path certificate;
    private static Path passwordFile;

    @BeforeAll
    static void startServer() throws Exception {
        String skip = System.getenv("TSSTORE_SKIP_REDIS");
        assumeTrue(skip == null || skip.isEmpty(), "TSSTORE_SKIP_REDIS is set: Redis tests skipped");
        Path redis = find("redis-server").orElseThrow(() -> new AssertionError("redis-server is not installed:"
                + " `apt-get install -y redis-server`, or set TSSTORE_SKIP_REDIS=1 to skip these tests"));
        certificate = dir.resolve("server.crt");
        run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", dir.resolve("server.key").toString(), "-out", certificate.toString(), "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"));
        passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
        plainPort = freePort();
        tlsPort = freePort();
        List<String> command = new ArrayList<>(List.of(redis.toString(), "--bind", "127.0.0.1",
                "--port", String.valueOf(plainPort), "--tls-port", String.valueOf(tlsPort),
                "--tls-cert-file", certificate.toString(), "--tls-key-file", dir.resolve("server.key").toString(),
                "--tls-ca-cert-file", certificate.toString(), "--tls-auth-clients", "no",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--requirepass", "admin-" + PASSWORD,
                "--user", "tsstore", "on", ">" + PASSWORD, "~*", "+@all",
                "--user", "reader", "on", ">" + READER_PASSWORD, "~*", "-@all", "+@read", "+@connection"));
        server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        awaitListening(plainPort);
        awaitListening(tlsPort);
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        System.out.println("looked for the password in " + LOGGED + " log records");
        if (server != null) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String plain() {
        return "127.0.0.1:" + plainPort;
    }

    private static String tls() {
        return "127.0.0.1:" + tlsPort;
    }

    @Test
    void aStoreWithThePasswordInTheLocationWorksAndNeverShowsIt() throws IOException {
        String store = "redis://tsstore:" + PASSWORD + "@" + plain() + "/0?prefix=cli-uri";
        String shown = "redis://tsstore:***@" + plain() + "/0?prefix=cli-uri";
        Path csv = Files.writeString(dir.resolve("in.csv"), "time,value\n0,1\n1,2\n");
        assertEquals("", quiet("--store", store, "put", "a", "--csv", csv.toString()).err());
        assertEquals("time,value\n0,1\n1,2\n", quiet("--store", store, "get", "a").out());
        Cli.Result verify = quiet("--store", store, "verify");
        assertEquals("checked 1 records, 32 B in " + shown + "\nno damage found\n", verify.out());
        String tlsStore = "rediss://tsstore@" + tls() + "/0?prefix=cli-tls&passwordFile=" + passwordFile
                + "&trustStore=" + certificate;
        Cli.Result copy = quiet("--store", store, "copy", "--to", tlsStore);
        assertEquals("copied 1 series (2 points) from " + shown + " to " + tlsStore + "\n", copy.out());
        assertTrue(quiet("--store", tlsStore, "ls").out().lines().anyMatch(l -> l.startsWith("a ")), tlsStore);
        assertTrue(quiet("--store", store, "compact").out().startsWith("compacted " + shown), store);
        assertEquals("no series in " + shown + " match b*\n", quiet("--store", store, "ls", "b*").err());
    }

    @Test
    void everyRefusalIsOneLineWithoutThePassword() throws IOException {
        Path wrong = Files.writeString(dir.resolve("wrong"), "wrong-" + PASSWORD + "\n");
        Path readerPassword = Files.writeString(dir.resolve("reader"), READER_PASSWORD);
        String ca = "&trustStore=" + certificate;
        List<List<String>> cases = List.of(
                List.of("redis://tsstore:wrong-" + PASSWORD + "@" + plain() + "/0",
                        "tsstore ls: cannot open redis://tsstore:***@" + plain() + "/0: the Redis server refused user"
                                + " tsstore: wrong password or no such user"),
                List.of("redis://tsstore@" + plain() + "/0?passwordFile=" + wrong,
                        "the Redis server refused user tsstore: wrong password or no such user"),
                List.of("redis://nobody:" + PASSWORD + "@" + plain() + "/0",
                        "the Redis server refused user nobody: wrong password or no such user"),
                List.of("redis://reader@" + plain() + "/0?passwordFile=" + readerPassword,
                        "the Redis server refused user reader a command or key this backend needs (NOPERM"),
                List.of("rediss://tsstore:" + PASSWORD + "@" + tls() + "/0",
                        "the server's TLS certificate is not trusted: nothing in the JVM's trust store vouches for it"),
                List.of("rediss://tsstore:" + PASSWORD + "@localhost:" + tlsPort + "/0?timeoutMillis=2000" + ca,
                        "the server's TLS certificate does not name the host connected to"),
                List.of("redis://tsstore:" + PASSWORD + "@" + tls() + "/0",
                        "the Redis server closed the connection without answering: if it speaks only TLS"),
                List.of("rediss://tsstore:" + PASSWORD + "@" + plain() + "/0?timeoutMillis=1000" + ca,
                        "the server did not answer in TLS: it looks like a plain (non-TLS) port"),
                List.of("redis://tsstore:" + PASSWORD + "@" + plain() + "/0?colour=red",
                        "tsstore ls: --store redis://tsstore:***@" + plain() + "/0?colour=red: unknown option colour"),
                List.of("redis://tsstore:" + PASSWORD + "@" + plain() + "/0?passwordFile=" + passwordFile,
                        "the password is given both in location redis://tsstore:***@"),
                List.of("redis://tsstore@" + plain() + "/0?passwordFile=" + dir.resolve("missing"),
                        "option passwordFile names the file " + dir.resolve("missing") + ", which does not exist"));
        for (List<String> c : cases) {
            for (boolean verbose : new boolean[] {false, true}) {
                Cli.Result r = verbose ? quiet("--verbose", "--store", c.get(0), "ls") : quiet("--store", c.get(0), "ls");
                assertTrue(r.exitCode() == 1 || r.exitCode() == 2, r.toString());
                String first = r.err().lines().findFirst().orElse("");
                assertTrue(first.contains(c.get(1)), c.get(0) + " -> " + first);
                assertEquals("", r.out());
                if (!verbose) {
                    assertEquals(1, r.err().lines().count(), r.err());
                }
            }
        }
    }

    /**
     * Runs the command with --store and friends, and with the JVM's standard streams and every log record
     * captured: none of it may hold the password. Returns what the command printed.
     */
    private static Cli.Result quiet(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream jvm = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(jvm, true, StandardCharsets.UTF_8);
        List<String> logs = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logs.add(new SimpleFormatter().format(record) + (record.getThrown() == null ? "" : record.getThrown()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger.getLogger("").addHandler(handler);
        // Jedis' own records too, down to debug (the command sets only the root level)
        JEDIS_LOG.setLevel(java.util.logging.Level.ALL);
        System.setOut(capture);
        System.setErr(capture);
        Cli.Result r;
        try {
            r = Cli.exec(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
            Logger.getLogger("").removeHandler(handler);
        }
        String everything = r.out() + r.err() + jvm.toString(StandardCharsets.UTF_8) + String.join("\n", logs);
        LOGGED.addAndGet(logs.size());
        for (String secret : List.of(PASSWORD, READER_PASSWORD)) {
            assertFalse(everything.contains(secret), "the password appears: " + everything.replace(secret, "<<IT>>"));
        }
        assertFalse(jvm.toString(StandardCharsets.UTF_8).contains("SLF4J"), jvm.toString(StandardCharsets.UTF_8));
        return r;
    }

    private static Optional<Path> find(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + File.pathSeparator + "/usr/bin"
                + File.pathSeparator + "/usr/local/bin";
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return Optional.of(Path.of(d, name));
            }
        }
        return Optional.empty();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("redis-server exited: " + log());
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port + ": " + log());
    }

    private static String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
