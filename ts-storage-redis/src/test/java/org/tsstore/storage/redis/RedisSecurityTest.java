package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.StorageManagers;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

/**
 * Every way a secured deployment refuses a store, against real TLS servers: a wrong password, an unknown
 * user, users without the rights the backend needs, an untrusted certificate, a certificate for another
 * host, a plain client at a TLS port and a TLS client at a plain one, a missing client certificate. Each
 * must fail with a {@link StorageException} in plain words, leave no key behind, and show no password:
 * not in the message, not anywhere in the exception chain, not in a log line.
 */
class RedisSecurityTest {

    private static final String READER = "reader";
    private static final String READER_PASSWORD = "reader-pw-" + System.nanoTime();
    private static final String CONFINED = "confined";
    private static final String CONFINED_PASSWORD = "confined-pw-" + System.nanoTime();

    /** TLS, the README's tsstore user, a read-only user and one whose keys are elsewhere. */
    private static RedisServer tls;
    /** TLS with a certificate for elsewhere.invalid only. */
    private static RedisServer elsewhere;
    /** TLS that requires client certificates. */
    private static RedisServer mutual;
    private static TestCertificates certs;

    private CapturedLogs logs;

    @BeforeAll
    static void startServers() {
        RedisRequirement.check();
        certs = TestCertificates.get();
        ServerSecurity base = SecuredRedis.security();
        tls = RedisServer.start(RedisFixtures.root(), false, base
                .withUser(READER + " on >" + READER_PASSWORD + " ~* resetchannels -@all +@read +@connection")
                .withUser(SecuredRedis.aclRules(CONFINED, CONFINED_PASSWORD).replace(SecuredRedis.keyPattern(),
                        "~elsewhere:*")));
        elsewhere = RedisServer.start(RedisFixtures.root(), false,
                base.withCertificate(certs.elsewhereCertificate(), certs.elsewhereKey()));
        mutual = RedisServer.start(RedisFixtures.root(), false, base.requiringClientCertificates());
    }

