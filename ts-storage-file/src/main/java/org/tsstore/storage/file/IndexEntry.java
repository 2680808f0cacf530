package org.tsstore.storage.file;

/**
 * What the index knows of one series: enough to answer {@code size} without touching the file and to
 * recognise the file as the one that was stored.
 *
 * @param points the number of points
 * @param fileBytes the length of the file, header included
 * @param crc the CRC-32C of the whole file
 */
record IndexEntry(int points, long fileBytes, int crc) {

    IndexEntry {
        if (points < 0 || fileBytes < 0) {
            throw new IllegalArgumentException("negative points or length: " + points + ", " + fileBytes);
        }
    }
}
