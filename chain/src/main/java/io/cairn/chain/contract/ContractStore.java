package io.cairn.chain.contract;

import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.lsm.api.WriteOptions;
import java.util.Map;

/**
 * Contract state in an engine {@link Db}: the reader a block executes against, and the commit of
 * a block's writes as one atomic batch. Keys are {@link StateKey}s, so each contract's state is
 * in its own namespace; the database may hold other data under other leading bytes.
 *
 * <p>Thread-safety: reads may run concurrently; one commit at a time, with no block executing.
 */
public final class ContractStore implements StateReader {
  private final Db db;
  private final WriteOptions writeOptions;

  /** State in {@code db}, written with {@code writeOptions} (sync them for durability). */
  public ContractStore(Db db, WriteOptions writeOptions) {
    this.db = db;
    this.writeOptions = writeOptions;
  }

  @Override
  public byte[] get(StateKey key) {
    return db.get(key.engineKey());
  }

  /** The value of {@code key} in contract {@code contract}'s namespace, or null. */
  public byte[] get(String contract, byte[] key) {
    return get(StateKey.of(contract, key));
  }

  /** The code name contract {@code contract} runs, or null when it is not deployed. */
  public String codeOf(String contract) {
    byte[] code = get(StateKey.binding(contract));
    return code == null ? null : new String(code, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Writes {@code result}'s net writes in one atomic batch. */
  public void commit(BlockResult result) {
    WriteBatch batch = new WriteBatch();
    for (Map.Entry<StateKey, byte[]> write : result.writes().entrySet()) {
      if (write.getValue() == null) {
        batch.delete(write.getKey().engineKey());
      } else {
        batch.put(write.getKey().engineKey(), write.getValue());
      }
    }
    if (batch.count() > 0) {
      db.write(batch, writeOptions);
    }
  }
}
