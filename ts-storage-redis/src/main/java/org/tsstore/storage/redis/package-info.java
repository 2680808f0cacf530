/**
 * The Redis and Redis Cluster backend: schemes {@code redis} and {@code redis-cluster}, see
 * {@link org.tsstore.storage.redis.RedisStorageManager}.
 *
 * <p><b>Layout.</b> Under a namespace prefix, a series {@code id} has a pointer key
 * {@code prefix:{hex(id)}:p} and chunk keys {@code prefix:{hex(id)}:c:generation:index}. The hash tag is
 * the hex of the id's UTF-8 bytes: untrusted ids never reach the key syntax, every key of a series
 * lands in one cluster slot, and {@code ids()} reads ids back from the pointer keys that SCAN finds on
 * every master. The pointer value is a small versioned header (point count, chunk size and count,
 * CRC32C of the payload, the id, and its own CRC32C), so {@code size()} reads nothing else. The payload
 * is every time then every value as little-endian float64, cut into chunks (4 MiB by default) so that no
 * value nears Redis' 512 MB limit and no command holds the server for long; each chunk value ends with
 * the CRC32C of its own bytes, so a damaged chunk is refused naming its key. A marker key
 * {@code prefix:meta} records the layout version: the first store to open a prefix writes it, and a
 * prefix whose marker is damaged or of another layout is refused on open.
 *
 * <p><b>Client.</b> Jedis (7.x), not Lettuce: the {@code StorageManager} API is blocking, and Jedis is a
 * plain blocking client with few dependencies (no Netty or Reactor on users' classpaths). Above all it
 * hands out a pooled connection to the master of a slot ({@code ClusterConnectionProvider}), so that the
 * chunk writes, the commit script and {@code WAIT} of one store run on one connection to one master,
 * which {@code WAIT} requires; this backend retries redirections and failovers itself around that.
 */
package org.tsstore.storage.redis;
