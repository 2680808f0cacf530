package org.tsstore.cli;

import java.util.Locale;

/** Byte counts for people. */
final class Bytes {

    private Bytes() {}

    /** "512 B", "1.5 KiB", "12.3 MiB". */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
