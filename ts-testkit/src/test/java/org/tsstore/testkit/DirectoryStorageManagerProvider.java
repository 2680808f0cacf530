package org.tsstore.testkit;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.api.spi.StorageOptions;

/** Scheme {@code testdir}: the testkit's own tiny persistent backend, registered for the crash harness's children. */
public class DirectoryStorageManagerProvider implements StorageManagerProvider {

    /** For ServiceLoader. */
    public DirectoryStorageManagerProvider() {}

    @Override
    public String scheme() {
        return "testdir";
    }

    @Override
    public String description() {
        return "one file per series, for the testkit's own tests";
    }

    @Override
    public Set<String> optionNames() {
        return Set.of();
    }

    @Override
    public URI defaultLocation() {
        return URI.create(scheme() + ":tsdata");
    }

    @Override
    public StorageManager open(URI location, Map<String, String> options) {
        StorageOptions.of(location, options, optionNames());
        return new DirectoryStorageManager(StorageOptions.path(location));
    }

    /** Scheme {@code testdir-lossy}: the same, but acknowledging writes before they reach the disk. */
    public static final class Lossy extends DirectoryStorageManagerProvider {

        /** For ServiceLoader. */
        public Lossy() {}

        @Override
        public String scheme() {
            return "testdir-lossy";
        }

        @Override
        public StorageManager open(URI location, Map<String, String> options) {
            StorageOptions.of(location, options, optionNames());
            return new LossyDirectoryStorageManager(StorageOptions.path(location));
        }
    }

    /**
     * Scheme {@code testdir-forgetful}: the same, but a damaged file is skipped on open and reported by
     * {@code verify()}, while the id it held is answered absent: what a damaged store must never do.
     */
    public static final class Forgetful extends DirectoryStorageManagerProvider {

        /** For ServiceLoader. */
        public Forgetful() {}

        @Override
        public String scheme() {
            return "testdir-forgetful";
        }

        @Override
        public StorageManager open(URI location, Map<String, String> options) {
            StorageOptions.of(location, options, optionNames());
            java.util.List<org.tsstore.api.IntegrityReport.Damage> skipped = new java.util.ArrayList<>();
            return new DirectoryStorageManager(StorageOptions.path(location)) {
                @Override
                void skipDamaged(java.nio.file.Path file, org.tsstore.api.StorageException damage) {
                    skipped.add(new org.tsstore.api.IntegrityReport.Damage("", file.toString(), damage.getMessage()));
                }

                @Override
                public synchronized org.tsstore.api.IntegrityReport verify() {
                    org.tsstore.api.IntegrityReport.Builder report = org.tsstore.api.IntegrityReport.builder();
                    skipped.forEach(report::damaged);
                    super.verify().damage().forEach(report::damaged);
                    return report.build();
                }
            };
        }
    }

    /**
     * Scheme {@code testdir-unnamed}: like {@code testdir-forgetful}, a damaged file is skipped on open (its id
     * is not known); {@code repair()} moves it away and reports it as bytes lost with no id (UNATTRIBUTED).
     */
    public static final class Unnamed extends DirectoryStorageManagerProvider {

        /** For ServiceLoader. */
        public Unnamed() {}

        @Override
        public String scheme() {
            return "testdir-unnamed";
        }

        @Override
        public StorageManager open(URI location, Map<String, String> options) {
            StorageOptions.of(location, options, optionNames());
            java.util.List<java.nio.file.Path> skipped = new java.util.ArrayList<>();
            return new DirectoryStorageManager(StorageOptions.path(location)) {
                @Override
                void skipDamaged(java.nio.file.Path file, org.tsstore.api.StorageException damage) {
                    skipped.add(file);
                }

                @Override
                public synchronized org.tsstore.api.RepairReport repair() {
                    java.util.List<org.tsstore.api.RepairReport.Loss> lost = new java.util.ArrayList<>();
                    for (java.nio.file.Path file : skipped) {
                        try {
                            java.nio.file.Files.move(file, file.resolveSibling(file.getFileName() + ".damaged"));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        lost.add(new org.tsstore.api.RepairReport.Loss("", file.toString(), "damaged",
                                org.tsstore.api.RepairReport.Outcome.UNATTRIBUTED));
                    }
                    skipped.clear();
                    return new org.tsstore.api.RepairReport(ids().size(), 0, lost);
                }
            };
        }
    }

    /** Scheme {@code testdir-unchecked}: the same, but reading files without checking their CRC. */
    public static final class Unchecked extends DirectoryStorageManagerProvider {

        /** For ServiceLoader. */
        public Unchecked() {}

        @Override
        public String scheme() {
            return "testdir-unchecked";
        }

        @Override
        public StorageManager open(URI location, Map<String, String> options) {
            StorageOptions.of(location, options, optionNames());
            return new DirectoryStorageManager(StorageOptions.path(location)) {
                @Override
                boolean checksums() {
                    return false;
                }
            };
        }
    }

    /**
     * Scheme {@code testdir-halfbatch}: the same, but a batch is written one series at a time with a pause
     * between them, so that a kill often lands inside it and leaves it half there.
     */
    public static final class HalfBatch extends DirectoryStorageManagerProvider {

        /** For ServiceLoader. */
        public HalfBatch() {}

        @Override
        public String scheme() {
            return "testdir-halfbatch";
        }

        @Override
        public StorageManager open(URI location, Map<String, String> options) {
            StorageOptions.of(location, options, optionNames());
            return new DirectoryStorageManager(StorageOptions.path(location)) {
                @Override
                public void storeAll(Map<String, ? extends SizedContainerTimeSeries> batch) {
                    batch.forEach((id, series) -> {
                        store(id, series);
                        pause();
                    });
                }

                @Override
                public void appendAll(Map<String, ? extends SizedContainerTimeSeries> batch) {
                    batch.forEach((id, series) -> {
                        append(id, series);
                        pause();
                    });
                }
            };
        }

        private static void pause() {
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Scheme {@code testdir-live}: the same, and {@code mode=read} opens a {@link LiveDirectoryReader} beside a
     * live writer; option {@code fault} ({@code stale}, {@code torn}, {@code throws}) breaks that reader.
     */
    public static final class Live extends DirectoryStorageManagerProvider {

        /** For ServiceLoader. */
        public Live() {}

        @Override
        public String scheme() {
            return "testdir-live";
        }

        @Override
        public Set<String> optionNames() {
            return Set.of(org.tsstore.core.backend.OpenMode.OPTION, "fault");
        }

        @Override
        public StorageManager open(URI location, Map<String, String> options) {
            StorageOptions o = StorageOptions.of(location, options, optionNames());
            java.nio.file.Path dir = StorageOptions.path(location);
            if (org.tsstore.core.backend.OpenMode.of(o) == org.tsstore.core.backend.OpenMode.READ) {
                return new LiveDirectoryReader(dir, o.getString("fault", "none"));
            }
            return new DirectoryStorageManager(dir);
        }
    }
}
