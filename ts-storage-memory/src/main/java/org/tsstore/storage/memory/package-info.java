/**
 * The in-memory storage backend: {@link org.tsstore.storage.memory.MemoryStorageManager}, scheme
 * {@code memory}.
 *
 * <p>Series live on the heap for as long as the store is open. {@code memory:name} opens a store shared by
 * every open of the same name in the JVM, like H2's {@code mem:name}; it is dropped when the last manager
 * on it is closed. See {@link org.tsstore.storage.memory.MemoryStorageManagerProvider}.
 */
package org.tsstore.storage.memory;
