package io.cairn.pmem.l0;

import io.cairn.common.CorruptionException;
import io.cairn.pmem.api.Segments;
import io.cairn.pmem.l0.internal.TableAccess;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.NoSuchElementException;

/**
 * A cursor over the entries of an {@link NvmTable} in positions {@code [from, to)}, forwards and
 * backwards, in the shape an LSM merging iterator wants: {@link #seekToFirst}, {@link
 * #seekToLast}, {@link #seek}, {@link #next}, {@link #prev}, {@link #valid}, {@link #key}, {@link
 * #value}.
 *
 * <p>Slots are read {@value #VIEW_SLOTS} at a time through one view of pmem, so a scan costs one
 * sequential read per {@value #VIEW_SLOTS} entries and a seek reads only the slots near it; keys and values are views (long ones checked against their
 * pointer's CRC when first read at a position), valid while the table is open. The key and value
 * of the current position are kept, so asking again costs nothing.
 *
 * <p>Thread-safety: not thread-safe; one thread per iterator. The table must stay open (e.g.
 * {@link NvmTable#retain retained}) while the iterator is used.
 */
public final class NvmTableIterator {
  /** Slots read through one view: about 5 KB of 80-byte slots. */
  static final int VIEW_SLOTS = 64;

  private final NvmTable table;
  private final TableAccess access;
  private final int from;
  private final int to;
  private int position = -1;
  private MemorySegment block;
  private int blockFirst = -1;
  private int blockCount;
  private MemorySegment key;
  private MemorySegment value;

  NvmTableIterator(NvmTable table, TableAccess access, int from, int to) {
    this.table = table;
    this.access = access;
    this.from = from;
    this.to = to;
  }

  /** Whether the iterator is at an entry. */
  public boolean valid() {
    return position >= 0;
  }

  /** Moves to the first entry of the range (invalid when the range is empty). */
  public void seekToFirst() {
    moveTo(from);
  }

  /** Moves to the last entry of the range (invalid when the range is empty). */
  public void seekToLast() {
    moveTo(to - 1);
  }

  /**
   * Moves to the first entry {@code >=} {@code target} inside the range (the range's first entry
   * when {@code target} sorts before it), or becomes invalid when there is none.
   *
   * @throws CorruptionException when a container key read on the way fails its checksum
   */
  public void seek(LookupKey target) {
    moveTo(Math.max(from, table.seek(target)));
  }

  /**
   * Moves to the last entry {@code <=} {@code target} inside the range, or becomes invalid when
   * there is none (what a reverse scan starting at a key needs).
   */
  public void seekForPrev(LookupKey target) {
    int position = Math.max(from, table.seek(target));
    if (position < to && table.order().compare(keyAt(position), target.key()) == 0) {
      moveTo(position);
    } else {
      moveTo(position - 1);
    }
  }

  /** Moves to the entry at {@code position} (a table position), or invalid outside the range. */
  public void seekToPosition(int newPosition) {
    moveTo(newPosition);
  }

  /**
   * Moves to the next entry; invalid after the last.
   *
   * @throws NoSuchElementException when not {@link #valid()}
   */
  public void next() {
    requireValid();
    moveTo(position + 1);
  }

  /**
   * Moves to the previous entry; invalid before the first.
   *
   * @throws NoSuchElementException when not {@link #valid()}
   */
  public void prev() {
    requireValid();
    moveTo(position - 1);
  }

  /** The table position of the current entry. */
  public int position() {
    requireValid();
    return position;
  }

  /** The current entry's model key. */
  public long modelKey() {
    requireValid();
    return TableAccess.modelKey(block, offsetInBlock(position));
  }

  /**
   * The current key, a view of pmem.
   *
   * @throws CorruptionException when a container key fails its checksum
   */
  public MemorySegment key() {
    requireValid();
    if (key == null) {
      key = keyAt(position);
    }
    return key;
  }

