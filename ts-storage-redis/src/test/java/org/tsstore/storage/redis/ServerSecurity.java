package org.tsstore.storage.redis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;

/**
 * How a test redis-server is secured: TLS only (its plain port closed) with the given certificate, whether
 * it requires client certificates, the default user's password (also {@code masterauth} on a cluster, so
 * that replicas log in to their masters), and further ACL users as {@code ACL SETUSER} rules.
 *
 * @param certificates the TLS material, or null for a plain server
 * @param certificate the server's certificate, and {@code key} its key (the good one unless a test wants
 *     another)
 * @param key the server's key
 * @param tlsAuthClients {@code no}, {@code optional} or {@code yes}
 * @param adminPassword the default user's password, or null for none
 * @param users further users, each a rule list such as {@code tsstore on >pw ~t1-* +get}
 */
record ServerSecurity(TestCertificates certificates, Path certificate, Path key, String tlsAuthClients,
        String adminPassword, List<String> users) {

    /** A plain server that anyone may use. */
    static final ServerSecurity NONE = new ServerSecurity(null, null, null, "no", null, List.of());

    ServerSecurity {
        users = List.copyOf(users);
    }

    /** TLS with the good certificate, client certificates optional, the given admin password. */
    static ServerSecurity tls(String adminPassword) {
        TestCertificates c = TestCertificates.get();
        return new ServerSecurity(c, c.serverCertificate(), c.serverKey(), "optional", adminPassword, List.of());
    }

    ServerSecurity withUser(String rules) {
        List<String> all = new ArrayList<>(users);
        all.add(rules);
        return new ServerSecurity(certificates, certificate, key, tlsAuthClients, adminPassword, all);
    }

    ServerSecurity withCertificate(Path newCertificate, Path newKey) {
        return new ServerSecurity(certificates, newCertificate, newKey, tlsAuthClients, adminPassword, users);
    }

    ServerSecurity requiringClientCertificates() {
        return new ServerSecurity(certificates, certificate, key, "yes", adminPassword, users);
    }

    boolean tls() {
        return certificates != null;
    }

    /** The redis-server arguments, for a server listening on {@code port}. */
    List<String> serverArguments(int port, boolean cluster) {
        List<String> args = new ArrayList<>();
        if (tls()) {
            args.addAll(List.of("--port", "0", "--tls-port", String.valueOf(port),
                    "--tls-cert-file", certificate.toString(), "--tls-key-file", key.toString(),
                    "--tls-ca-cert-file", certificates.caCertificate().toString(),
                    "--tls-auth-clients", tlsAuthClients));
            if (cluster) {
                args.addAll(List.of("--tls-cluster", "yes", "--tls-replication", "yes"));
            }
        } else {
            args.addAll(List.of("--port", String.valueOf(port)));
        }
        if (adminPassword != null) {
            args.addAll(List.of("--requirepass", adminPassword));
            if (cluster) {
                args.addAll(List.of("--masterauth", adminPassword));
            }
        }
        for (String rules : users) {
            args.add("--user");
            args.addAll(List.of(rules.trim().split("\\s+")));
        }
        return args;
    }

    /** The redis-cli arguments to reach such a server. */
    List<String> cliArguments() {
        List<String> args = new ArrayList<>();
        if (tls()) {
            args.addAll(List.of("--tls", "--cacert", certificates.caCertificate().toString(),
                    "--cert", certificates.serverCertificate().toString(), "--key", certificates.serverKey().toString()));
        }
        if (adminPassword != null) {
            args.addAll(List.of("-a", adminPassword, "--no-auth-warning"));
        }
        return args;
    }

    /** How the tests' own clients connect: as the default user, trusting the CA. */
    @SuppressWarnings("deprecation")
    JedisClientConfig clientConfig(int timeoutMillis) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder().timeoutMillis(timeoutMillis);
        if (adminPassword != null) {
            b.password(adminPassword);
        }
        if (tls()) {
            // no host name check (Jedis checks unless given parameters): one server has a certificate for
            // another host on purpose
            b.ssl(true).sslSocketFactory(certificates.socketFactory()).sslParameters(new javax.net.ssl.SSLParameters());
        }
        return b.build();
    }
}
