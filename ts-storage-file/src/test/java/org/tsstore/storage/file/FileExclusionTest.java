package org.tsstore.storage.file;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.tsstore.testkit.ExclusionCheck;
import org.tsstore.testkit.StoreDirectories;

/**
 * ts-testkit's {@link ExclusionCheck} on the file store: a second JVM is refused at once while another
 * holds the store, and opens it after the holder closes it or is killed.
 */
class FileExclusionTest {

    @Test
    void oneWritingProcessAtATime() {
        ExclusionCheck.builder(URI.create("file:" + StoreDirectories.newDirectory("file-exclusion"))).build().run();
    }
}
