package org.tsstore.storage.redis;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/**
 * The tests need real redis-server and redis-cli binaries. Without them they fail (CI installs them),
 * unless the environment variable TSSTORE_SKIP_REDIS is set, which skips them.
 */
final class RedisRequirement {

    static final String SKIP_VARIABLE = "TSSTORE_SKIP_REDIS";

    private RedisRequirement() {}

    static boolean skipped() {
        String skip = System.getenv(SKIP_VARIABLE);
        return skip != null && !skip.isEmpty();
    }

    static void check() {
        if (skipped()) {
            throw new TestAbortedException(SKIP_VARIABLE + " is set: Redis tests skipped");
        }
        server();
        cli();
    }

    static Path server() {
        return find("redis-server");
    }

    static Path cli() {
        return find("redis-cli");
    }

    private static Path find(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + File.pathSeparator + "/usr/bin"
                + File.pathSeparator + "/usr/local/bin" + File.pathSeparator + "/usr/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new AssertionError(name + " is not installed (looked on PATH and in /usr/bin, /usr/local/bin):"
                + " the ts-storage-redis tests start real Redis servers. Install them with"
                + " `apt-get install -y redis-server redis-tools`, or set " + SKIP_VARIABLE + "=1 to skip these tests.");
    }
}
