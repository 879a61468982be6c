package io.cairn.lsm.internal.sstable;

import io.cairn.common.BloomFilter;
import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.internal.cache.BlockCache;
import io.cairn.lsm.internal.fs.RandomReadFile;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.iterator.TwoLevelIterator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.Lookup;
import io.cairn.lsm.internal.key.SliceComparator;
import io.cairn.lsm.internal.table.Table;
import java.nio.charset.StandardCharsets;

/**
 * An open SSTable ({@link TableFormat}). Opening checks the footer (magic, version, checksum) and
 * loads the index block and the bloom filter, which stay in memory; data blocks are read through
 * the shared {@link BlockCache}.
 *
 * <p>Thread-safety: safe for concurrent readers. Owns its file: {@link #close} unmaps it.
 */
public final class SstableReader implements Table {

  private final RandomReadFile file;
  private final long fileNumber;
  private final InternalKeyComparator comparator;
  private final BlockCache<Block> cache;
  private final Block index;
  private final byte[] filter;
  private final long metaindexOffset;

  private SstableReader(RandomReadFile file, long fileNumber, InternalKeyComparator comparator,
      BlockCache<Block> cache, Block index, byte[] filter, long metaindexOffset) {
    this.file = file;
    this.fileNumber = fileNumber;
    this.comparator = comparator;
    this.cache = cache;
    this.index = index;
    this.filter = filter;
    this.metaindexOffset = metaindexOffset;
  }

  /**
   * Opens the table in {@code file} (which it then owns).
   *
   * @throws CorruptionException naming the file when the footer, index or filter is bad
   */
  public static SstableReader open(RandomReadFile file, long fileNumber, InternalKeyComparator comparator,
      BlockCache<Block> cache) {
    long size = file.size();
    if (size < TableFormat.FOOTER_BYTES) {
      throw CorruptionException.at(file.path(), 0, "file of " + size + " bytes is too short to be an SSTable");
    }
    byte[] footer = new byte[TableFormat.FOOTER_BYTES];
    long footerOffset = size - TableFormat.FOOTER_BYTES;
    file.read(footerOffset, footer, 0, footer.length);
    if (Varints.getFixed64(footer, TableFormat.FOOTER_MAGIC_OFFSET) != TableFormat.MAGIC) {
      throw CorruptionException.at(file.path(), footerOffset, "bad SSTable magic (not an SSTable, or truncated)");
    }
    int storedCrc = Crc32c.unmask(Varints.getFixed32(footer, TableFormat.FOOTER_CHECKSUM_OFFSET));
    if (storedCrc != Crc32c.of(footer, 0, TableFormat.FOOTER_CHECKSUM_OFFSET)) {
      throw CorruptionException.at(file.path(), footerOffset, "SSTable footer checksum mismatch");
    }
    int version = Varints.getFixed32(footer, TableFormat.FOOTER_VERSION_OFFSET);
    if (version != TableFormat.VERSION) {
      throw CorruptionException.at(file.path(), footerOffset,
          "SSTable format version " + version + " is not supported (this build reads " + TableFormat.VERSION + ")");
    }
    BlockHandle metaindexHandle = BlockHandle.decode(footer, 0, TableFormat.FOOTER_HANDLES_BYTES, file.path(), size);
    int indexAt = BlockHandle.end(footer, 0, TableFormat.FOOTER_HANDLES_BYTES);
    BlockHandle indexHandle = BlockHandle.decode(footer, indexAt, TableFormat.FOOTER_HANDLES_BYTES, file.path(), size);
    Block index = Block.parse(BlockCodec.read(file, indexHandle, true), file.path(), indexHandle.offset());
    byte[] filter = readFilter(file, metaindexHandle, size);
    return new SstableReader(file, fileNumber, comparator, cache, index, filter, metaindexHandle.offset());
  }

  private static byte[] readFilter(RandomReadFile file, BlockHandle metaindexHandle, long size) {
    Block metaindex = Block.parse(BlockCodec.read(file, metaindexHandle, true), file.path(), metaindexHandle.offset());
    BlockIterator meta = metaindex.iterator(SliceComparator.BYTEWISE);
    byte[] name = TableFormat.FILTER_NAME.getBytes(StandardCharsets.US_ASCII);
    meta.seek(name, 0, name.length);
    if (!meta.isValid() || SliceComparator.BYTEWISE.compare(meta.keyBytes(), 0, meta.keyLength(), name, 0, name.length) != 0) {
      return null;
    }
    BlockHandle handle = BlockHandle.decode(meta.valueBytes(), meta.valueOffset(),
        meta.valueOffset() + meta.valueLength(), file.path(), size);
    return BlockCodec.read(file, handle, true);
  }

