package org.tsstore.testkit;

import static org.tsstore.testkit.ContractBitesTest.assertCaught;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.RepairReport;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.AbstractSizedContainerTimeSeries;
import org.tsstore.core.ForwardingStorageManager;

/**
 * Proof that every check of {@link ReadOnlyContract} bites: each broken read-only store below (a variant of the
 * correct {@link LiveDirectoryReadOnlyContractTest}) must fail the checks named, with an assertion. The broken
 * classes are nested, so surefire runs them only through {@link ContractRunner}.
 */
class ReadOnlyContractBitesTest {

    /** A broken variant: {@link #reader} makes its read-only stores from the correct one. */
    static class Broken extends LiveDirectoryReadOnlyContractTest {
        @Override
        public StorageManager openIn(Path directory, Map<String, String> moreOptions) {
            StorageManager opened = super.openIn(directory, moreOptions);
            return "read".equals(moreOptions.get("mode")) ? reader(opened, directory) : opened;
        }

        /** The broken reader made from a correct one; by default the correct one, for a variant broken elsewhere. */
        StorageManager reader(StorageManager correct, Path directory) {
            return correct;
        }
    }

    /** A correct reader seen through a forwarding store, whose methods a broken variant overrides. */
    static class Through extends ForwardingStorageManager {
        private final StorageManager delegate;

        Through(StorageManager delegate) {
            this.delegate = delegate;
        }

        @Override
        protected StorageManager delegate() {
            return delegate;
        }
    }

    /** Serves the first version it read of each id forever. */
    static class ServesAStaleVersion extends Broken {
        @Override
        StorageManager reader(StorageManager correct, Path directory) {
            correct.close();
            return new LiveDirectoryReader(directory, "stale");
        }
    }

    @Test
    void aReaderThatServesAStaleVersionIsCaught() {
        assertCaught(ServesAStaleVersion.class, "theReaderFollowsEveryKindOfWrite",
                "aReaderOutlivesItsWriterAndFollowsTheNextOne", "aReaderThreadSeesOnlyAcknowledgedVersionsInOrder");
    }

    /** Returns every third series with its last point zeroed, as a half-written tail. */
    static class ServesATornTail extends Broken {
        @Override
        StorageManager reader(StorageManager correct, Path directory) {
            correct.close();
            return new LiveDirectoryReader(directory, "torn");
        }
    }

    @Test
    void aReaderThatServesATornTailIsCaught() {
        assertCaught(ServesATornTail.class, "theReaderFollowsEveryKindOfWrite");
    }

    /** Reads the store once, when opened, and never again. */
    static class FrozenAtOpen extends Broken {
        @Override
        StorageManager reader(StorageManager correct, Path directory) {
            Map<String, SizedContainerTimeSeries> frozen = new HashMap<>();
            correct.ids().forEach(id -> frozen.put(id, correct.get(id)));
            return new Through(correct) {
                @Override
                public SizedContainerTimeSeries get(String id) {
                    SizedContainerTimeSeries s = frozen.get(id);
                    if (s == null) {
                        throw new NoSuchSeriesException(id);
                    }
                    return s;
                }

                @Override
                public int size(String id) {
                    return get(id).size();
                }

                @Override
                public boolean contains(String id) {
                    return frozen.containsKey(id);
                }

                @Override
                public Set<String> ids() {
                    return Set.copyOf(frozen.keySet());
                }
            };
        }
    }

    @Test
    void aReaderFrozenAtItsOpenIsCaught() {
        assertCaught(FrozenAtOpen.class, "theReaderFollowsEveryKindOfWrite", "readersOpenBesideTheWritersLock",
                "aReaderOutlivesItsWriterAndFollowsTheNextOne", "aReaderOpenedBetweenWritersFollowsTheNext");
    }

    /** Returns views that read the file on every access, so that a later write shows through an older view. */
    static class ViewsFollowLaterWrites extends Broken {
        @Override
        StorageManager reader(StorageManager correct, Path directory) {
            return new Through(correct) {
                @Override
                public SizedContainerTimeSeries get(String id) {
                    correct.get(id); // absent ids are refused now; present ones are read on each access
                    return new AbstractSizedContainerTimeSeries() {
                        private SizedContainerTimeSeries now() {
                            try {
                                return correct.get(id);
                            } catch (NoSuchSeriesException deleted) {
                                return org.tsstore.core.ArrayTimeSeries.of(new double[0], new double[0]);
                            }
                        }

                        @Override
                        public int size() {
                            return now().size();
                        }

                        @Override
                        public double time(int index) {
                            return now().time(index);
                        }

                        @Override
                        public double value(int index) {
                            return now().value(index);
                        }
                    };
                }
            };
        }
    }

    @Test
    void viewsThatChangeAfterTheyWereReturnedAreCaught() {
        assertCaught(ViewsFollowLaterWrites.class, "theReaderFollowsEveryKindOfWrite");
    }

