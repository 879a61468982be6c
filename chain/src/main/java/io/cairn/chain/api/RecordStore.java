package io.cairn.chain.api;

import io.cairn.common.InvalidArgumentException;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.lsm.api.WriteOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The off-chain record store: raw bytes in a Cairn engine {@link Db} under the key {@code
 * hash(raw)} (standard SHA-256 unless told otherwise). Storing the same bytes twice writes the same
 * key and value again, so storing is idempotent. It is also the {@link RecordSource} that
 * verification reads the records back from.
 *
 * <p>A store opened with {@link #sequential} keys each record by the next number of a counter
 * instead ({@link RecordSequence}): its writes are appends to the engine, not random inserts, and
 * its read parameters carry that key. Such a store is read by those parameters only ({@link
 * #read(byte[])}); {@link #read(Hash32)} finds only records stored by hash before, and the same
 * bytes stored twice are two records.
 *
 * <p>The store owns no resources: the caller opens and closes the {@code Db}, which should hold
 * nothing else (every key in it is a record key).
 *
 * <p>Thread-safety: safe for concurrent use, as the {@code Db} is.
 */
public final class RecordStore implements RecordSource {
  /** The store name a node uses for its own records. */
  public static final String DEFAULT_NAME = "records";
  /** Largest record accepted. */
  public static final int RECORD_BYTES_MAX = 64 << 20;

  private static final int PARALLEL_HASHING_MIN = 64;
  /** A record's bytes in a write batch besides its value: kind, two varint lengths, the key. */
  private static final int BATCH_OVERHEAD_PER_RECORD = 1 + 2 * 5 + Hash32.BYTES;

  private final String name;
  private final Db db;
  private final WriteOptions writeOptions;
  /** The counter that keys records, or null when records are keyed by their hash. */
  private final RecordSequence sequence;

  /**
   * A store called {@code name} over {@code db}; writes use {@code writeOptions} (sync writes
   * survive a crash or {@code kill -9}: anchor only records stored with sync, or sync the ledger's
   * write after them).
   */
  public RecordStore(String name, Db db, WriteOptions writeOptions) {
    this(name, db, writeOptions, false);
  }

  private RecordStore(String name, Db db, WriteOptions writeOptions, boolean sequential) {
    ReadParameters.of(name, new byte[1]); // validates the name
    this.name = name;
    this.db = Objects.requireNonNull(db, "db");
    this.writeOptions = Objects.requireNonNull(writeOptions, "writeOptions");
    this.sequence = sequential ? RecordSequence.resume(db) : null;
  }

  /**
   * A store like {@link #RecordStore(String, Db, WriteOptions)} that keys each record by the next
   * number of a counter ({@link RecordSequence}), continuing after the highest one {@code db}
   * holds; hash keys already in {@code db} stay readable by their read parameters.
   *
   * @throws io.cairn.common.CorruptionException when the counter in {@code db} is exhausted
   */
  public static RecordStore sequential(String name, Db db, WriteOptions writeOptions) {
    return new RecordStore(name, db, writeOptions, true);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Stores {@code raw} under its hash and returns the key and the read parameters to anchor.
   *
   * @throws InvalidArgumentException when {@code raw} is over 64 MiB
   */
  public StoredRecord store(byte[] raw, HashAlgorithm algorithm) {
    return storeAll(List.of(raw), algorithm).getFirst();
  }

  /** Stores every record of {@code raws} in one atomic engine write; results in the same order. */
  public List<StoredRecord> storeAll(List<byte[]> raws, HashAlgorithm algorithm) {
    List<StoredRecord> stored = keys(raws, algorithm);
    write(stored, raws);
    return stored;
  }

  /**
   * The keys and read parameters {@code raws} get in this store, without writing anything. Large
   * batches are hashed in parallel (hashing 1 KB records is a large share of anchoring's CPU).
   */
  List<StoredRecord> keys(List<byte[]> raws, HashAlgorithm algorithm) {
    for (byte[] raw : raws) {
      if (raw.length > RECORD_BYTES_MAX) {
        throw new InvalidArgumentException("record of " + raw.length + " bytes exceeds " + RECORD_BYTES_MAX);
      }
    }
    StoredRecord[] stored = new StoredRecord[raws.size()];
    byte[][] numbered = sequence == null ? null : sequence.next(stored.length);
    IntStream indexes = IntStream.range(0, stored.length);
    (stored.length >= PARALLEL_HASHING_MIN ? indexes.parallel() : indexes).forEach(i -> {
      Hash32 key = algorithm.hash(raws.get(i));
      byte[] storeKey = numbered == null ? key.bytes() : numbered[i];
      stored[i] = new StoredRecord(key, algorithm, ReadParameters.decoded(name, storeKey));
    });
    return List.of(stored);
  }

  /** Writes {@code raws} under the keys {@link #keys} gave them, in one atomic engine write. */
  void write(List<StoredRecord> stored, List<byte[]> raws) {
    assert stored.size() == raws.size();
    long bytes = 0;
    for (byte[] raw : raws) {
      bytes += BATCH_OVERHEAD_PER_RECORD + raw.length;
    }
    // Sized up front: growing a batch of a thousand 1 KB records by doubling copies it twice over.
    WriteBatch batch = new WriteBatch((int) Math.min(bytes, Integer.MAX_VALUE - 64));
    if (sequence != null) {
      // Numbered in call order: already ascending, and above everything the store holds.
      for (int i = 0; i < raws.size(); i++) {
        batch.put(stored.get(i).read().key(), raws.get(i));
      }
      db.write(batch, writeOptions);
      return;
    }
    // In key order: the engine inserts an ascending batch into its memtable from the previous
    // insert's position instead of from the top (equal keys carry equal bytes, so order is free).
    Integer[] order = new Integer[raws.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> stored.get(a).key().compareTo(stored.get(b).key()));
    for (int i : order) {
      batch.put(stored.get(i).key().bytes(), raws.get(i));
    }
    db.write(batch, writeOptions);
  }

  /**
   * The record under {@code key}, or {@code null} (in a {@link #sequential} store, only a record
   * stored by hash before finds itself so).
   */
  public byte[] read(Hash32 key) {
    return db.get(key.bytes());
  }

  @Override
  public byte[] read(byte[] key) {
    return db.get(key);
  }
}