    @AfterAll
    static void stopServers() {
        for (RedisServer s : new RedisServer[] {tls, elsewhere, mutual}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @BeforeEach
    void captureLogs() {
        logs = new CapturedLogs();
    }

    @AfterEach
    void releaseLogs() {
        logs.close();
    }

    @Test
    void aWrongPasswordIsRefusedInOneSentence() throws IOException {
        String wrong = "wrong-" + System.nanoTime();
        Path file = Files.writeString(RedisFixtures.root().resolve("wrong-password"), wrong + "\n");
        String prefix = RedisFixtures.freshPrefix("wrongpass");
        String location = "rediss://tsstore@" + tls.address() + "/0?prefix=" + prefix;
        StorageException e = refused(location, Map.of("passwordFile", file.toString(), "trustStore", ca()),
                wrong, SecuredRedis.PASSWORD);
        assertEquals("cannot open " + location + ": the Redis server refused user tsstore: wrong password or no such"
                + " user", e.getMessage());
        assertNothingStored(tls, prefix);
    }

    @Test
    void aWrongPasswordInTheLocationIsHiddenToo() {
        String wrong = "wrong-" + System.nanoTime() + "@x";
        String prefix = RedisFixtures.freshPrefix("wrongpass-uri");
        String location = "rediss://tsstore:" + wrong.replace("@", "%40") + "@" + tls.address() + "/0?prefix=" + prefix
                + "&trustStore=" + ca();
        StorageException e = refused(location, Map.of(), wrong, wrong.replace("@", "%40"));
        assertEquals("cannot open rediss://tsstore:***@" + tls.address() + "/0?prefix=" + prefix + "&trustStore=" + ca()
                + ": the Redis server refused user tsstore: wrong password or no such user", e.getMessage());
        assertNothingStored(tls, prefix);
    }

    @Test
    void anUnknownUserIsRefusedAlike() {
        String prefix = RedisFixtures.freshPrefix("nouser");
        StorageException e = refused("rediss://" + tls.address() + "/0?prefix=" + prefix,
                Map.of("user", "nobody", "passwordFile", SecuredRedis.passwordFile().toString(), "trustStore", ca()),
                SecuredRedis.PASSWORD);
        assertTrue(e.getMessage().endsWith(": the Redis server refused user nobody: wrong password or no such user"),
                e.getMessage());
        assertNothingStored(tls, prefix);
    }

    @Test
    void noPasswordForAServerThatWantsOneSaysSo() {
        String prefix = RedisFixtures.freshPrefix("nopass");
        StorageException e = refused("rediss://" + tls.address() + "/0?prefix=" + prefix, Map.of("trustStore", ca()));
        assertTrue(e.getMessage().contains(": the Redis server requires a password and none was given"),
                e.getMessage());
        assertNothingStored(tls, prefix);
    }

    @Test
    void aUserWithoutWriteRightsIsToldWhichCommand() {
        String prefix = RedisFixtures.freshPrefix("reader");
        StorageException e = refused("rediss://" + READER + ":" + READER_PASSWORD + "@" + tls.address() + "/0?prefix="
                + prefix + "&trustStore=" + ca(), Map.of(), READER_PASSWORD);
        assertTrue(e.getMessage().startsWith("cannot open rediss://reader:***@" + tls.address()), e.getMessage());
        assertTrue(e.getMessage().contains(": the Redis server refused user reader a command or key this backend"
                + " needs (NOPERM"), e.getMessage());
        assertTrue(e.getMessage().contains("'set'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("grant it the ACL rules of the ts-storage-redis README for the key prefix "
                + prefix), e.getMessage());
        assertNothingStored(tls, prefix);
    }

    @Test
    void aUserConfinedToOtherKeysIsToldSo() {
        String prefix = RedisFixtures.freshPrefix("confined");
        StorageException e = refused("rediss://" + CONFINED + ":" + CONFINED_PASSWORD + "@" + tls.address()
                + "/0?prefix=" + prefix + "&trustStore=" + ca(), Map.of(), CONFINED_PASSWORD);
        assertTrue(e.getMessage().contains(": the Redis server refused user confined a command or key this backend"
                + " needs (NOPERM"), e.getMessage());
        assertTrue(e.getMessage().contains("key"), e.getMessage());
        assertNothingStored(tls, prefix);
    }

    @Test
    void anUntrustedCertificateIsNamedAsSuch() {
        String prefix = RedisFixtures.freshPrefix("untrusted");
        String stranger = certs.strangerCaCertificate().toString();
        StorageException e = refused(SecuredRedis.standaloneLocation().replace(ca(), stranger) + "&prefix=" + prefix,
                Map.of(), SecuredRedis.PASSWORD);
        assertTrue(e.getMessage().endsWith(": the server's TLS certificate is not trusted: nothing in trust store "
                + stranger + " vouches for it; name the certificate of the CA that signed it with option trustStore"),
                e.getMessage());
        // without a trustStore option, the JVM's own trust store does not know the test CA either
        e = refused("rediss://tsstore@" + tls.address() + "/0?prefix=" + prefix,
                Map.of("passwordFile", SecuredRedis.passwordFile().toString()), SecuredRedis.PASSWORD);
        assertTrue(e.getMessage().contains(": the server's TLS certificate is not trusted: nothing in the JVM's trust"
                + " store vouches for it"), e.getMessage());
        assertNothingStored(tls, prefix);
    }

    @Test
    void aCertificateForAnotherHostIsAMismatchUnlessVerificationIsOff() {
        String prefix = RedisFixtures.freshPrefix("elsewhere");
        String location = "rediss://tsstore@" + elsewhere.address() + "/0?prefix=" + prefix;
        Map<String, String> options = Map.of("passwordFile", SecuredRedis.passwordFile().toString(), "trustStore", ca());
        StorageException e = refused(location, options, SecuredRedis.PASSWORD);
        assertTrue(e.getMessage().endsWith(": the server's TLS certificate does not name the host connected to (No"
                + " subject alternative names matching IP address 127.0.0.1 found): connect by a name the certificate"
                + " holds, or give the server a certificate for this name; verifyHostname=false turns the check off,"
                + " which lets anyone on the network path pose as the server"), e.getMessage());
        assertNothingStored(elsewhere, prefix);
        // opted out: it opens, with a warning in the log
        try (StorageManager store = StorageManagers.open(URI.create(location + "&verifyHostname=false"), options)) {
            store.store("a", TestSeries.version(1).series());
            assertEquals(1, store.ids().size());
        }
        assertTrue(logs.text().contains("host name verification is off for " + location + "&verifyHostname=false"),
                logs.text());
        assertNoSecret(logs.text(), SecuredRedis.PASSWORD);
    }

    @Test
    void aPlainClientAtATlsPortIsToldToUseTls() {
        String prefix = RedisFixtures.freshPrefix("plain-at-tls");
        StorageException e = refused("redis://tsstore@" + tls.address() + "/0?prefix=" + prefix,
                Map.of("passwordFile", SecuredRedis.passwordFile().toString()), SecuredRedis.PASSWORD);
        assertTrue(e.getMessage().endsWith(": the Redis server closed the connection without answering: if it speaks"
                + " only TLS (a tls-port), set tls=true or use the scheme rediss:"), e.getMessage());
        assertNothingStored(tls, prefix);
    }

    @Test
    void aTlsClientAtAPlainPortIsToldItIsPlain() {
        String prefix = RedisFixtures.freshPrefix("tls-at-plain");
        RedisServer plain = RedisFixtures.standalone();
        StorageException e = refused("redis://" + plain.address() + "/0?tls=true&timeoutMillis=1000&prefix=" + prefix,
                Map.of("trustStore", ca()));
        assertTrue(e.getMessage().endsWith(": the server did not answer in TLS: it looks like a plain (non-TLS) port;"
                + " connect to the server's tls-port, or, if it speaks no TLS, drop tls=true or the scheme rediss:"),
                e.getMessage());
        assertNothingStored(plain, prefix);
    }

    @Test
    void mutualTlsNeedsTheClientCertificateAndWorksWithIt() {
        String prefix = RedisFixtures.freshPrefix("mutual");
        String location = "rediss://tsstore@" + mutual.address() + "/0?prefix=" + prefix;
        Map<String, String> options = Map.of("passwordFile", SecuredRedis.passwordFile().toString(), "trustStore", ca());
        StorageException e = refused(location, options, SecuredRedis.PASSWORD);
        // the server refuses after the handshake: an alert, or a closed connection, depending on timing
        assertTrue(e.getMessage().contains("client certificate (mutual TLS)")
                && e.getMessage().endsWith("give one with option keyStore"), e.getMessage());
        assertNothingStored(mutual, prefix);
        Map<String, String> withCertificate = new java.util.HashMap<>(options);
        withCertificate.put("keyStore", certs.clientKeyStore().toString());
        withCertificate.put("keyStorePasswordFile", certs.clientKeyStorePasswordFile().toString());
        try (StorageManager store = StorageManagers.open(URI.create(location), withCertificate)) {
            store.store("a", TestSeries.version(2).series());
            TestSeries.version(2).assertSameAs(store.get("a"));
        }
        assertNoSecret(logs.text(), SecuredRedis.PASSWORD, certs.storePasswords().get(0));
    }

    @Test
    void nothingTheStoreReportsShowsThePassword() {
        String prefix = RedisFixtures.freshPrefix("reports");
        String location = "rediss://tsstore:" + SecuredRedis.escapedPassword() + "@" + tls.address() + "/0?prefix="
                + prefix + "&chunkBytes=64&trustStore=" + ca();
        String shown = "rediss://tsstore:***@" + tls.address() + "/0?prefix=" + prefix + "&chunkBytes=64&trustStore="
                + ca();
        StringBuilder everything = new StringBuilder();
        StorageManager store = StorageManagers.open(URI.create(location), Map.of());
        try {
            store.store("damaged", TestSeries.version(3).series());
            store.store("whole", TestSeries.version(4).series());
            assertEquals("RedisStorageManager[" + shown + ", prefix " + prefix + "]", store.toString());
            assertEquals(URI.create(shown), ((RedisStorageManager) store).location());
            try (Jedis admin = tls.client()) {
                String chunk = admin.scan("0", new ScanParams().match(prefix + ":*:c:*").count(10_000)).getResult()
                        .stream().filter(k -> k.contains(hex("damaged"))).findFirst().orElseThrow();
                admin.set(chunk, "garbage");
            }
            var report = store.verify();
            assertEquals(1, report.damage().size(), report.toString());
            assertTrue(report.damage().get(0).location().startsWith(tls.address() + " " + prefix), report.toString());
            everything.append(report).append(report.damage());
            StorageException damaged = assertThrows(StorageException.class, () -> store.get("damaged"));
            everything.append(trace(damaged));
        } finally {
            store.close();
        }
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> store.get("whole"));
        assertEquals("redis store " + shown + " is closed", closed.getMessage());
        everything.append(trace(closed)).append(logs.text());
        assertTrue(logs.text().contains("opened " + shown), logs.text());
        assertNoSecret(everything.toString(), SecuredRedis.PASSWORD, SecuredRedis.escapedPassword());
    }

    @Test
    void theJvmTrustStoreAndAPkcs12TrustStoreServeAsWellAsPem() {
        String prefix = RedisFixtures.freshPrefix("truststores");
        String location = "rediss://tsstore@" + tls.address() + "/0?prefix=" + prefix;
        Map<String, String> pkcs12 = Map.of("passwordFile", SecuredRedis.passwordFile().toString(),
                "trustStore", certs.trustStore().toString(),
                "trustStorePasswordFile", certs.trustStorePasswordFile().toString());
        try (StorageManager store = StorageManagers.open(URI.create(location), pkcs12)) {
            store.store("a", TestSeries.version(5).series());
        }
        String before = System.getProperty("javax.net.ssl.trustStore");
        String beforePassword = System.getProperty("javax.net.ssl.trustStorePassword");
        System.setProperty("javax.net.ssl.trustStore", certs.trustStore().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", certs.storePasswords().get(1));
        try (StorageManager store = StorageManagers.open(URI.create(location),
                Map.of("passwordFile", SecuredRedis.passwordFile().toString()))) {
            TestSeries.version(5).assertSameAs(store.get("a"));
        } finally {
            restore("javax.net.ssl.trustStore", before);
            restore("javax.net.ssl.trustStorePassword", beforePassword);
        }
        // a wrong store password is the caller's mistake: named, without the password
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StorageManagers.open(URI.create(location), Map.of("passwordFile",
                        SecuredRedis.passwordFile().toString(), "trustStore", certs.trustStore().toString(),
                        "trustStorePasswordFile", SecuredRedis.passwordFile().toString())));
        assertEquals("option trustStore names " + certs.trustStore() + ", which does not open with the password of"
                + " trustStorePasswordFile or trustStorePasswordEnv", e.getMessage());
        assertNoSecret(trace(e), SecuredRedis.PASSWORD, certs.storePasswords().get(1));
        e = assertThrows(IllegalArgumentException.class, () -> StorageManagers.open(URI.create(location
                + "&passwordEnv=TSSTORE_TEST_NO_SUCH_VARIABLE"), Map.of("trustStore", ca())));
        assertEquals("option passwordEnv names the environment variable 'TSSTORE_TEST_NO_SUCH_VARIABLE', which is not"
                + " set", e.getMessage());
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private static String hex(String id) {
        return java.util.HexFormat.of().formatHex(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String trace(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    private static String ca() {
        return certs.caCertificate().toString();
    }

    /**
     * Opens through the provider, as an application does, expecting a refusal; checks that no secret
     * appears in the exception chain or the log.
     */
    private StorageException refused(String location, Map<String, String> options, String... secrets) {
        StorageException e = assertThrows(StorageException.class,
                () -> StorageManagers.open(URI.create(location), options).close(), location);
        List<String> secretList = new ArrayList<>(List.of(secrets));
        secretList.addAll(certs.storePasswords());
        assertNoSecret(trace(e) + logs.text(), secretList.toArray(String[]::new));
        System.out.println(e.getMessage());
        return e;
    }

    static void assertNoSecret(String text, String... secrets) {
        for (String secret : secrets) {
            assertFalse(text.contains(secret), "a secret (" + secret.length() + " characters) appears in: "
                    + text.replace(secret, "<<THE SECRET>>"));
        }
    }

    /** No key under the prefix on that server: a refused open wrote nothing. */
    static void assertNothingStored(RedisServer server, String prefix) {
        try (Jedis admin = server.client()) {
            List<String> keys = admin.scan("0", new ScanParams().match(prefix + "*").count(10_000)).getResult();
            assertEquals(List.of(), keys, "keys under " + prefix);
        }
    }
}
