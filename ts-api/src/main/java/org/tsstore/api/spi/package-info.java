/**
 * The service-provider interface for storage backends: a {@link org.tsstore.api.spi.StorageManagerProvider}
 * per backend, registered for {@link java.util.ServiceLoader}, and {@link org.tsstore.api.spi.StorageOptions}
 * for the options a location carries.
 */
package org.tsstore.api.spi;