    /** Stores, appends and deletes through a writer of its own: a read-only store that accepts writes. */
    static class AcceptsWrites extends Broken {
        @Override
        StorageManager reader(StorageManager correct, Path directory) {
            StorageManager writer = new DirectoryStorageManager(directory);
            return new Through(correct) {
                @Override
                public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
                    return writer.store(id, series);
                }

                @Override
                public int append(String id, SizedContainerTimeSeries points) {
                    return writer.append(id, points);
                }

                @Override
                public boolean delete(String id) {
                    return writer.delete(id);
                }
            };
        }
    }

    @Test
    void aReaderThatAcceptsWritesIsCaught() {
        assertCaught(AcceptsWrites.class, "everyWriteIsRefusedSayingReadOnly");
    }

    /** Refuses compaction without saying why. */
    static class RefusesWithoutSayingReadOnly extends Broken {
        @Override
        StorageManager reader(StorageManager correct, Path directory) {
            return new Through(correct) {
                @Override
                public void compact() {
                    throw new UnsupportedOperationException("compact is not supported");
                }
            };
        }
    }

    @Test
    void aRefusalThatDoesNotSayReadOnlyIsCaught() {
        assertCaught(RefusesWithoutSayingReadOnly.class, "everyWriteIsRefusedSayingReadOnly");
    }

    /** Creates a missing directory before it refuses to open a reader there. */
    static class CreatesTheMissingDirectory extends Broken {
        @Override
        public StorageManager openIn(Path directory, Map<String, String> moreOptions) {
            if ("read".equals(moreOptions.get("mode")) && !Files.exists(directory)) {
                try {
                    Files.createDirectories(directory);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                throw new StorageException("cannot open " + directory + " read-only: it was empty");
            }
            return super.openIn(directory, moreOptions);
        }
    }

    @Test
    void aReaderThatCreatesAMissingDirectoryIsCaught() {
        assertCaught(CreatesTheMissingDirectory.class, "aMissingDirectoryIsRefusedAndNotCreated");
    }

    /** Opens a writer for a mode it does not know. */
    static class OpensAnUnknownModeAsAWriter extends Broken {
        @Override
        public StorageManager openIn(Path directory, Map<String, String> moreOptions) {
            Map<String, String> options = new LinkedHashMap<>(moreOptions);
            options.computeIfPresent("mode", (k, mode) -> mode.equals("read") ? mode : "write");
            return super.openIn(directory, options);
        }
    }

    @Test
    void anUnknownModeTakenForWriteIsCaught() {
        assertCaught(OpensAnUnknownModeAsAWriter.class, "anUnknownModeIsRefusedNamingTheOption");
    }

    /** Notes the time of each read in a file of the store's directory. */
    static class WritesAByteOnEachRead extends Broken {
        @Override
        StorageManager reader(StorageManager correct, Path directory) {
            return new Through(correct) {
                @Override
                public SizedContainerTimeSeries get(String id) {
                    try {
                        Files.writeString(directory.resolve("last-read"), Long.toString(System.nanoTime()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return super.get(id);
                }
            };
        }
    }

    @Test
    void aReaderThatWritesInTheDirectoryIsCaught() {
        assertCaught(WritesAByteOnEachRead.class, "theReaderChangesNoByteOfTheDirectory",
                "everyWriteIsRefusedSayingReadOnly");
    }

    /** Refuses to open where a writer of this test opened, as a reader that wanted the writer's lock would. */
    static class RefusedBesideAWriter extends Broken {
        private static final Set<Path> WRITTEN = ConcurrentHashMap.newKeySet();

        @Override
        public StorageManager create() {
            StorageManager writer = super.create();
            WRITTEN.add(directory(writer).orElseThrow());
            return writer;
        }

        @Override
        StorageManager reader(StorageManager correct, Path directory) {
            if (WRITTEN.contains(directory)) {
                correct.close();
                throw new StorageException("the store " + directory + " is locked by its writer");
            }
            return correct;
        }
    }

    @Test
    void aReaderRefusedBesideAWriterIsCaught() {
        assertCaught(RefusedBesideAWriter.class, "readersOpenBesideTheWritersLock", "theReaderFollowsEveryKindOfWrite",
                "aReaderThreadSeesOnlyAcknowledgedVersionsInOrder");
    }

    /** Declares one writer at a time, but a second writer opens beside the first. */
    static class ClaimsOneWriterButAdmitsTwo extends Broken {
        @Override
        public Set<Capability> capabilities() {
            return EnumSet.of(Capability.PERSISTENT, Capability.LIVE_READERS, Capability.SINGLE_PROCESS);
        }
    }

    @Test
    void aSecondWriterAdmittedBesideReadersIsCaught() {
        assertCaught(ClaimsOneWriterButAdmitsTwo.class, "readersOpenBesideTheWritersLock");
    }

    /** Runs the contract without declaring live readers. */
    static class DeclaresNoLiveReaders extends Broken {
        @Override
        public Set<Capability> capabilities() {
            return EnumSet.of(Capability.PERSISTENT);
        }
    }

    @Test
    void aBackendWithoutTheCapabilityIsToldSo() {
        assertCaught(DeclaresNoLiveReaders.class, "theReaderFollowsEveryKindOfWrite", "readersOpenBesideTheWritersLock");
    }

    /** Forwards a repair to nothing: a reader whose repair returns an empty report instead of refusing. */
    static class RepairsQuietly extends Broken {
        @Override
        StorageManager reader(StorageManager correct, Path directory) {
            return new Through(correct) {
                @Override
                public RepairReport repair() {
                    return RepairReport.byDeletingDamaged(correct);
                }
            };
        }
    }

    @Test
    void aRepairThatIsNotRefusedIsCaught() {
        assertCaught(RepairsQuietly.class, "everyWriteIsRefusedSayingReadOnly");
    }
}
