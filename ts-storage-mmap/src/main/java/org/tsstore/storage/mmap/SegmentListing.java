package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tsstore.api.StorageException;

/**
 * The listing of a store directory's segment files ({@code NNNNNNNNNN.seg}, ten digits), shared by a writer's
 * open, a whole read-only read and a read-only store following its writer.
 */
final class SegmentListing {

    private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{10})\\.seg");
    private static final Pattern SEGMENT_TEMP_NAME = Pattern.compile("\\d{10}\\.seg\\.tmp");

    private SegmentListing() {}

    /**
     * The segment files of a directory by number; a writer ({@code !readOnly}) deletes the temporary ones too.
     *
     * @throws StorageException if a segment's number passes {@link Integer#MAX_VALUE}
     */
    static TreeMap<Integer, Path> files(Path directory, boolean readOnly) throws IOException {
        TreeMap<Integer, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path p : stream) {
                if (SEGMENT_TEMP_NAME.matcher(p.getFileName().toString()).matches()) {
                    if (!readOnly) {
                        Files.deleteIfExists(p);
                    } // a segment whose creation a crash interrupted: it never held records
                    continue;
                }
                Matcher m = SEGMENT_NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    long number = Long.parseLong(m.group(1));
                    if (number > Integer.MAX_VALUE) {
                        throw new StorageException("segment file " + p + " has a number beyond " + Integer.MAX_VALUE);
                    }
                    files.put((int) number, p);
                }
            }
        }
        return files;
    }
}
