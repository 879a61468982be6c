package io.cairn.lsm.internal.sstable;

import io.cairn.lsm.api.Compression;
import io.cairn.lsm.api.Options;

/**
 * How SSTables are built, taken from the database {@link Options}.
 *
 * @param blockBytes target uncompressed size of a data block
 * @param blockRestartInterval keys between restart points
 * @param compression data block compression
 * @param bloomBitsPerKey bloom filter bits per key, 0 for no filter
 */
public record TableOptions(int blockBytes, int blockRestartInterval, Compression compression, int bloomBitsPerKey) {
  /** The table options of {@code options}. */
  public static TableOptions of(Options options) {
    return new TableOptions(options.blockBytes(), options.blockRestartInterval(), options.compression(),
        options.bloomBitsPerKey());
  }
}
