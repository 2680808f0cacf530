/**
 * Building blocks for backend authors, shared by tsstore's own persistent backends: the one-writer
 * {@link org.tsstore.core.backend.DirectoryLock} and the {@link org.tsstore.core.backend.IdSnapshot} that
 * {@code ids()} returns.
 */
package org.tsstore.core.backend;
