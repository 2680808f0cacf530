package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.spi.StorageManagerProvider;

/**
 * Credentials and TLS options as the settings read them, without a server: where a password may come
 * from, what is refused, and that no message, {@code toString()} or shown location holds it.
 */
class RedisCredentialsSettingsTest {

    private static final String SECRET = "pa$$:w@rd/+ü";
    private static final Function<String, String> ENV = name -> name.equals("TS_PW") ? SECRET
            : name.equals("EMPTY") ? "" : null;

    @TempDir
    Path tmp;

    private RedisSettings parse(String location, Map<String, String> options) {
        return RedisSettings.parse(URI.create(location), options, ENV);
    }

    private static String escaped() {
        return "pa%24%24%3Aw%40rd%2F%2B%C3%BC";
    }

    @Test
    void userAndPasswordInTheLocationAreDecodedAndHidden() {
        RedisSettings s = parse("redis://ts:" + escaped() + "@h:1/0?prefix=p", Map.of());
        assertEquals("ts", s.auth().user());
        assertEquals(SECRET, new String(s.auth().password().chars()));
        assertEquals(URI.create("redis://ts:***@h:1/0?prefix=p"), s.location());
        assertNoSecret(s.toString() + s.auth() + s.location());
        assertEquals("ts", s.auth().credentials().getUser());
    }

    @Test
    void aPasswordAloneIsTheDefaultUsers() {
        RedisSettings s = parse("redis://:" + escaped() + "@h:1/0", Map.of());
        assertNull(s.auth().user());
        assertEquals("default", s.auth().shownUser());
        assertEquals(URI.create("redis://:***@h:1/0"), s.location());
    }

    @Test
    void aClusterTakesTheSameCredentialsForEveryNode() {
        RedisSettings s = parse("redis-cluster://ts:" + escaped() + "@h1:1,h2:2?tls=true", Map.of());
        assertEquals(2, s.nodes().size());
        assertEquals(SECRET, new String(s.auth().password().chars()));
        assertEquals(URI.create("redis-cluster://ts:***@h1:1,h2:2?tls=true"), s.location());
        assertTrue(s.tls().enabled());
    }

    @Test
    void thePasswordMayComeFromAFileOrAnEnvironmentVariable() throws IOException {
        Path file = Files.writeString(tmp.resolve("pw"), SECRET + "\r\n", StandardCharsets.UTF_8);
        RedisSettings fromFile = parse("redis://h:1/0", Map.of("user", "ts", "passwordFile", file.toString()));
        assertEquals(SECRET, new String(fromFile.auth().password().chars()), "the line break is not part of it");
        RedisSettings fromEnv = parse("redis://ts@h:1/0?passwordEnv=TS_PW", Map.of());
        assertEquals(SECRET, new String(fromEnv.auth().password().chars()));
        assertEquals("ts", fromEnv.auth().user());
        assertNoSecret(fromFile.toString() + fromEnv.toString());
    }

    @Test
    void theSchemeRedissIsRedisWithTls() {
        RedisSettings s = parse("rediss://h:1/2", Map.of());
        assertFalse(s.cluster());
        assertEquals(2, s.database());
        assertTrue(s.tls().enabled());
        assertTrue(s.tls().verifyHostname());
        assertEquals("the JVM's trust store", s.tls().trusted());
        assertEquals("", s.tls().parameters().getEndpointIdentificationAlgorithm().replace("HTTPS", ""));
        RedisSettings unsafe = parse("rediss://h:1/2?verifyHostname=false", Map.of());
        assertNull(unsafe.tls().parameters().getEndpointIdentificationAlgorithm());
        assertFalse(parse("redis://h:1/0", Map.of()).tls().enabled());
    }

    @Test
    void everyProviderDeclaresTheNewOptions() {
        for (StorageManagerProvider p : List.of(new RedisStorageProvider(), new RedissStorageProvider(),
                new RedisClusterStorageProvider())) {
            assertTrue(p.optionNames().containsAll(Set.of("user", "passwordFile", "passwordEnv", "tls", "trustStore",
                    "trustStorePasswordFile", "trustStorePasswordEnv", "keyStore", "keyStorePasswordFile",
                    "keyStorePasswordEnv", "verifyHostname")), p.scheme() + " " + p.optionNames());
            assertEquals(p.scheme(), p.defaultLocation().getScheme());
        }
    }

