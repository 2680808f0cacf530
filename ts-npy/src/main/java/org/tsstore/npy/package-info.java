/**
 * The numpy {@code .npy} format for float64 arrays: {@link org.tsstore.npy.NpyHeader} reads and writes the
 * header (versions 1.0 to 3.0, either byte order, C or Fortran order, any shape), and {@link
 * org.tsstore.npy.NpySeries} reads and writes a series as a {@code (2, N)} array of times and values.
 * Malformed input is refused with an {@link org.tsstore.npy.NpyFormatException} that says what is wrong.
 */
package org.tsstore.npy;
