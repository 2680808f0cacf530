package org.tsstore.storage.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS material the tests make for themselves with openssl and keytool, once per test JVM, into a
 * temporary directory that the fixtures delete at exit; nothing of it is ever committed. EC P-256 keys, so
 * that making them takes a fraction of a second.
 *
 * <ul>
 *   <li>a CA, and a server certificate it signed for {@code localhost} and {@code 127.0.0.1};
 *   <li>a second server certificate, signed by the same CA, for another host only
 *       ({@code elsewhere.invalid}), to provoke a host name mismatch;
 *   <li>a stranger CA, which vouches for nothing the servers present, to provoke an untrusted certificate;
 *   <li>a client certificate signed by the CA, in a PKCS12 key store with its password in a file, for
 *       mutual TLS; and the CA in a PKCS12 trust store with its password in a file.
 * </ul>
 */
final class TestCertificates {

    private static TestCertificates shared;

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** The material of this JVM, made on first use. */
    static synchronized TestCertificates get() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory(RedisFixtures.root(), "tls-");
                shared = new TestCertificates(dir);
                shared.make();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private void make() throws IOException {
        Files.writeString(dir.resolve("keystore.pass"), random() + "\n");
        Files.writeString(dir.resolve("truststore.pass"), random() + "\n");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                + "basicConstraints=CA:FALSE\n");
        Files.writeString(dir.resolve("elsewhere.ext"), "subjectAltName=DNS:elsewhere.invalid\n"
                + "basicConstraints=CA:FALSE\n");
        Files.writeString(dir.resolve("client.ext"), "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
        ca("ca", "tsstore test CA");
        ca("stranger-ca", "a CA nobody trusts");
        signed("server", "localhost", "server.ext");
        signed("elsewhere", "elsewhere.invalid", "elsewhere.ext");
        signed("client", "tsstore-client", "client.ext");
        run("openssl", "pkcs12", "-export", "-in", "client.crt", "-inkey", "client.key", "-certfile", "ca.crt",
                "-name", "client", "-out", "client.p12", "-passout", "file:keystore.pass");
        run("keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.crt", "-keystore", "trust.p12",
                "-storetype", "PKCS12", "-storepass:file", "truststore.pass");
    }

    private void ca(String name, String commonName) {
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".crt", "-days", "3", "-subj", "/CN=" + commonName,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    private void signed(String name, String commonName, String extensions) {
        run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + commonName);
        run("openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "3", "-extfile", extensions);
    }

    private void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command[0] + " (the TLS tests need openssl and keytool)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    Path strangerCaCertificate() {
        return dir.resolve("stranger-ca.crt");
    }

    Path serverCertificate() {
        return dir.resolve("server.crt");
    }

    Path serverKey() {
        return dir.resolve("server.key");
    }

    /** A certificate for elsewhere.invalid only: connecting to 127.0.0.1 finds the host name wrong. */
    Path elsewhereCertificate() {
        return dir.resolve("elsewhere.crt");
    }

    Path elsewhereKey() {
        return dir.resolve("elsewhere.key");
    }

    /** The client's key and certificate, PKCS12. */
    Path clientKeyStore() {
        return dir.resolve("client.p12");
    }

    Path clientKeyStorePasswordFile() {
        return dir.resolve("keystore.pass");
    }

    /** The CA, PKCS12. */
    Path trustStore() {
        return dir.resolve("trust.p12");
    }

    Path trustStorePasswordFile() {
        return dir.resolve("truststore.pass");
    }

    /** The secrets of the stores, to look for where they must not be. */
    List<String> storePasswords() {
        try {
            return List.of(Files.readString(clientKeyStorePasswordFile()).trim(),
                    Files.readString(trustStorePasswordFile()).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For the tests' own clients: trusts the CA and presents the client certificate. */
    SSLSocketFactory socketFactory() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<Certificate> cas = new ArrayList<>();
            try (InputStream in = Files.newInputStream(caCertificate())) {
                cas.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
            }
            trust.setCertificateEntry("ca", cas.get(0));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            char[] password = Files.readString(clientKeyStorePasswordFile()).trim().toCharArray();
            KeyStore keys = KeyStore.getInstance(clientKeyStore().toFile(), password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
