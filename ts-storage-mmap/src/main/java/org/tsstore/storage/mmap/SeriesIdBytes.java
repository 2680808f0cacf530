package org.tsstore.storage.mmap;

/** The UTF-8 length of an id without encoding it: the key directory keeps ids as strings only. */
final class SeriesIdBytes {

    private SeriesIdBytes() {}

    static int length(String id) {
        int n = 0;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
