package io.cairn.pmem.l0;

import static io.cairn.pmem.l0.internal.NvmTableFormat.MAX_ENTRIES;
import static io.cairn.pmem.l0.internal.NvmTableFormat.MAX_KEY_BYTES;
import static io.cairn.pmem.l0.internal.NvmTableFormat.MAX_VALUE_BYTES;

import io.cairn.common.BloomFilter;
import io.cairn.common.Crc32c;
import io.cairn.common.InvalidArgumentException;
import io.cairn.common.UnsignedBytes;
import io.cairn.pgm.PgmBuilder;
import io.cairn.pgm.PgmIndex;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.RegionWriter;
import io.cairn.pmem.l0.internal.ContainerFormat;
import io.cairn.pmem.l0.internal.ContainerWriter;
import io.cairn.pmem.l0.internal.EntryStaging;
import io.cairn.pmem.l0.internal.NvmTableFormat;
import io.cairn.pmem.l0.internal.TableCommit;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes one NVMTable from entries given in key order (a memtable flush), in the crash-safe order
 * of the design: container data, entry blocks, meta blocks, PGM model, bloom filter, super block,
 * commit word, each persisted (flush + fence) before the next is written. In format version 2 (the
 * default) the container data lies in the table's own region, which is written and published once;
 * {@link NvmTableOptions#withFormatVersion version 1} writes a separate Container region first.
 * Until the commit word is durable the table does not exist: after a crash, recovery deletes what
 * a build left ({@link L0TableSet}).
 *
 * <pre>{@code
 * long capacity = 0;                                   // container bytes: sum over the entries
 * for (Entry e : memtable) capacity += options.containerBytesFor(e.key().length, e.value().length);
 * try (NvmTableBuilder builder = NvmTableBuilder.create(directory, 12, options, order, capacity)) {
 *   for (Entry e : memtable) builder.add(e.key(), e.userKeyLength(), e.value());
 *   NvmTable table = builder.finish();                 // committed and open
 * }                                                    // close() without finish() deletes the files
 * }</pre>
 *
 * <p>Long keys and values go straight to the container region as they arrive; slots, meta blocks
 * and filter hashes are staged in DRAM (about {@code S} bytes per entry) and written at
 * {@link #finish} in one sequential pass, while the PGM model is trained entry by entry.
 *
 * <p>Errors: a bad entry (out of order, model key decreasing, too long, container full) is an
 * {@link InvalidArgumentException} thrown before anything of it is written; the builder stays
 * usable. Thread-safety: not thread-safe; one thread builds.
 */
public final class NvmTableBuilder implements AutoCloseable {
  private enum State { BUILDING, FINISHED, ABANDONED }

  private final PmemDirectory directory;
  private final long tableId;
  private final NvmTableOptions options;
  private final KeyOrder order;
  private final ContainerWriter container;
  /** The table's writer from the start (version 2: it receives the records); {@code null} in version 1. */
  private final RegionWriter tableWriter;
  private final EntryStaging staging;
  private final PgmBuilder model;
  private final Runnable whenDone;
  private final ContainerVerification verification;
  private int[] hashes = new int[1024];
  private int hashCount;
  private byte[] previousKey = new byte[64];
  /** {@link #previousKey} as a segment, made again only when the array grows (not once per entry). */
  private MemorySegment previousKeySegment = MemorySegment.ofArray(previousKey);
  private int previousKeyLength = -1;
  private long previousModelKey;
  private long smallestModelKey;
  private long keyBytes;
  private long valueBytes;
  private long lastValueRecordOffset = -1;
  private int lastValueRecordCrc;
  private State state = State.BUILDING;

  private NvmTableBuilder(PmemDirectory directory, long tableId, NvmTableOptions options, KeyOrder order,
      ContainerWriter container, RegionWriter tableWriter, ContainerVerification verification, Runnable whenDone) {
    this.directory = directory;
    this.tableWriter = tableWriter;
    this.tableId = tableId;
    this.options = options;
    this.order = order;
    this.container = container;
    this.staging = new EntryStaging(options.inlineKeyBytes(), options.inlineValueBytes());
    this.model = PgmIndex.builder(options.epsilon(), options.epsilonRecursive());
    this.whenDone = whenDone;
    this.verification = verification;
  }

  /**
   * Starts table {@code tableId} in {@code directory}. Version 2 (the default): creates the table's
   * region with room for {@code containerCapacityBytes} of long keys and values to start with (a
   * hint: the region grows as records arrive, so an estimate such as the memtable's size will do).
   * Version 1: creates its container region with room for exactly {@code containerCapacityBytes}
   * (the sum of {@link NvmTableOptions#containerBytesFor} over the entries; more is allowed and
   * wasted, less refuses entries).
   *
   * @throws InvalidArgumentException when the id is negative, a region of that table already
   *     exists, or the capacity is out of range
   */
  public static NvmTableBuilder create(PmemDirectory directory, long tableId, NvmTableOptions options,
      KeyOrder order, long containerCapacityBytes) {
    return create(directory, tableId, options, order, containerCapacityBytes, ContainerVerification.ON_OPEN, () -> {});
  }

  /**
   * {@link #create(PmemDirectory, long, NvmTableOptions, KeyOrder, long)} whose finished table
   * checks container records on every read when {@code verification} is {@code ON_READ} (with
   * {@code ON_OPEN} it trusts the records it wrote); {@code whenDone} runs once the build has
   * finished or been abandoned.
   */
  static NvmTableBuilder create(PmemDirectory directory, long tableId, NvmTableOptions options, KeyOrder order,
      long containerCapacityBytes, ContainerVerification verification, Runnable whenDone) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(order, "order");
    if (tableId < 0) {
      throw new InvalidArgumentException("table id must not be negative: " + tableId);
    }
    if (containerCapacityBytes < 0 || containerCapacityBytes > (1L << 46) - ContainerFormat.HEADER_BYTES) {
      throw new InvalidArgumentException("container capacity out of range: " + containerCapacityBytes);
    }
    for (String name : new String[] {NvmTable.tableName(tableId), NvmTable.containerName(tableId)}) {
      if (directory.exists(name)) {
        throw new InvalidArgumentException("pmem region " + name + " already exists in " + directory.location());
      }
    }
    if (options.formatVersion() == NvmTableFormat.VERSION_SEPARATE_CONTAINER) {
      ContainerWriter container = ContainerWriter.create(directory, tableId, containerCapacityBytes);
      return new NvmTableBuilder(directory, tableId, options, order, container, null, verification, whenDone);
    }
    RegionWriter table = directory.createWriter(NvmTable.tableName(tableId),
        ContainerFormat.HEADER_BYTES + Math.max(containerCapacityBytes, 64));
    return new NvmTableBuilder(directory, tableId, options, order, ContainerWriter.inTable(table), table, verification,
        whenDone);
  }

  /**
   * Adds the next entry.
   *
   * @param key the key, strictly above the previous one in the table's {@link KeyOrder}
   * @param value the value (may be empty)
   * @param modelKey what the learned index is trained on: not below the previous entry's
   *     (unsigned). Lookups must derive theirs the same way ({@link LookupKey}); e.g. the first 8
   *     bytes of the user key, big-endian ({@link UnsignedBytes#prefix64}).
   * @param filterHash the {@link BloomFilter#hash} the filter records for this entry (e.g. of the
   *     user key); consecutive equal hashes are recorded once
   * @throws InvalidArgumentException for an entry out of order, too long, or beyond the
   *     container's capacity; nothing of it is written
   * @throws IllegalStateException after {@link #finish} or {@link #close}
   */
  public void add(MemorySegment key, MemorySegment value, long modelKey, int filterHash) {
    checkShape(key.byteSize(), value.byteSize());
    checkOrder(previousKeyLength < 0 ? -1 : order.compare(previousKeySegment.asSlice(0, previousKeyLength), key));
    checkModelKeyAndRoom(key.byteSize(), value.byteSize(), modelKey);
    long keyLength = key.byteSize();
    long valueLength = value.byteSize();
    long keyOffset = -1;
    int keyCrc = 0;
    if (keyLength > options.inlineKeyBytes()) {
      keyOffset = container.append(key);
      keyCrc = ContainerWriter.crcOf(key);
    }
    long valueOffset = -1;
    int valueCrc = 0;
    if (valueLength > options.inlineValueBytes()) {
      valueOffset = container.append(value);
      valueCrc = ContainerWriter.crcOf(value);
    }
    staging.append(modelKey, key, keyOffset, keyCrc, value, valueOffset, valueCrc);
    lastValueRecordOffset = valueOffset;
    lastValueRecordCrc = valueCrc;
    rememberKey(key, modelKey);
    added(modelKey, filterHash, keyLength, valueLength);
  }

  /**
   * {@link #add(MemorySegment, MemorySegment, long, int)} of the key {@code key[keyOffset,
   * +keyLength)} and the value {@code value[valueOffset, +valueLength)} (may be the same array;
   * neither is kept): the flush's path, which reads a memtable entry's arrays without making a
   * segment per entry, checksums each record once from the array (CRC32C intrinsic) and copies it
   * once into the region writer.
   *
   * @throws InvalidArgumentException as {@link #add(MemorySegment, MemorySegment, long, int)}
   * @throws IllegalStateException after {@link #finish} or {@link #close}
   */
  public void add(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength,
      long modelKey, int filterHash) {
    Objects.checkFromIndexSize(keyOffset, keyLength, key.length);
    Objects.checkFromIndexSize(valueOffset, valueLength, value.length);
    checkShape(keyLength, valueLength);
    checkOrder(previousKeyLength < 0 ? -1
        : order.compare(previousKey, 0, previousKeyLength, key, keyOffset, keyLength));
    checkModelKeyAndRoom(keyLength, valueLength, modelKey);
    long keyPointer = -1;
    int keyCrc = 0;
    if (keyLength > options.inlineKeyBytes()) {
      keyPointer = container.append(key, keyOffset, keyLength);
      keyCrc = Crc32c.mask(Crc32c.of(key, keyOffset, keyLength));
    }
    long valuePointer = -1;
    int valueCrc = 0;
    if (valueLength > options.inlineValueBytes()) {
      valuePointer = container.append(value, valueOffset, valueLength);
      valueCrc = Crc32c.mask(Crc32c.of(value, valueOffset, valueLength));
    }
    staging.append(modelKey, key, keyOffset, keyLength, keyPointer, keyCrc, value, valueOffset, valueLength,
        valuePointer, valueCrc);
    lastValueRecordOffset = valuePointer;
    lastValueRecordCrc = valueCrc;
    rememberKey(key, keyOffset, keyLength, modelKey);
    added(modelKey, filterHash, keyLength, valueLength);
  }

  /** What every added entry updates once its bytes are placed: model, filter hashes, byte counts. */
  private void added(long modelKey, int filterHash, long keyLength, long valueLength) {
    model.add(modelKey);
    if (options.bloomBitsPerKey() > 0 && (hashCount == 0 || hashes[hashCount - 1] != filterHash)) {
      if (hashCount == hashes.length) {
        hashes = Arrays.copyOf(hashes, hashCount * 2);
      }
      hashes[hashCount++] = filterHash;
    }
    keyBytes += keyLength;
    valueBytes += valueLength;
  }

  /** {@link #add(MemorySegment, MemorySegment, long, int)} of arrays (not kept). */
  public void add(byte[] key, byte[] value, long modelKey, int filterHash) {
    add(MemorySegment.ofArray(key), MemorySegment.ofArray(value), modelKey, filterHash);
  }

  /**
   * Adds an entry whose key's first {@code userKeyLength} bytes are the user key: model key
   * {@link UnsignedBytes#prefix64} and filter hash {@link BloomFilter#hash} of that prefix (as
   * {@link LookupKey#ofUserKeyPrefix} derives them for lookups).
   *
   * @throws InvalidArgumentException as {@link #add(MemorySegment, MemorySegment, long, int)}, or
   *     when {@code userKeyLength} is outside {@code [0, key.length]}
   */
  public void add(byte[] key, int userKeyLength, byte[] value) {
    if (userKeyLength < 0 || userKeyLength > key.length) {
      throw new InvalidArgumentException("user key length " + userKeyLength + " is outside a key of " + key.length + " bytes");
    }
    add(MemorySegment.ofArray(key), MemorySegment.ofArray(value), UnsignedBytes.prefix64(key, 0, userKeyLength),
        BloomFilter.hash(key, 0, userKeyLength));
  }

  /** The checks of an entry, in this order: shape, then key order ({@link #checkOrder}), then the rest. */
  private void checkShape(long keyLength, long valueLength) {
    if (state != State.BUILDING) {
      throw new IllegalStateException("the builder of table " + tableId + " is " + state.name().toLowerCase());
    }
    int position = staging.count();
    if (position == MAX_ENTRIES) {
      throw new InvalidArgumentException("an NVMTable holds at most " + MAX_ENTRIES + " entries");
    }
    if (keyLength > MAX_KEY_BYTES) {
      throw new InvalidArgumentException("key of " + keyLength + " bytes exceeds " + MAX_KEY_BYTES);
    }
    if (valueLength > MAX_VALUE_BYTES) {
      throw new InvalidArgumentException("value of " + valueLength + " bytes exceeds " + MAX_VALUE_BYTES);
    }
  }

  private void checkModelKeyAndRoom(long keyLength, long valueLength, long modelKey) {
    int position = staging.count();
    if (previousKeyLength >= 0 && Long.compareUnsigned(modelKey, previousModelKey) < 0) {
      throw new InvalidArgumentException(String.format("model keys must not decrease along the key order:"
          + " entry %d has 0x%016x after 0x%016x", position, modelKey, previousModelKey));
    }
    long needed = options.containerBytesFor(keyLength, valueLength);
    if (!container.fits(needed)) {
      throw new InvalidArgumentException("entry " + position + " needs " + needed + " container bytes but only "
          + container.remaining() + " of the capacity given are left");
    }
  }

  /** Refuses an entry whose key is not above the previous one ({@code comparison}: the previous key against it). */
  private void checkOrder(int comparison) {
    if (comparison >= 0) {
      int position = staging.count();
      throw new InvalidArgumentException("keys must be strictly increasing: the key of entry " + position
          + " is not above the key of entry " + (position - 1));
    }
  }

  private void rememberKey(MemorySegment key, long modelKey) {
    int length = (int) key.byteSize();
    growPreviousKey(length);
    MemorySegment.copy(key, ValueLayout.JAVA_BYTE, 0, previousKey, 0, length);
    remembered(length, modelKey);
  }

  private void rememberKey(byte[] key, int offset, int length, long modelKey) {
    growPreviousKey(length);
    System.arraycopy(key, offset, previousKey, 0, length);
    remembered(length, modelKey);
  }

  private void growPreviousKey(int length) {
    if (length > previousKey.length) {
      previousKey = new byte[Math.max(length, previousKey.length * 2)];
      previousKeySegment = MemorySegment.ofArray(previousKey);
    }
  }

  private void remembered(int length, long modelKey) {
    if (previousKeyLength < 0) {
      smallestModelKey = modelKey;
    }
    previousKeyLength = length;
    previousModelKey = modelKey;
  }

  /** Entries added so far. */
  public int entryCount() {
    return staging.count();
  }

  /**
   * The container offset of the last added entry's value record, or -1 when that value is inline
   * in its slot: with {@link #lastValueRecordCrc()}, what a value reference to the record holds
   * (the same pair {@link NvmTableIterator#valueRecordOffset()} reads back from the slot).
   */
  public long lastValueRecordOffset() {
    return lastValueRecordOffset;
  }

  /** The masked CRC32C of the last added entry's value record (see {@link #lastValueRecordOffset()}). */
  public int lastValueRecordCrc() {
    return lastValueRecordCrc;
  }

  /** Container bytes used so far, its header included. */
  public long containerBytesUsed() {
    return container.bytesInUse();
  }

  /**
   * Writes the rest of the table, commits it and returns it open (the caller owns it). On
   * return the commit word is durable: after any later crash the table is whole. The table
   * trusts the container records it wrote (unless built through an {@link L0TableSet} whose
   * options check records on every read).
   *
   * @throws InvalidArgumentException when no entry was added (the builder stays usable)
   * @throws IllegalStateException after {@link #finish} or {@link #close}
   * @throws io.cairn.common.CairnIoException when the file system refuses; the files are deleted
   */
  public NvmTable finish() {
    if (state != State.BUILDING) {
      throw new IllegalStateException("the builder of table " + tableId + " is " + state.name().toLowerCase());
    }
    if (staging.count() == 0) {
      throw new InvalidArgumentException("an NVMTable holds at least one entry; table " + tableId + " has none");
    }
    RegionWriter table = null;
    try {
      TableCommit commit = new TableCommit(directory, tableId, container, tableWriter, staging, model.build(), filter());
      table = commit.createRegion();
      NvmTable result = new NvmTable(directory, commit.write(table, smallestModelKey, previousModelKey, keyBytes,
          valueBytes), order, verification == ContainerVerification.ON_READ);
      state = State.FINISHED;
      staging.clear();
      whenDone.run();
      return result;
    } catch (RuntimeException e) {
      if (table != null && table != tableWriter) {
        table.close();
      }
      abandon();
      throw e;
    }
  }

  private byte[] filter() {
    return options.bloomBitsPerKey() == 0 ? null : BloomFilter.build(hashes, hashCount, options.bloomBitsPerKey());
  }

  /** Abandons an unfinished build: closes and deletes its regions. Does nothing after {@link #finish}. */
  @Override
  public void close() {
    if (state == State.BUILDING) {
      abandon();
    }
  }

  private void abandon() {
    state = State.ABANDONED;
    staging.clear();
    container.close();
    if (tableWriter != null) {
      tableWriter.close();
    }
    NvmTable.deleteFiles(directory, tableId, tableId);
    whenDone.run();
  }

  @Override
  public String toString() {
    return "NvmTableBuilder[" + NvmTableFormat.tableName(tableId) + ", " + staging.count() + " entries, " + state + "]";
  }
}
