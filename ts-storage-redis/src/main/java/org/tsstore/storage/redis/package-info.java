/**
 * The Redis and Redis Cluster backend: schemes {@code redis}, {@code rediss} (over TLS) and
 * {@code redis-cluster}, see {@link org.tsstore.storage.redis.RedisStorageManager}.
 *
 * <p><b>Security.</b> A store logs in as an ACL user (from the location's user information or the options
 * {@code user}, {@code passwordFile}, {@code passwordEnv}) and speaks TLS on request, verifying the server's
 * certificate and host name. Passwords never reach a message: the settings keep the location with its
 * password replaced by {@code ***}, the password apart in a holder whose printed form hides it, and
 * refusals by the server or the TLS handshake are put into words that name the user, the option and the
 * trust store. The ACL rules the backend needs are in the module's README.
 *
 * <p><b>Layout.</b> Under a namespace prefix, a series {@code id} has a pointer key
 * {@code prefix:{hex(id)}:p} and chunk keys {@code prefix:{hex(id)}:c:key}, each chunk named by a random
 * 64-bit key. The hash tag is the hex of the id's UTF-8 bytes: untrusted ids never reach the key syntax,
 * every key of a series lands in one cluster slot, and {@code ids()} reads ids back from the pointer keys
 * that SCAN finds on every master. A chunk holds a run of whole points as little-endian (time, value)
 * float64 pairs, at most {@code chunkBytes / 16} of them (4 MiB by default), so that no value nears Redis'
 * 512 MB limit and no command holds the server for long; with {@code codec=compressed} the same points as
 * framed ts-codec blocks, the pointer naming the codec and each chunk's length. The pointer value ({@link
 * org.tsstore.storage.redis.SeriesPointer}) is a small versioned header (a write token, the point count,
 * the id, its own CRC32C) and 32 bytes per chunk: its key, point count, CRC32C, first and last time. So
 * {@code size()} reads nothing else, a damaged chunk is refused naming its key, and a range read
 * binary-searches the chunk list and fetches only the chunks whose time bounds meet the range. A marker
 * key {@code prefix:meta} records the layout version: the first store to open a prefix writes it, and a
 * prefix whose marker is damaged or of another layout is refused on open.
 *
 * <p><b>Appends.</b> An append writes only the new points: one Lua script, atomic on the series' master,
 * checks that the pointer is still the value whose last time the points were checked against, extends
 * the last chunk in place with {@code APPEND} up to the chunk size (its new CRC32C is combined from the
 * old one without reading the chunk), keeps the new chunks that hold the rest (written beforehand, set
 * to expire) and switches the pointer. Filling the last chunk rather than always starting a new one keeps
 * the chunk list as short as a store's whatever the sizes of the appends, so the pointer, which every
 * append rewrites, stays small. A reader holding the pointer from before an append reads only the leading
 * bytes its pointer names. A writer whose commit finds the pointer changed (a concurrent store, delete or
 * append) plans again; one whose reply was lost finds its own token in the pointer and stops.
 *
 * <p><b>Batches.</b> {@code storeAll} and {@code appendAll} group their series by the master of each
 * one's slot and send each phase as one pipeline per master, then one {@code WAIT} per master under
 * {@code durability=replicated}. A small series' store is one call of a script that writes its chunks and
 * switches its pointer; a batch of appends reads every pointer, then sends each series' new chunks and its
 * commit in one round trip. Scripts go by SHA-1 ({@code EVALSHA}) where the node has them cached, in full
 * ({@code EVAL}) otherwise, and in both kinds of batch the pipelines of every master are sent before any
 * reply is read, so that the masters work at once. Each series changes atomically; a batch across series
 * does not.
 *
 * <p><b>Client.</b> Jedis (7.x), not Lettuce: the {@code StorageManager} API is blocking, and Jedis is a
 * plain blocking client with few dependencies (no Netty or Reactor on users' classpaths). Above all it
 * hands out a pooled connection to the master of a slot ({@code ClusterConnectionProvider}), so that the
 * chunk writes, the commit script and {@code WAIT} of one store run on one connection to one master,
 * which {@code WAIT} requires; this backend retries redirections and failovers itself around that.
 */
package org.tsstore.storage.redis;
