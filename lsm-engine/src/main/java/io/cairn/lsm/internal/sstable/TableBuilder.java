package io.cairn.lsm.internal.sstable;

import io.cairn.common.BloomFilter;
import io.cairn.common.Varints;
import io.cairn.common.Crc32c;
import io.cairn.lsm.api.Compression;
import io.cairn.lsm.internal.fs.AppendFile;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import java.util.Arrays;

/**
 * Writes one SSTable ({@link TableFormat}) from internal keys added in increasing order: data
 * blocks cut at {@code blockBytes}, an index entry per block (a shortened separator key), a bloom
 * filter over the distinct user keys, the metaindex and the footer. {@link #finish} syncs the
 * file; the caller closes it.
 *
 * <p>Thread-safety: not thread-safe (one compaction or flush). Does not own the file.
 */
public final class TableBuilder {
  private final AppendFile file;
  private final TableOptions options;
  private final InternalKeyComparator comparator;
  private final BlockCodec codec = new BlockCodec();
  private final BlockBuilder dataBlock;
  private final BlockBuilder indexBlock = new BlockBuilder(1);
  private final byte[] handleBytes = new byte[BlockHandle.MAX_ENCODED_BYTES];
  private long offset;
  private long entries;
  private byte[] lastKey = new byte[64];
  private int lastKeyLength;
  private byte[] smallestKey;
  private BlockHandle pendingHandle;
  private int[] keyHashes = new int[1024];
  private int keyHashCount;

  /** A builder appending to the empty {@code file}. */
  public TableBuilder(AppendFile file, TableOptions options, InternalKeyComparator comparator) {
    this.file = file;
    this.options = options;
    this.comparator = comparator;
    this.dataBlock = new BlockBuilder(options.blockRestartInterval());
  }

  /** Adds an entry whose internal key sorts after every key added before. */
  public void add(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength) {
    assert entries == 0 || comparator.compare(lastKey, 0, lastKeyLength, key, keyOffset, keyLength) < 0
        : "keys out of order";
    if (pendingHandle != null) {
      addIndexEntry(comparator.separator(
          Arrays.copyOf(lastKey, lastKeyLength), Arrays.copyOfRange(key, keyOffset, keyOffset + keyLength)));
    }
    if (options.bloomBitsPerKey() > 0) {
      addKeyHash(key, keyOffset, keyLength);
    }
    if (entries == 0) {
      smallestKey = Arrays.copyOfRange(key, keyOffset, keyOffset + keyLength);
    }
    if (lastKey.length < keyLength) {
      lastKey = new byte[Math.max(keyLength, 2 * lastKey.length)];
    }
    System.arraycopy(key, keyOffset, lastKey, 0, keyLength);
    lastKeyLength = keyLength;
    entries++;
    dataBlock.add(key, keyOffset, keyLength, value, valueOffset, valueLength);
    if (dataBlock.estimatedBytes() >= options.blockBytes()) {
      flushDataBlock();
    }
  }

  /** Number of entries added. */
  public long entries() {
    return entries;
  }

  /** Bytes written so far plus the data block being built: the size to cut output files at. */
  public long estimatedFileBytes() {
    return offset + dataBlock.estimatedBytes();
  }

  /** Smallest internal key added (a copy), or null when none. */
  public byte[] smallestKey() {
    return smallestKey;
  }

  /** Largest internal key added (a copy), or null when none. */
  public byte[] largestKey() {
    return entries == 0 ? null : Arrays.copyOf(lastKey, lastKeyLength);
  }

  /**
   * Writes the remaining data block, the filter, metaindex and index blocks and the footer, then
   * syncs the file.
   *
   * @return the file's length in bytes
   */
  public long finish() {
    flushDataBlock();
    BlockBuilder metaindex = new BlockBuilder(1);
    if (options.bloomBitsPerKey() > 0) {
      byte[] filter = BloomFilter.build(keyHashes, keyHashCount, options.bloomBitsPerKey());
      BlockHandle filterHandle = writeRaw(filter, filter.length, Compression.NONE);
      byte[] name = TableFormat.FILTER_NAME.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      byte[] handle = filterHandle.encode();
      metaindex.add(name, 0, name.length, handle, 0, handle.length);
    }
    metaindex.finish();
    BlockHandle metaindexHandle = writeRaw(metaindex.bytes(), metaindex.length(), Compression.NONE);
    if (pendingHandle != null) {
      addIndexEntry(comparator.successor(Arrays.copyOf(lastKey, lastKeyLength)));
    }
    indexBlock.finish();
    BlockHandle indexHandle = writeRaw(indexBlock.bytes(), indexBlock.length(), Compression.NONE);
    writeFooter(metaindexHandle, indexHandle);
    file.sync();
    return offset;
  }

  private void addKeyHash(byte[] key, int keyOffset, int keyLength) {
    int userLength = keyLength - InternalKeyFormat.TAG_BYTES;
    if (entries > 0 && comparator.userOrder().compare(lastKey, 0, lastKeyLength - InternalKeyFormat.TAG_BYTES,
        key, keyOffset, userLength) == 0) {
      return;
    }
    if (keyHashCount == keyHashes.length) {
      keyHashes = Arrays.copyOf(keyHashes, keyHashes.length * 2);
    }
    keyHashes[keyHashCount++] = BloomFilter.hash(key, keyOffset, userLength);
  }

  private void flushDataBlock() {
    if (dataBlock.isEmpty()) {
      return;
    }
    dataBlock.finish();
    pendingHandle = writeRaw(dataBlock.bytes(), dataBlock.length(), options.compression());
    dataBlock.reset();
  }

  private void addIndexEntry(byte[] separator) {
    int length = pendingHandle.encodeTo(handleBytes, 0);
    indexBlock.add(separator, 0, separator.length, handleBytes, 0, length);
    pendingHandle = null;
  }

  private BlockHandle writeRaw(byte[] bytes, int length, Compression compression) {
    BlockHandle handle = codec.write(file, offset, bytes, length, compression);
    offset += handle.size() + TableFormat.TRAILER_BYTES;
    return handle;
  }

  private void writeFooter(BlockHandle metaindexHandle, BlockHandle indexHandle) {
    byte[] footer = new byte[TableFormat.FOOTER_BYTES];
    int position = metaindexHandle.encodeTo(footer, 0);
    indexHandle.encodeTo(footer, position);
    Varints.putFixed32(footer, TableFormat.FOOTER_VERSION_OFFSET, TableFormat.VERSION);
    Varints.putFixed32(footer, TableFormat.FOOTER_CHECKSUM_OFFSET,
        Crc32c.mask(Crc32c.of(footer, 0, TableFormat.FOOTER_CHECKSUM_OFFSET)));
    Varints.putFixed64(footer, TableFormat.FOOTER_MAGIC_OFFSET, TableFormat.MAGIC);
    file.append(footer, 0, footer.length);
    offset += footer.length;
  }
}
