package org.tsstore.cli;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.tsstore.api.StorageManager;
import org.tsstore.core.StorageManagers;

/**
 * A named memory store for each test, held open by the test so that it outlives each command's own open and
 * close (a memory store ends when its last holder closes it). Register it as a field with
 * {@code @RegisterExtension}; commands run on it with {@link #run}, the test reads and seeds it with
 * {@link #manager}.
 */
final class HeldStore implements BeforeEachCallback, AfterEachCallback {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final String prefix;
    private String uri;
    private StorageManager manager;

    /** A held store named {@code memory:PREFIX-N}, a new N for every test. */
    HeldStore(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        uri = "memory:" + prefix + "-" + NAMES.incrementAndGet();
        manager = StorageManagers.open(uri);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        manager.close();
        manager = null;
    }

    /** The store's URI, for {@code --store}. */
    String uri() {
        return uri;
    }

    /** The store as the test holds it open. */
    StorageManager manager() {
        return manager;
    }

    /** The arguments with {@code --store URI} in front. */
    String[] withStore(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--store";
        all[1] = uri;
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    /** Runs the command on the store. */
    Cli.Result run(String... args) {
        return Cli.exec(withStore(args));
    }
}
