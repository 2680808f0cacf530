package org.tsstore.storage.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/** One redis-server child process on a loopback port, with its own directory; stopped by close(). */
final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final Process process;
    private final ServerSecurity security;

    private RedisServer(int port, Path dir, Process process, ServerSecurity security) {
        this.port = port;
        this.dir = dir;
        this.process = process;
        this.security = security;
    }

    static RedisServer start(Path parent, boolean cluster) {
        return start(parent, cluster, ServerSecurity.NONE);
    }

    /** A server secured as given: TLS only, passwords, ACL users. */
    static RedisServer start(Path parent, boolean cluster, ServerSecurity security) {
        RedisRequirement.check();
        int port = freePortPair();
        // a directory of its own: a port used by a server that has stopped may come round again, and its
        // nodes.conf must not make the new server think it belongs to the old cluster
        Path dir;
        try {
            Files.createDirectories(parent);
            dir = Files.createTempDirectory(parent, "node-" + port + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(port, dir, cluster, security);
    }

    /** Starts this server again after a kill, on its port and directory (a cluster node rejoins). */
    RedisServer restart() {
        close();
        return start(port, dir, true, security);
    }

    private static RedisServer start(int port, Path dir, boolean cluster, ServerSecurity security) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(RedisRequirement.server().toString(),
                "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "",
                "--protected-mode", "yes"));
        command.addAll(security.serverArguments(port, cluster));
        if (cluster) {
            command.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "1000"));
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        RedisServer server = new RedisServer(port, dir, process, security);
        RedisFixtures.register(server);
        server.awaitReady();
        return server;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with " + process.exitValue()
                        + ": " + log());
            }
            try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port), security.clientConfig(1000))) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (JedisException e) {
                // not listening yet
            }
            sleep(50);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer within 20 s: " + log());
    }

    String log() {
        try {
            return Files.readString(dir.resolve("redis.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    int port() {
        return port;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** A client as the default user (with the admin password, over TLS, if the server wants them). */
    Jedis client() {
        return new Jedis(new HostAndPort("127.0.0.1", port), security.clientConfig(5000));
    }

    ServerSecurity security() {
        return security;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process gets no chance to do anything. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A free loopback port whose cluster bus port (port + 10000) is free too. */
    static int freePortPair() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = freePort();
            if (port < 55000 && canBind(port + 10000)) {
                return port;
            }
        }
        throw new IllegalStateException("found no free pair of loopback ports");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
