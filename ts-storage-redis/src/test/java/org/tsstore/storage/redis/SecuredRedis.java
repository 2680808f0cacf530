package org.tsstore.storage.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The secured deployments the tests share, beside the open ones of {@link RedisFixtures}: a standalone
 * server and a 3×2 cluster, both TLS only, whose default user has an admin password (the cluster's
 * {@code masterauth} too) and whose user {@code tsstore} has exactly the ACL rules of the module README,
 * with the key pattern widened to the tests' prefixes. Passwords are random per JVM; the tsstore user's
 * holds characters a URI must escape.
 */
final class SecuredRedis {

    /** The user the backend logs in as. */
    static final String USER = "tsstore";
    /** The default user's password: for the tests' own clients, redis-cli and masterauth. */
    static final String ADMIN_PASSWORD = "admin-" + random();
    /** The tsstore user's password; '@', ':', '/' and '+' must be escaped in a location. */
    static final String PASSWORD = "tsS3cret-" + random() + "@:/+";

    private static RedisServer standalone;
    private static RedisCluster cluster;
    private static Path passwordFile;

    private SecuredRedis() {}

    /** The README's ACL line for the tsstore user, with this password and the tests' key pattern. */
    static String aclRules(String user, String password) {
        String line = readmeAclLine();
        String rules = line.substring("user tsstore ".length());
        if (!rules.contains(">YOUR-PASSWORD") || !rules.contains("~tsstore:*")) {
            throw new IllegalStateException("the README's ACL line lost its placeholders: " + line);
        }
        return user + " " + rules.replace(">YOUR-PASSWORD", ">" + password).replace("~tsstore:*", keyPattern());
    }

    /** Every prefix of this test JVM starts so (see {@link RedisFixtures#freshPrefix}). */
    static String keyPattern() {
        return "~t" + ProcessHandle.current().pid() + "-*";
    }

    /** The one line of the README that starts {@code user tsstore on}. */
    static String readmeAclLine() {
        try {
            List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
            List<String> acl = lines.stream().map(String::trim).filter(l -> l.startsWith("user tsstore on ")).toList();
            if (acl.size() != 1) {
                throw new IllegalStateException("README.md should hold one line starting 'user tsstore on', has " + acl);
            }
            return acl.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("the tests run in the module directory and read its README.md", e);
        }
    }

    /** TLS, the admin password, and the tsstore user with the README's rules. */
    static ServerSecurity security() {
        return ServerSecurity.tls(ADMIN_PASSWORD).withUser(aclRules(USER, PASSWORD));
    }

    static synchronized RedisServer standalone() {
        RedisRequirement.check();
        if (standalone == null || !standalone.isAlive()) {
            standalone = RedisServer.start(RedisFixtures.root(), false, security());
        }
        return standalone;
    }

    static synchronized RedisCluster cluster() {
        RedisRequirement.check();
        if (cluster == null) {
            cluster = RedisCluster.start(RedisFixtures.root(), security());
        }
        return cluster;
    }

    /** A TLS cluster of the caller's own, to break; the caller closes it. */
    static RedisCluster newCluster() {
        RedisRequirement.check();
        return RedisCluster.start(RedisFixtures.root(), security());
    }

    /** A file holding the tsstore user's password, with a line break after it as editors write. */
    static synchronized Path passwordFile() {
        if (passwordFile == null) {
            try {
                passwordFile = Files.createTempFile(RedisFixtures.root(), "password-", ".txt");
                Files.writeString(passwordFile, PASSWORD + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return passwordFile;
    }

    /** The password as a location's user information must carry it. */
    static String escapedPassword() {
        return PASSWORD.replace("%", "%25").replace("@", "%40").replace(":", "%3A").replace("/", "%2F")
                .replace("+", "%2B");
    }

    /** The options that go with a secured location: the password file and the test CA. */
    static String query() {
        return "passwordFile=" + passwordFile() + "&trustStore=" + TestCertificates.get().caCertificate();
    }

    /** {@code rediss://tsstore@127.0.0.1:port/0?passwordFile=...&trustStore=...}, before any prefix option. */
    static String standaloneLocation() {
        return "rediss://" + USER + "@" + standalone().address() + "/0?" + query();
    }

    /**
     * The TLS cluster with the credentials in the location itself ({@code user:password@}, escaped), the
     * other way to give them.
     */
    static String clusterLocation() {
        return clusterLocation(cluster());
    }

    /** The same for a cluster of the caller's own. */
    static String clusterLocation(RedisCluster cluster) {
        return "redis-cluster://" + USER + ":" + escapedPassword() + "@" + cluster.location()
                .substring("redis-cluster://".length()) + "?tls=true&trustStore=" + TestCertificates.get().caCertificate();
    }

    private static String random() {
        byte[] b = new byte[9];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
