package org.tsstore.api;

import java.util.NoSuchElementException;

/** No series is stored under the id asked for. */
public class NoSuchSeriesException extends NoSuchElementException {

    private static final long serialVersionUID = 1L;

    /** The id that was not found. */
    private final String id;

    /**
     * Creates an exception naming the id.
     *
     * @param id the id that was not found
     */
    public NoSuchSeriesException(String id) {
        super("no series with id " + SeriesIds.quote(id));
        this.id = id;
    }

    /**
     * The id that was not found.
     *
     * @return the id
     */
    public String id() {
        return id;
    }
}