    @Test
    void conflictsAndMissingSecretsAreRefusedByName() throws IOException {
        Path file = Files.writeString(tmp.resolve("pw"), SECRET);
        Path empty = Files.writeString(tmp.resolve("empty"), "\n");
        Path notUtf8 = Files.write(tmp.resolve("latin1"), new byte[] {'p', (byte) 0xE9});
        Path missing = tmp.resolve("missing");
        String f = file.toString();
        List<List<Object>> cases = List.of(
                List.of("redis://ts:" + escaped() + "@h:1/0", Map.of("passwordFile", f),
                        "the password is given both in location redis://ts:***@h:1/0 and by option passwordFile"),
                List.of("redis://:" + escaped() + "@h:1/0?passwordEnv=TS_PW", Map.of(),
                        "the password is given both in location redis://:***@h:1/0?passwordEnv=TS_PW and by option"
                                + " passwordEnv"),
                List.of("redis://h:1/0", Map.of("passwordFile", f, "passwordEnv", "TS_PW"),
                        "options passwordFile and passwordEnv both name the same secret"),
                List.of("redis://ts@h:1/0", Map.of("user", "ts", "passwordFile", f),
                        "the user is given both in location redis://ts@h:1/0 and by option user"),
                List.of("redis://ts@h:1/0", Map.of(), "user ts is given without a password"),
                List.of("redis://h:1/0", Map.of("passwordFile", missing.toString()),
                        "option passwordFile names the file " + missing + ", which does not exist"),
                List.of("redis://h:1/0", Map.of("passwordFile", empty.toString()),
                        "option passwordFile names the file " + empty + ", which is empty"),
                List.of("redis://h:1/0", Map.of("passwordFile", tmp.toString()),
                        "option passwordFile names the file " + tmp + ", which cannot be read"),
                List.of("redis://h:1/0", Map.of("passwordFile", notUtf8.toString()), "which is not UTF-8 text"),
                List.of("redis://h:1/0?passwordEnv=NOPE", Map.of(),
                        "option passwordEnv names the environment variable 'NOPE', which is not set"),
                List.of("redis://h:1/0?passwordEnv=EMPTY", Map.of(),
                        "option passwordEnv names the environment variable 'EMPTY', which is empty"),
                List.of("redis://ts:@h:1/0", Map.of(), "has an empty password"),
                List.of("redis://ts:%FF@h:1/0", Map.of(), "the password in location redis://ts:***@h:1/0 is not"
                        + " UTF-8 once decoded"),
                List.of("rediss://h:1/0?tls=false", Map.of(), "option tls=false contradicts the scheme rediss:"),
                List.of("redis://h:1/0", Map.of("trustStore", f), "option trustStore only applies with TLS"),
                List.of("redis://h:1/0?verifyHostname=false", Map.of(), "option verifyHostname only applies with TLS"),
                List.of("rediss://h:1/0", Map.of("trustStorePasswordFile", f),
                        "option trustStorePasswordFile gives the password of a trustStore, but option trustStore"
                                + " names none"),
                List.of("rediss://h:1/0", Map.of("trustStore", missing.toString()),
                        "option trustStore names " + missing + ", which does not exist"),
                List.of("rediss://h:1/0", Map.of("trustStore", f), "option trustStore names " + f
                        + ", which is not a key store this JVM reads (PKCS12 or JKS, or PEM certificates)"),
                List.of("rediss://h:1/0", Map.of("keyStore", tmp.toString()),
                        "option keyStore names " + tmp + ", which is not a file"),
                List.of("rediss://h:1/0?password=" + escaped(), Map.of(), "unknown option password"),
                List.of("redis://ts:" + escaped() + "@h:1/0?colour=red", Map.of(), "unknown option colour"),
                List.of("redis://ts:" + escaped() + "@h:1/0?prefix=a&prefix=b", Map.of(),
                        "option prefix is given twice in redis://ts:***@h:1/0?prefix=a&prefix=b"),
                List.of("redis://ts:" + escaped() + "@h:99999/0", Map.of(), "location redis://ts:***@h:99999/0 has port"
                        + " 99999 out of range"),
                List.of("redis-cluster://ts:" + escaped() + "@h:1/3", Map.of(), "location redis-cluster://ts:***@h:1/3"
                        + " names a database"),
                List.of("file://ts:" + escaped() + "@h/x", Map.of(), "location file://ts:***@h/x is not a redis:"));
        for (List<Object> c : cases) {
            @SuppressWarnings("unchecked")
            Map<String, String> options = (Map<String, String>) c.get(1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> parse((String) c.get(0), options), c.get(0) + " " + options);
            assertTrue(e.getMessage().contains((String) c.get(2)), c.get(0) + " " + options + ": " + e.getMessage());
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertNoSecret(trace.toString());
        }
    }

    @Test
    void theProvidersRefuseAnotherSchemeWithoutShowingThePassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RedissStorageProvider().open(URI.create("redis://ts:" + escaped() + "@h:1/0"), Map.of()));
        assertEquals("location redis://ts:***@h:1/0 is not a rediss: location", e.getMessage());
    }

    private static void assertNoSecret(String text) {
        for (String form : List.of(SECRET, escaped(), "pa$$", "w@rd")) {
            assertFalse(text.contains(form), "the password (" + form.length() + " characters) appears");
        }
    }
}
