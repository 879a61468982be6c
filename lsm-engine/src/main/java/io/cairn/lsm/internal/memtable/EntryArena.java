package io.cairn.lsm.internal.memtable;

/**
 * The bytes of one memtable's entries, copied into large {@code byte[]} chunks (issue #14, session
 * 14): a node of the {@link SkipList} holds (chunk, offset, lengths) instead of an array of its
 * own, so a young collection copies the nodes but not the entries. A chunk of the size {@link
 * #chunkBytesFor} picks for a real write buffer fills one G1 region and is more than half of one,
 * so G1 allocates it as a humongous object, directly in old regions, and never evacuates it
 * ({@link HeapRegions}).
 *
 * <p><b>Contract</b>: {@link #allocate}{@code (n)} reserves {@code n} bytes that no other
 * allocation overlaps, at the returned offset of {@link #chunk()}; the bytes are zero and belong
 * to the caller, who writes them before publishing them. Nothing is ever freed or moved: the
 * arena is dropped with its memtable, by the collector, once no reader holds the memtable (the
 * arrays are on the heap, so a reader's reference to a node or chunk keeps it alive; the
 * engine's {@code SuperVersion} reference counting decides when a memtable leaves the read path,
 * and nothing more is needed).
 *
 * <p><b>Placement</b> (RocksDB's arena, adapted): an entry that fits the rest of the current chunk
 * goes there; an entry longer than a chunk gets an array of its own (longer than half a region,
 * so humongous too); any other entry starts a new chunk, and of the old chunk and the new one the
 * one with more room left stays current. What is left of the other is never used: its bytes are
 * counted in {@link #accountedBytes()}, so the memtable is switched by the heap it really holds
 * (within the current chunk's unused rest, at most one chunk per memtable).
 *
 * <p>Thread-safety: one writer, as {@link MemTable#add}. Readers read allocated bytes only after
 * the release store that publishes the node holding them, never this object's fields.
 */
final class EntryArena {
  /** The smallest chunk, for the smallest write buffers (tests use 4-16 KiB memtables). */
  static final int MIN_CHUNK_BYTES = 1 << 10;
  /**
   * Whether memtables put their entries in chunks: {@code -Dcairn.memtable.arena=true}. Off by
   * default since the loaded A/B of session 14 (docs/engine.md): the insert's CPU fell and young
   * pauses copied half as much, but a memtable get of a present key cost more CPU (the entry is no
   * longer next to its node), and the rule was to keep the arena only at no cost on either path.
   * Off, every entry gets an array of its own (chunk size 0), as before session 14.
   */
  static final boolean ENABLED = Boolean.getBoolean("cairn.memtable.arena");

  private final int chunkBytes;
  /** The chunk allocations are taken from, or null before the first. */
  private byte[] current;
  /** Bytes of {@link #current} taken. */
  private int used;
  /** The array of the last allocation. */
  private byte[] last;
  private long accountedBytes;
  private long allocatedBytes;
  private int chunks;

  /**
   * An empty arena of chunks of {@code chunkBytes}; allocates nothing until the first entry. With
   * 0 there are no chunks: every allocation of at least one byte is an array of its own.
   */
  EntryArena(int chunkBytes) {
    if (chunkBytes < 0) {
      throw new IllegalArgumentException("chunk bytes " + chunkBytes);
    }
    this.chunkBytes = chunkBytes;
  }

  /** The chunk size for a memtable switched at {@code writeBufferBytes}: {@link #sizeFor} when {@link #ENABLED}, else 0. */
  static int chunkBytesFor(long writeBufferBytes) {
    return ENABLED ? sizeFor(writeBufferBytes) : 0;
  }

  /**
   * The chunk size of an arena memtable switched at {@code writeBufferBytes}: the humongous chunk of
   * this heap ({@link HeapRegions#humongousChunkBytes}) once the buffer holds two of them, else a
   * quarter of the buffer (at least {@link #MIN_CHUNK_BYTES}), so a small memtable holds no chunk
   * much larger than itself.
   */
  static int sizeFor(long writeBufferBytes) {
    int humongous = HeapRegions.humongousChunkBytes();
    if (writeBufferBytes / 2 >= humongous) {
      return humongous;
    }
    return (int) Math.max(MIN_CHUNK_BYTES, Math.min(writeBufferBytes / 4, humongous));
  }

  /**
   * Reserves {@code length} bytes and returns their offset in {@link #chunk()}.
   *
   * @throws IllegalArgumentException for a negative length
   */
  int allocate(int length) {
    if (length < 0) {
      throw new IllegalArgumentException("length " + length);
    }
    accountedBytes += length;
    byte[] chunk = current;
    if (chunk != null && length <= chunk.length - used) {
      int offset = used;
      used += length;
      last = chunk;
      return offset;
    }
    if (length > chunkBytes) {
      last = new byte[length];
      allocatedBytes += length;
      return 0;
    }
    byte[] fresh = new byte[chunkBytes];
    allocatedBytes += chunkBytes;
    chunks++;
    int freshRoom = chunkBytes - length;
    int currentRoom = chunk == null ? 0 : chunk.length - used;
    if (freshRoom >= currentRoom) {
      accountedBytes += currentRoom; // the old chunk's rest is never used
      current = fresh;
      used = length;
    } else {
      accountedBytes += freshRoom; // the new chunk holds this entry only
    }
    last = fresh;
    return 0;
  }

  /** The array that holds the bytes of the last {@link #allocate}. */
  byte[] chunk() {
    return last;
  }

  /** The chunk size. */
  int chunkBytes() {
    return chunkBytes;
  }

  /** Bytes allocated plus the rests of chunks that will never be used: what the memtable counts. */
  long accountedBytes() {
    return accountedBytes;
  }

  /** Bytes of every array allocated (chunks and entries of their own). */
  long allocatedBytes() {
    return allocatedBytes;
  }

  /** Chunks allocated (entries of their own not counted). */
  int chunks() {
    return chunks;
  }
}
