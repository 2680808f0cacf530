/**
 * JMH benchmarks of the tsstore backends next to the stores a user would pick instead (numpy, RocksDB,
 * H2 MVStore, plain NIO), and the runner that interleaves them and writes the raw results.
 */
package org.tsstore.bench;
