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
 * @param directReads read tables with O_DIRECT ({@code Options.useDirectReads})
 * @param directWrites write tables with O_DIRECT ({@code Options.useDirectIoForFlushAndCompaction})
 */
public record TableOptions(int blockBytes, int blockRestartInterval, Compression compression, int bloomBitsPerKey,
    boolean directReads, boolean directWrites) {
  /** Table options with buffered I/O. */
  public TableOptions(int blockBytes, int blockRestartInterval, Compression compression, int bloomBitsPerKey) {
    this(blockBytes, blockRestartInterval, compression, bloomBitsPerKey, false, false);
  }

  /** The table options of {@code options}. */
  public static TableOptions of(Options options) {
    return new TableOptions(options.blockBytes(), options.blockRestartInterval(), options.compression(),
        options.bloomBitsPerKey(), options.useDirectReads(), options.useDirectIoForFlushAndCompaction());
  }
}
