package org.tsstore.storage.mmap;

/**
 * An exception the caller's series threw while the writer read it: the caller's failure, not the store's. It is
 * carried through the write, which is then undone, and given back to the caller exactly as the series threw it
 * ({@link #rethrowCause()}), so that no layer on the way wraps it as a storage failure. Internal; never reaches
 * callers itself.
 */
final class SeriesFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SeriesFailure(Throwable cause) {
        super(cause.toString(), cause, false, false);
    }

    /**
     * Throws the series' own exception, checked or not, as it was thrown.
     *
     * @return never; declared so that callers can write {@code throw failure.rethrowCause()}
     */
    RuntimeException rethrowCause() {
        throw SeriesFailure.<RuntimeException>sneaky(getCause());
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
