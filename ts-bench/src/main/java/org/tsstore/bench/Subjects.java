package org.tsstore.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The subjects by name: ours ({@code memory}, {@code file}, {@code file-nocache}, {@code mmap}), the Java peers,
 * and {@code redis-cluster}, which {@code redis-cluster-bench.sh} selects (never {@link BenchRunner}): the Redis
 * Cluster backend at the location in {@code -Dtsstore.bench.redisUri}.
 */
final class Subjects {

    /** Our backends, as benchmark parameter values. */
    static final List<String> OURS = List.of("memory", "file", "file-nocache", "mmap", "file-batch", "mmap-batch");

    private Subjects() {}

    /** Whether {@code name} is one of our backends. */
    static boolean isOurs(String name) {
        return OURS.contains(name);
    }

    /** The tsstore scheme behind one of our subject names. */
    static String scheme(String name) {
        return name.equals("file-nocache") || name.equals("file-batch") ? "file" : name.equals("mmap-batch") ? "mmap" : name;
    }

    /** Opens {@code name} in {@code dir}; with {@code sync}, every store is on the device when it returns. */
    static Subject open(String name, Path dir, boolean sync) {
        switch (name) {
            case "memory":
            case "file":
            case "file-nocache":
            case "mmap":
            case "file-batch":
            case "mmap-batch": {
                Map<String, String> options = new HashMap<>();
                if (!name.equals("memory")) {
                    options.put("durability", sync ? "sync" : "os");
                }
                if (name.equals("file-nocache")) {
                    options.put("cacheBytes", "0");
                }
                TsstoreSubject subject = TsstoreSubject.open(scheme(name), dir, options);
                return name.endsWith("-batch") ? subject.batched() : subject;
            }
            case "redis-cluster": {
                String uri = System.getProperty("tsstore.bench.redisUri");
                if (sync) {
                    throw new IllegalArgumentException("subject redis-cluster has no sync durability (no fsync)");
                }
                if (uri == null) {
                    throw new IllegalStateException("subject redis-cluster needs -Dtsstore.bench.redisUri=redis-cluster://host:port,...");
                }
                // The key prefix is the directory's name: fresh for every new directory (every trial or store
                // iteration), the same when a read workload reopens the subject on its directory.
                Map<String, String> options = new HashMap<>();
                options.put("prefix", "bench/" + dir.getFileName());
                options.put("durability", "os");
                return TsstoreSubject.open("redis-cluster", URI.create(uri), options);
            }
            case "rocksdb":
                return new RocksSubject(dir, false, sync);
            case "rocksdb-batch":
                return new RocksSubject(dir, true, sync);
            case "mvstore":
                return new MvStoreSubject(dir, sync);
            case "nio":
                return new ChannelSubject(dir, false, sync);
            case "nio-mmap":
                return new ChannelSubject(dir, true, sync);
            default:
                throw new IllegalArgumentException("unknown subject " + name);
        }
    }
}
