package org.tsstore.storage.redis;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.tsstore.api.spi.StorageOptions;

/**
 * Whether and how the store speaks TLS: on with the option {@code tls=true} or the scheme {@code rediss},
 * the server verified against the JVM's trust store ({@code javax.net.ssl.trustStore}, else the JDK's
 * {@code cacerts}) or the store named by {@code trustStore} (PKCS12, JKS, or PEM certificates), its host
 * name checked against the certificate unless {@code verifyHostname=false}, and a client certificate sent
 * (mutual TLS) from the PKCS12 or JKS store named by {@code keyStore}. Stores are read once, at open;
 * their passwords come from files or environment variables and are not kept.
 *
 * @param enabled whether connections use TLS
 * @param socketFactory makes the TLS sockets, with the trust and key material read at open; null if off
 * @param verifyHostname whether the server's certificate must name the host connected to
 * @param trusted what vouches for the server, for messages ({@code the JVM's trust store})
 * @param keyStore the key store's file, for messages, or null if no client certificate is sent
 */
record RedisTls(boolean enabled, SSLSocketFactory socketFactory, boolean verifyHostname, String trusted,
        Path keyStore) {

    /** Plain connections. */
    static final RedisTls OFF = new RedisTls(false, null, false, "", null);

    static final String TLS = "tls";
    static final String TRUST_STORE = "trustStore";
    static final String TRUST_STORE_PASSWORD_FILE = "trustStorePasswordFile";
    static final String TRUST_STORE_PASSWORD_ENV = "trustStorePasswordEnv";
    static final String KEY_STORE = "keyStore";
    static final String KEY_STORE_PASSWORD_FILE = "keyStorePasswordFile";
    static final String KEY_STORE_PASSWORD_ENV = "keyStorePasswordEnv";
    static final String VERIFY_HOSTNAME = "verifyHostname";
    static final List<String> OPTIONS = List.of(TLS, TRUST_STORE, TRUST_STORE_PASSWORD_FILE, TRUST_STORE_PASSWORD_ENV,
            KEY_STORE, KEY_STORE_PASSWORD_FILE, KEY_STORE_PASSWORD_ENV, VERIFY_HOSTNAME);

    /**
     * Reads the TLS options and, if TLS is on, the trust and key stores they name.
     *
     * @param byScheme whether the scheme ({@code rediss}) asks for TLS
     * @param env the environment, for the {@code ...PasswordEnv} options
     * @throws IllegalArgumentException naming the option and the file if an option contradicts the scheme,
     *     applies only with TLS, or names a store that is missing, unreadable, of an unknown format, empty,
     *     or not opened by its password
     */
    static RedisTls parse(boolean byScheme, StorageOptions o, Function<String, String> env) {
        boolean tls = o.getBoolean(TLS, byScheme);
        if (byScheme && !tls) {
            throw new IllegalArgumentException("option tls=false contradicts the scheme rediss:, which always speaks"
                    + " TLS; use redis: for a plain connection");
        }
        if (!tls) {
            for (String option : OPTIONS) {
                if (!option.equals(TLS) && o.has(option)) {
                    throw new IllegalArgumentException("option " + option + " only applies with TLS (tls=true, or the"
                            + " scheme rediss:)");
                }
            }
            return OFF;
        }
        boolean verifyHostname = o.getBoolean(VERIFY_HOSTNAME, true);
        Optional<Secret> trustPassword = Secret.fromOptions(o, TRUST_STORE_PASSWORD_FILE, TRUST_STORE_PASSWORD_ENV, env);
        Optional<Secret> keyPassword = Secret.fromOptions(o, KEY_STORE_PASSWORD_FILE, KEY_STORE_PASSWORD_ENV, env);
        requireStore(o, TRUST_STORE, trustPassword, TRUST_STORE_PASSWORD_FILE, TRUST_STORE_PASSWORD_ENV);
        requireStore(o, KEY_STORE, keyPassword, KEY_STORE_PASSWORD_FILE, KEY_STORE_PASSWORD_ENV);
        Path trustFile = o.has(TRUST_STORE) ? path(TRUST_STORE, o.getString(TRUST_STORE, "")) : null;
        Path keyFile = o.has(KEY_STORE) ? path(KEY_STORE, o.getString(KEY_STORE, "")) : null;
        KeyStore trust = trustFile == null ? null : load(TRUST_STORE, trustFile, trustPassword, true);
        KeyStore keys = keyFile == null ? null : load(KEY_STORE, keyFile, keyPassword, false);
        SSLContext context;
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust); // null: the JVM's trust store, as javax.net.ssl.trustStore names it now
            KeyManager[] keyManagers = null;
            if (keys != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] password = keyPassword.map(Secret::chars).orElse(new char[0]);
                try {
                    kmf.init(keys, password);
                } catch (UnrecoverableKeyException e) {
                    throw new IllegalArgumentException("option " + KEY_STORE + " names " + keyFile + ", whose private"
                            + " key does not open with the store's password (the key needs the same password as the"
                            + " store)", e);
                } finally {
                    Arrays.fill(password, '\0');
                }
                keyManagers = kmf.getKeyManagers();
            }
            context = SSLContext.getInstance("TLS");
            context.init(keyManagers, tmf.getTrustManagers(), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS with " + (trustFile == null ? "the JVM's trust store"
                    : "trust store " + trustFile) + ": " + e.getMessage(), e);
        }
        String trusted = trustFile == null ? "the JVM's trust store" : "trust store " + trustFile;
        return new RedisTls(true, context.getSocketFactory(), verifyHostname, trusted, keyFile);
    }

    private static void requireStore(StorageOptions o, String store, Optional<Secret> password, String file,
            String env) {
        if (password.isPresent() && !o.has(store)) {
            throw new IllegalArgumentException("option " + (o.has(file) ? file : env) + " gives the password of a "
                    + store + ", but option " + store + " names none");
        }
    }

    private static Path path(String option, String name) {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("option " + option + " names '" + name + "', which is not a path", e);
        }
    }

    /** Reads a store; a trust store may also be a file of PEM certificates. */
    private static KeyStore load(String option, Path file, Optional<Secret> password, boolean trust) {
        String names = "option " + option + " names " + file;
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(names + ", which does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(names + ", which is not a file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(names + ", which cannot be read (" + e.getClass().getSimpleName() + ")",
                    e);
        }
        boolean pem = new String(bytes, StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
        if (pem && !trust) {
            throw new IllegalArgumentException(names + ", a PEM file; a key store must be PKCS12 or JKS, such as"
                    + " `openssl pkcs12 -export -in client.crt -inkey client.key -out client.p12` makes");
        }
        try {
            return pem ? pemStore(names, bytes) : keyStore(names, file, password, trust);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static KeyStore pemStore(String names, byte[] bytes) {
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(names + ", which holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("pem-" + i++, c);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(names + ", whose PEM certificates cannot be read: " + e.getMessage(), e);
        }
    }

    private static KeyStore keyStore(String names, Path file, Optional<Secret> password, boolean trust) {
        char[] chars = password.map(Secret::chars).orElse(null);
        String passwordOptions = trust ? TRUST_STORE_PASSWORD_FILE + " or " + TRUST_STORE_PASSWORD_ENV
                : KEY_STORE_PASSWORD_FILE + " or " + KEY_STORE_PASSWORD_ENV;
        try {
            KeyStore store = KeyStore.getInstance(file.toFile(), chars);
            boolean anyKey = false;
            boolean anyCertificate = false;
            for (String alias : Collections.list(store.aliases())) {
                anyKey |= store.isKeyEntry(alias);
                anyCertificate |= store.isCertificateEntry(alias) || store.getCertificate(alias) != null;
            }
            if (!trust && !anyKey) {
                throw new IllegalArgumentException(names + ", which holds no private key to send as a client"
                        + " certificate");
            }
            if (trust && !anyCertificate) {
                throw new IllegalArgumentException(names + ", which holds no certificate to trust"
                        + (chars == null ? " that can be read without its password (give it with " + passwordOptions
                        + ")" : ""));
            }
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new IllegalArgumentException(names + ", which does not open with "
                        + (chars == null ? "no password; give its password with " + passwordOptions
                        : "the password of " + passwordOptions), e);
            }
            throw new IllegalArgumentException(names + ", which cannot be read as a key store: " + e.getMessage(), e);
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException(names + ", which is not a key store this JVM reads (PKCS12 or JKS"
                    + (trust ? ", or PEM certificates)" : ")"), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(names + ", which cannot be read as a key store: " + e.getMessage(), e);
        } finally {
            if (chars != null) {
                Arrays.fill(chars, '\0');
            }
        }
    }

    /** The TLS parameters of every connection: host name verification, unless turned off. */
    SSLParameters parameters() {
        SSLParameters parameters = new SSLParameters();
        if (verifyHostname) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        return parameters;
    }

    /** In words, for logs: whether TLS is on, what is trusted, whether host names are checked. */
    @Override
    public String toString() {
        if (!enabled) {
            return "no TLS";
        }
        return "TLS trusting " + trusted + (verifyHostname ? "" : ", host names NOT verified")
                + (keyStore == null ? "" : ", client certificate from " + keyStore);
    }
}
