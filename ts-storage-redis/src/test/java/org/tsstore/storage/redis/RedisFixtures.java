package org.tsstore.storage.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Redis servers the tests share: one standalone server and one cluster, started on first use and
 * stopped (with their directories deleted) when the test JVM exits, whatever the outcome. Tests that
 * break a deployment (the failover test) start their own.
 */
final class RedisFixtures {

    private static final List<AutoCloseable> STARTED = new CopyOnWriteArrayList<>();
    private static final AtomicInteger STORES = new AtomicInteger();
    private static Path root;
    private static RedisServer standalone;
    private static RedisCluster cluster;

    private RedisFixtures() {}

    static synchronized Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("tsstore-redis-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path dir = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(dir), "redis-fixtures-shutdown"));
        }
        return root;
    }

    static void register(AutoCloseable server) {
        STARTED.add(server);
    }

    static synchronized RedisServer standalone() {
        RedisRequirement.check();
        if (standalone == null || !standalone.isAlive()) {
            standalone = RedisServer.start(root(), false);
        }
        return standalone;
    }

    static synchronized RedisCluster cluster() {
        RedisRequirement.check();
        if (cluster == null) {
            cluster = RedisCluster.start(root());
        }
        return cluster;
    }

    /** A cluster of the caller's own, to break; the caller closes it. */
    static RedisCluster newCluster() {
        RedisRequirement.check();
        return RedisCluster.start(root());
    }

    /** A prefix no other store of this JVM uses, so that every create() starts empty. */
    static String freshPrefix(String kind) {
        return "t" + ProcessHandle.current().pid() + "-" + kind + "-" + STORES.incrementAndGet();
    }

    static RedisStorageManager openStandalone(String prefix, Map<String, String> options) {
        return RedisStorageManager.open(URI.create("redis://" + standalone().address() + "/0?prefix=" + prefix),
                options);
    }

    static RedisStorageManager openCluster(String prefix, Map<String, String> options) {
        return RedisStorageManager.open(URI.create(cluster().location() + "?prefix=" + prefix), options);
    }

    private static void stopAll(Path dir) {
        for (AutoCloseable server : STARTED) {
            try {
                server.close();
            } catch (Exception e) {
                // best effort at exit
            }
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
