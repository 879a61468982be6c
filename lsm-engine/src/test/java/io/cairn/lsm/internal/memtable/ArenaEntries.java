package io.cairn.lsm.internal.memtable;

/**
 * For the skiplist's tests: entries copied into an {@link EntryArena} of small chunks before they
 * are linked in, as {@link MemTable#add} places them, so every search and every reader of those
 * tests runs on slices at every offset of shared chunks (and on entries of their own, longer than
 * a chunk), not on arrays of their own. Single writer, as the arena.
 */
final class ArenaEntries {
  /** Where an entry went; equal only for the same array (records compare arrays by identity) and offset. */
  record Slice(byte[] chunk, int offset) {
    static Slice of(SkipList.Node node) {
      return node == null ? null : new Slice(node.chunk, node.offset);
    }
  }

  private final EntryArena arena;

  ArenaEntries(int chunkBytes) {
    this.arena = new EntryArena(chunkBytes);
  }

  /** Copies {@code entry} (an internal key of {@code keyLength} bytes, then the value) into the arena and links it into {@code list}. */
  Slice insert(SkipList list, byte[] entry, int keyLength) {
    int offset = arena.allocate(entry.length);
    byte[] chunk = arena.chunk();
    System.arraycopy(entry, 0, chunk, offset, entry.length);
    list.insert(chunk, offset, keyLength, entry.length - keyLength);
    return new Slice(chunk, offset);
  }
}
