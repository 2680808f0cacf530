package org.tsstore.testkit.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.reliability.CrashChild.CrashCycle;
import org.tsstore.testkit.reliability.powerloss.FsLog;
import org.tsstore.testkit.reliability.powerloss.PowerLossFileSystem;
import org.tsstore.testkit.reliability.powerloss.PowerLossState;
import org.tsstore.testkit.reliability.powerloss.PowerLossStates;

/**
 * One crash of the {@link PowerLossCheck}: the cycle's {@link CrashWorkload} run in this JVM on a store
 * opened through a {@link PowerLossFileSystem}, until the power goes.
 *
 * @param directory the real directory the store wrote to
 * @param lines the protocol lines of the calls, as far as they were acknowledged before the power went
 * @param log what the store did to its files
 * @param failure what went wrong while the power was still on (a backend's bug), or null
 */
record PowerLossRun(Path directory, List<String> lines, FsLog log, Throwable failure) {

    /** Thrown by the line sink when the power is off, to end the operations. */
    private static final class PowerOff extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PowerOff() {
            super("the power is off", null, false, false);
        }
    }

    /**
     * Runs the operations on a store in a new directory that starts as {@code base} (or empty), with the
     * power cut after {@code limit} changes (or at the end); the store is abandoned, never closed.
     */
    static PowerLossRun run(BackendFixture fixture, CrashCycle plan, PowerLossState base, long limit, Path dir) {
        PowerLossFileSystem fs;
        try {
            Files.createDirectory(dir);
            if (base != null) {
                base.writeTo(dir);
            }
            fs = PowerLossFileSystem.over(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
        fs.crashAfter(limit);
        List<String> lines = new ArrayList<>();
        Consumer<String> out = line -> {
            if (fs.frozen()) {
                throw new PowerOff(); // an acknowledgement after the power went never reached anyone
            }
            lines.add(CrashChild.PREFIX + line);
        };
        Throwable failure = null;
        try {
            @SuppressWarnings("resource") // never closed: abandoned at the power loss
            StorageManager store = fixture.openAt(fs.root());
            out.accept("READY");
            new CrashWorkload(plan, out).run(store);
        } catch (PowerOff e) {
            // the power went during the last call
        } catch (Throwable e) {
            if (!fs.frozen()) {
                failure = e;
            }
        }
        return new PowerLossRun(dir, lines, fs.freeze(), failure);
    }

    /** Where the real directory differs from the log replayed in full: I/O the simulation did not see. */
    List<String> leaks() {
        try {
            return PowerLossStates.everything(log).differences(PowerLossState.read(directory));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory, e);
        }
    }
}