  /**
   * The current value, a view of pmem.
   *
   * @throws CorruptionException when a container value fails its checksum
   */
  public MemorySegment value() {
    requireValid();
    if (value == null) {
      value = access.value(block, offsetInBlock(position), position);
    }
    return value;
  }

  /** Length of the current key, read from its slot (no view made). */
  public int keyLength() {
    requireValid();
    return TableAccess.keyLength(block, offsetInBlock(position));
  }

  /**
   * Copies the current key into {@code target} at {@code offset} (room for {@link #keyLength()}
   * bytes): an inline key straight out of the slot block, with no view made, which is what a
   * merging scan does at every step.
   *
   * @throws CorruptionException when a container key fails its checksum
   */
  public void copyKey(byte[] target, int offset) {
    requireValid();
    if (key == null && access.copyInlineKey(block, offsetInBlock(position), target, offset)) {
      return;
    }
    MemorySegment current = key();
    MemorySegment.copy(current, ValueLayout.JAVA_BYTE, 0, target, offset, (int) current.byteSize());
  }

  /** Length of the current value, read from its slot (no view made). */
  public int valueLength() {
    requireValid();
    return TableAccess.valueLength(block, offsetInBlock(position));
  }

  /**
   * Copies the current value into {@code target} at {@code offset} (room for {@link
   * #valueLength()} bytes): an inline value out of the slot block; a container value through
   * {@code scan} when given (positional file reads, checked as {@link #value()} checks it), else
   * through a view of pmem.
   *
   * @param scan this table's {@link NvmTable#containerScan()}, or {@code null}
   * @throws CorruptionException when a container value fails its checksum
   */
  public void copyValue(byte[] target, int offset, ContainerScan scan) {
    requireValid();
    long at = offsetInBlock(position);
    long record = scan == null || value != null ? -1 : access.valueRecordOffset(block, at);
    if (record < 0) {
      MemorySegment current = value();
      MemorySegment.copy(current, ValueLayout.JAVA_BYTE, 0, target, offset, (int) current.byteSize());
      return;
    }
    scan.read(record, target, offset, TableAccess.valueLength(block, at));
    access.checkValueCopy(block, at, position, target, offset);
  }

  /**
   * The container offset of the current value's record, or -1 when the value sits inline in its
   * slot: with {@link #valueRecordCrc()} and {@link #valueLength()}, what a value reference to it
   * holds (key-value separation), read from the slot with no view made.
   */
  public long valueRecordOffset() {
    requireValid();
    return access.valueRecordOffset(block, offsetInBlock(position));
  }

  /** The masked CRC32C of the current value's container record (see {@link #valueRecordOffset()}). */
  public int valueRecordCrc() {
    requireValid();
    return access.valueRecordCrc(block, offsetInBlock(position));
  }

  /** The current key, copied. */
  public byte[] keyBytes() {
    return Segments.toBytes(key());
  }

  /** The current value, copied. */
  public byte[] valueBytes() {
    return Segments.toBytes(value());
  }

  private MemorySegment keyAt(int at) {
    loadBlock(at);
    return access.key(block, offsetInBlock(at), at);
  }

  private void moveTo(int newPosition) {
    key = null;
    value = null;
    if (newPosition < from || newPosition >= to) {
      position = -1;
      return;
    }
    loadBlock(newPosition);
    position = newPosition;
  }

  private void loadBlock(int at) {
    if (at >= blockFirst && at < blockFirst + blockCount) {
      return;
    }
    int first = at - at % VIEW_SLOTS;
    int count = Math.min(VIEW_SLOTS, access.entryCount() - first);
    block = access.slots(first, count);
    blockFirst = first;
    blockCount = count;
  }

  private long offsetInBlock(int at) {
    return (long) (at - blockFirst) * access.slotBytes();
  }

  private void requireValid() {
    if (position < 0) {
      throw new NoSuchElementException("the iterator over table " + table.id() + " is not at an entry");
    }
  }
}
