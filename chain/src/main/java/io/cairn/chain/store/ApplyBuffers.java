package io.cairn.chain.store;

import io.cairn.common.ByteWriter;
import io.cairn.lsm.api.WriteBatch;

/**
 * The buffers that applying a block fills and the engine copies out of: the block's write batch,
 * the writer each index value is encoded into before it is put ({@link
 * ChainIndexesFormat#writeAnchor}, {@link ChainIndexesFormat#writeEntries}), and the room an
 * anchored entry's encoding is copied to meanwhile. A ledger keeps one set and hands it to the
 * applier of each block, so a block allocates none of them again (each is a few hundred bytes
 * per anchored record). A batch grown past {@link #KEPT_BYTES_MAX} by one large block is not kept.
 *
 * <p>Thread-safety: not thread-safe; the ledger applies one entry at a time, and the batch is
 * written (the engine copies it) before the next block asks for it.
 */
public final class ApplyBuffers {
  /** Largest batch kept for the next block. */
  static final int KEPT_BYTES_MAX = 8 << 20;

  private WriteBatch batch;
  private final ByteWriter values = new ByteWriter(1024);
  private byte[] entry = new byte[256];

  /** An empty batch with room for about {@code expectedBytes}: the kept one, cleared, when it may serve. */
  WriteBatch batch(int expectedBytes) {
    if (expectedBytes > KEPT_BYTES_MAX) {
      return new WriteBatch(expectedBytes);
    }
    if (batch == null) {
      batch = new WriteBatch(Math.max(expectedBytes, 64 << 10));
    }
    return batch.clear();
  }

  /** The values writer, cleared. */
  ByteWriter values() {
    return values.clear();
  }

  /** Room for an entry's encoding of {@code bytes} bytes. */
  byte[] entry(int bytes) {
    if (entry.length < bytes) {
      entry = new byte[bytes];
    }
    return entry;
  }
}
