package org.tsstore.bench;

import java.nio.file.Path;

/**
 * The subjects of the growing-series workloads by name: our backends ({@code memory}, {@code file},
 * {@code mmap}, and {@code redis-cluster} for {@code redis-cluster-bench.sh}, through {@link Subjects}) and the peers {@code questdb}, {@code duckdb} and {@code rocksdb}.
 */
final class GrowSubjects {

    private GrowSubjects() {}

    /**
     * Opens {@code name} in {@code dir}; with {@code sync} every commit is on the device when it returns; with
     * {@code indexed} a peer that can index series ids (QuestDB's symbol index) does.
     */
    static GrowSubject open(String name, Path dir, boolean sync, boolean indexed) {
        switch (name) {
            case "questdb":
                return new QuestGrow(dir, sync, indexed);
            case "duckdb":
                return new DuckGrow(dir, sync);
            case "rocksdb":
                return new RocksGrow(dir, sync);
            default:
                if (!Subjects.isOurs(name) && !name.equals("redis-cluster")) {
                    throw new IllegalArgumentException("unknown subject " + name);
                }
                return new TsstoreGrow(((TsstoreSubject) Subjects.open(name, dir, sync)).manager());
        }
    }
}