  @Override
  public boolean get(Lookup lookup, ReadOptions options) {
    byte[] key = lookup.internalKey();
    if (filter != null && !BloomFilter.mayContain(filter, lookup.filterHash())) {
      lookup.noteFilterSkip();
      return false;
    }
    BlockIterator indexIterator = index.iterator(comparator);
    indexIterator.seek(key, 0, key.length);
    if (!indexIterator.isValid()) {
      return false;
    }
    Block block = dataBlock(file, indexIterator.valueBytes(), indexIterator.valueOffset(), indexIterator.valueLength(),
        options, lookup);
    BlockIterator entries = block.iterator(comparator);
    entries.seek(key, 0, key.length);
    if (!entries.isValid()) {
      return false;
    }
    byte[] found = entries.keyBytes();
    int foundLength = entries.keyLength();
    if (foundLength < InternalKeyFormat.TAG_BYTES) {
      throw CorruptionException.at(file.path(), 0, "SSTable entry key shorter than its tag");
    }
    if (comparator.compareUserKeys(found, 0, foundLength, key, 0, key.length) != 0) {
      return false;
    }
    int type = InternalKeyFormat.type(InternalKeyFormat.tagOf(found, 0, foundLength));
    if (type == InternalKeyFormat.TYPE_DELETION) {
      lookup.setDeleted();
    } else if (type == InternalKeyFormat.TYPE_VALUE_REFERENCE) {
      lookup.setValueReference(entries.valueBytes(), entries.valueOffset(), entries.valueLength());
    } else {
      lookup.setValue(entries.valueBytes(), entries.valueOffset(), entries.valueLength());
    }
    return true;
  }

  /** Bytes read at once by a scan that does not fill the cache (a compaction) when reads are direct. */
  static final int SCAN_READAHEAD_BYTES = 1 << 20;

  /** First and largest readahead of a user iterator when reads are direct (RocksDB's 8 KiB and 256 KiB). */
  static final int ITERATOR_READAHEAD_BYTES = 8 << 10;
  static final int ITERATOR_READAHEAD_MAX_BYTES = 256 << 10;

  @Override
  public InternalIterator newIterator(ReadOptions options) {
    // A scan that does not fill the cache is a compaction or a check: one pass, so read ahead
    // fully. A user iterator may stop after a few entries: read ahead only once it keeps going.
    RandomReadFile source = options.fillCache()
        ? file.forIteratorScan(ITERATOR_READAHEAD_BYTES, ITERATOR_READAHEAD_MAX_BYTES)
        : file.forSequentialScan(SCAN_READAHEAD_BYTES);
    return new TwoLevelIterator(index.iterator(comparator),
        (value, offset, length) -> dataBlock(source, value, offset, length, options, null).iterator(comparator));
  }

  @Override
  public long approximateOffsetOf(byte[] internalKey) {
    BlockIterator indexIterator = index.iterator(comparator);
    indexIterator.seek(internalKey, 0, internalKey.length);
    if (!indexIterator.isValid()) {
      return metaindexOffset;
    }
    int at = indexIterator.valueOffset();
    return BlockHandle.decode(indexIterator.valueBytes(), at, at + indexIterator.valueLength(),
        file.path(), file.size()).offset();
  }

  @Override
  public long fileBytes() {
    return file.size();
  }

  @Override
  public void close() {
    file.close();
  }

  /** Checks every block of the table (paranoid open, tests): decodes all entries of all blocks. */
  public long verifyAllBlocks() {
    long entries = 0;
    try (InternalIterator all = newIterator(ReadOptions.DEFAULT.withFillCache(false))) {
      for (all.seekToFirst(); all.isValid(); all.next()) {
        if (all.keyLength() < InternalKeyFormat.TAG_BYTES) {
          throw CorruptionException.at(file.path(), 0, "SSTable entry key shorter than its tag");
        }
        entries++;
      }
    }
    return entries;
  }

  /** The data block at the handle, from the cache or read (a point lookup, when given, counts the read). */
  private Block dataBlock(RandomReadFile source, byte[] handleBytes, int offset, int length, ReadOptions options,
      Lookup lookup) {
    BlockHandle handle = BlockHandle.decode(handleBytes, offset, offset + length, file.path(), file.size());
    Block block = cache.get(fileNumber, handle.offset());
    if (block != null) {
      return block;
    }
    if (lookup != null) {
      lookup.noteBlockRead();
    }
    block = BlockCodec.readBlock(source, handle, options.verifyChecksums());
    if (options.fillCache()) {
      cache.put(fileNumber, handle.offset(), block, block.chargeBytes());
    }
    return block;
  }
}
