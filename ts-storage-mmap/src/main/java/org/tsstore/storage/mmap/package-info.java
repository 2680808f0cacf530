/**
 * The {@code mmap} storage backend: {@link org.tsstore.storage.mmap.MmapStorageManager}, a log-structured
 * store whose series are read in place through read-only memory mappings, and its
 * {@link org.tsstore.storage.mmap.MmapStorageManagerProvider} for {@code mmap:} URIs. The on-disk format
 * is documented in the module's {@code FORMAT.md}.
 */
package org.tsstore.storage.mmap;
