package org.tsstore.testkit;

/**
 * A place where a store keeps bytes that the corruption campaign may damage: a file of a directory store,
 * or a value under a key of a remote one. A backend that keeps its series outside files lists its sites in
 * its {@link BackendFixture}.
 */
public interface DamageSite {

    /**
     * What a clear error about this site names: a file name, a key.
     *
     * @return the name
     */
    String name();

    /**
     * The kind of site, for the report and for taking turns: {@code "data"}, {@code "index"}, ...
     *
     * @return the kind
     */
    String kind();

    /**
     * The bytes kept there now.
     *
     * @return a copy of the bytes
     */
    byte[] read();

    /**
     * How many bytes are kept there now; by default the length of {@link #read()}, which a site that can
     * tell without reading everything should override.
     *
     * @return the number of bytes
     */
    default long size() {
        return read().length;
    }

    /**
     * Replaces the bytes kept there.
     *
     * @param bytes the damaged bytes
     */
    void write(byte[] bytes);
}
