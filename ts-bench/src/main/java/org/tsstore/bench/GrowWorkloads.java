package org.tsstore.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The growing-series workloads (issue 18) beside QuestDB, DuckDB, RocksDB and numpy: ingestion of ticks and of
 * one long series, one-point appends to series of three lengths, a 1% time range, the last hour of many series
 * and the mean of a whole long series. Sizes come from {@link BenchRunner}'s scale (the smoke shrinks them).
 */
final class GrowWorkloads {

    private GrowWorkloads() {}

    /**
     * The workloads for the sizes in {@code scale}.
     *
     * @param scale the sizes by name ({@code manySeries}, {@code ticks}, {@code growPoints}, {@code hourSeries},
     *     {@code hourPoints}), as {@link BenchRunner} passes them to the forks
     * @param smoke whether this is the smoke run: then only mmap of ours runs beside every peer (the other
     *     backends' append and batch paths run in the older workloads), to keep the smoke short
     * @return the workloads, in the order they run in a round
     */
    static List<Workload> of(Map<String, String> scale, boolean smoke) {
        List<Workload> w = all(scale);
        if (!smoke) {
            return w;
        }
        List<Workload> mmapOnly = new ArrayList<>();
        for (Workload x : w) {
            mmapOnly.add(new Workload(x.name(), x.benchmark(), x.params(), List.of("mmap"), x.peers(), x.megabytes(),
                    x.series()));
        }
        return mmapOnly;
    }

    private static List<Workload> all(Map<String, String> scale) {
        int many = Integer.parseInt(scale.get("manySeries"));
        int ticks = Integer.parseInt(scale.get("ticks"));
        int grow = Integer.parseInt(scale.get("growPoints"));
        int hourSeries = Integer.parseInt(scale.get("hourSeries"));
        double tickMb = 16e-6 * many * ticks;
        List<Workload> w = new ArrayList<>();
        // numpy rewrites each series' file per tick (O(n^2)): it runs at a hundredth of the series, no sync
        w.add(new Workload("ingest-10kx100-os", "IngestBench.ingest", Map.of("shape", "ticks", "durability", "os"),
                List.of("memory", "mmap"), List.of("questdb", "duckdb", "rocksdb", "numpy"), tickMb, many));
        w.add(new Workload("ingest-10kx100-sync", "IngestBench.ingest", Map.of("shape", "ticks", "durability", "sync"),
                List.of("mmap"), List.of("questdb", "duckdb", "rocksdb"), tickMb, many));
        w.add(new Workload("ingest-1x10M", "IngestBench.ingest", Map.of("shape", "chunks", "durability", "os"),
                List.of("memory", "mmap"), List.of("questdb", "duckdb", "rocksdb"), 16e-6 * grow, 1));
        List<String> appendOurs = List.of("memory", "file", "mmap");
        for (String size : List.of("1k", "100k", "10M")) {
            int points = size.equals("1k") ? 1000 : size.equals("100k") ? 100_000 : grow;
            w.add(new Workload("append-1-to-" + size, "AppendBench.appendOnePoint",
                    Map.of("points", Integer.toString(points)), appendOurs, List.of("questdb"), 16e-6, 1));
        }
        w.add(new Workload("range-1pct-10M", "RangeBench.run", Map.of("query", "range"), List.of("memory", "file", "mmap"),
                List.of("questdb", "duckdb", "rocksdb", "numpy-mmap"), 16e-6 * grow / 100, 1));
        // 100M points: more than the memory backend's heap, and hours of puts for RocksDB
        w.add(new Workload("range-last-hour", "RangeBench.run", Map.of("query", "lastHour"), List.of("file", "mmap"),
                List.of("questdb", "duckdb", "numpy-mmap"), 16e-6 * hourSeries * RangeBench.HOUR, hourSeries));
        w.add(new Workload("scan-mean-10M", "RangeBench.run", Map.of("query", "scan"), List.of("memory", "mmap"),
                List.of("questdb", "duckdb", "numpy-mmap"), 8e-6 * grow, 1));
        return w;
    }
}
