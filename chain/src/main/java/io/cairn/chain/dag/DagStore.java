package io.cairn.chain.dag;

import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.WriteOptions;
import java.nio.ByteBuffer;

/**
 * The blocks of a node's DAG kept in an engine database, in the order the node added them, so
 * that reopening replays them into the same {@link ConfluxOrder} (the order is a function of the
 * blocks; arrival order only keeps every block after its parent and references).
 *
 * <pre>
 * 'D' sequence[8, big-endian]   block encoding (docs/formats/dag-block.md)
 * </pre>
 *
 * One block per write, synced when {@code sync} says so. The database holds nothing else.
 *
 * <p>Thread-safety: not thread-safe; owned by one node.
 */
public final class DagStore {
  private static final byte BLOCK = 'D';

  private final Db db;
  private final WriteOptions writeOptions;
  private long next;

  /** The store over {@code db}; {@code sync} syncs every block write. */
  public DagStore(Db db, boolean sync) {
    this.db = db;
    this.writeOptions = sync ? WriteOptions.SYNC : WriteOptions.DEFAULT;
  }

  /** Appends a block (one that was just added to the node's order). */
  public void append(DagBlock block) {
    db.put(key(next++), DagBlockCodec.encode(block), writeOptions);
  }

  /**
   * Reads every stored block back, in order, into a new order; later appends continue the
   * sequence.
   *
   * @throws CorruptionException when a stored block does not decode or cannot be added
   */
  public ConfluxOrder load() {
    ConfluxOrder order = new ConfluxOrder();
    long expected = 0;
    try (DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (key.length != 9 || key[0] != BLOCK || ByteBuffer.wrap(key).getLong(1) != expected) {
          throw new CorruptionException("dag store: unexpected key at block " + expected);
        }
        DagBlock block = DagBlockCodec.decode(it.value());
        if (!order.missing(block).isEmpty() || order.contains(block.id())) {
          throw new CorruptionException("dag store: block " + expected + " (" + block.id()
              + ") repeats or comes before its parent or a reference");
        }
        order.add(block);
        expected++;
      }
    }
    next = expected;
    return order;
  }

  private static byte[] key(long sequence) {
    byte[] key = new byte[9];
    key[0] = BLOCK;
    ByteBuffer.wrap(key).putLong(1, sequence);
    return key;
  }
}
