package io.cairn.pmem.l0.internal;

import static io.cairn.pmem.l0.internal.NvmTableFormat.POINTER_CRC;
import static io.cairn.pmem.l0.internal.NvmTableFormat.SLOT_KEY_AREA;
import static io.cairn.pmem.l0.internal.NvmTableFormat.SLOT_KEY_LENGTH;
import static io.cairn.pmem.l0.internal.NvmTableFormat.SLOT_MODEL_KEY;
import static io.cairn.pmem.l0.internal.NvmTableFormat.SLOT_VALUE_LENGTH;

import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.pmem.api.PmemRegion;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads the entries of an open, validated NVMTable in place: slots from the table region, long
 * keys and values from the container region. Everything returned is a read-only view of pmem; no
 * block is copied and nothing is decoded beyond the slot's fixed fields.
 *
 * <p>What is trusted: the slots' fields (lengths, pointers, model keys) were checked when the
 * table was opened (entry block CRCs, ranges), so they are used as they are. Container records
 * were either checked at open too ({@link io.cairn.pmem.l0.ContainerVerification#ON_OPEN}) or are
 * checked on every read against the CRC in their pointer ({@code ON_READ}): a damaged record is a
 * {@link CorruptionException} naming the container and the record's offset, never wrong bytes.
 *
 * <p>Reads go through the region API ({@link PmemRegion#readLong}, {@link PmemRegion#view}) rather
 * than one long-lived view of the whole table, so that a region's latency model charges each pmem
 * access a lookup makes.
 *
 * <p>Thread-safety: immutable; safe for concurrent readers while the regions are open.
 */
public final class TableAccess {
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final PmemRegion table;
  private final PmemRegion container;
  private final Object containerWhere;
  private final long entriesOffset;
  private final int entryCount;
  private final int slotBytes;
  private final int inlineKeyBytes;
  private final int inlineValueBytes;
  private final boolean checkRecords;

  /**
   * @param superBlock the table's checked super block
   * @param checkRecords whether each container record is checked when read (else it was checked
   *     at open, or written by this process)
   */
  public TableAccess(PmemRegion table, PmemRegion container, SuperBlock superBlock, boolean checkRecords) {
    this.table = table;
    this.container = container;
    this.containerWhere = Where.of(container);
    this.entriesOffset = superBlock.layout().entriesOffset();
    this.entryCount = superBlock.entryCount();
    this.slotBytes = superBlock.slotBytes();
    this.inlineKeyBytes = superBlock.inlineKeyBytes();
    this.inlineValueBytes = superBlock.inlineValueBytes();
    this.checkRecords = checkRecords;
  }

  /** Number of entries. */
  public int entryCount() {
    return entryCount;
  }

  /** Bytes of a slot. */
  public int slotBytes() {
    return slotBytes;
  }

  /** The table region. */
  public PmemRegion table() {
    return table;
  }

  /** The container region. */
  public PmemRegion container() {
    return container;
  }

  /** Region offset of slot {@code position}. */
  public long slotOffset(int position) {
    return entriesOffset + (long) position * slotBytes;
  }

  /** The model key of slot {@code position}, read from pmem (one 8-byte load). */
  public long modelKey(int position) {
    return table.readLong(slotOffset(position) + SLOT_MODEL_KEY);
  }

  /** A view of slots {@code [first, first + count)}: what a window or a block scan reads. */
  public MemorySegment slots(int first, int count) {
    return table.view(slotOffset(first), (long) count * slotBytes);
  }

  /** A view of slot {@code position} alone. */
  public MemorySegment slot(int position) {
    return table.view(slotOffset(position), slotBytes);
  }

  /** The model key of the slot at {@code offset} in {@code slots}. */
  public static long modelKey(MemorySegment slots, long offset) {
    return slots.get(LONG, offset + SLOT_MODEL_KEY);
  }

  /** Key length of the slot at {@code offset} in {@code slots}. */
  public static int keyLength(MemorySegment slots, long offset) {
    return slots.get(INT, offset + SLOT_KEY_LENGTH);
  }

  /** Value length of the slot at {@code offset} in {@code slots}. */
  public static int valueLength(MemorySegment slots, long offset) {
    return slots.get(INT, offset + SLOT_VALUE_LENGTH);
  }

  /**
   * The key of the slot at {@code offset} in {@code slots} (entry {@code position}): a slice of
   * the slot when inline, else a checked view of its container record.
   *
   * @throws CorruptionException when a container record fails its checksum
   */
  public MemorySegment key(MemorySegment slots, long offset, int position) {
    int length = keyLength(slots, offset);
    long area = offset + SLOT_KEY_AREA;
    if (length <= inlineKeyBytes) {
      return slots.asSlice(area, length);
    }
    return record(slots, area, length, position, "key");
  }

  /**
   * Copies the key of the slot at {@code offset} in {@code slots} into {@code target} at {@code
   * targetOffset} when it is inline, with no view made; returns false (nothing copied) for a key
   * in the container.
   */
  public boolean copyInlineKey(MemorySegment slots, long offset, byte[] target, int targetOffset) {
    int length = keyLength(slots, offset);
    if (length > inlineKeyBytes) {
      return false;
    }
    MemorySegment.copy(slots, ValueLayout.JAVA_BYTE, offset + SLOT_KEY_AREA, target, targetOffset, length);
    return true;
  }

  /**
   * The value of the slot at {@code offset} in {@code slots} (entry {@code position}), as {@link
   * #key} does it.
   *
   * @throws CorruptionException when a container record fails its checksum
   */
  public MemorySegment value(MemorySegment slots, long offset, int position) {
    int length = valueLength(slots, offset);
    long area = offset + SLOT_KEY_AREA + inlineKeyBytes;
    if (length <= inlineValueBytes) {
      return slots.asSlice(area, length);
    }
    return record(slots, area, length, position, "value");
  }

  /**
   * The container offset of the value record of the slot at {@code offset} in {@code slots}, or
   * -1 when the value is inline in the slot.
   */
  public long valueRecordOffset(MemorySegment slots, long offset) {
    if (valueLength(slots, offset) <= inlineValueBytes) {
      return -1;
    }
    return slots.get(LONG, offset + SLOT_KEY_AREA + inlineKeyBytes);
  }

  /**
   * The masked CRC32C of the value record of the slot at {@code offset} in {@code slots}, as its
   * pointer holds it; meaningful only when {@link #valueRecordOffset} is not -1.
   */
  public int valueRecordCrc(MemorySegment slots, long offset) {
    return slots.get(INT, offset + SLOT_KEY_AREA + inlineKeyBytes + POINTER_CRC);
  }

  /**
   * A view of the {@code length} bytes at container offset {@code recordOffset}, checked against
   * {@code expectedCrc} whatever the verification mode: what a value reference held outside the
   * table (key-value separation) resolves to, where nothing but the reference vouches for the
   * offset.
   *
   * @throws CorruptionException when the range lies outside the records in use or the bytes fail
   *     the CRC
   */
  public MemorySegment checkedRecord(long recordOffset, int length, int expectedCrc, long recordsEnd) {
    if (recordOffset < ContainerFormat.HEADER_BYTES || length <= 0 || recordOffset > recordsEnd - length) {
      throw CorruptionException.at(containerWhere, recordOffset, "a value reference names " + length
          + " bytes outside the records of " + table.name() + " (they end at " + recordsEnd + ")");
    }
    MemorySegment record = container.view(recordOffset, length);
    if (Crc32c.mask(Crc32c.of(record)) != expectedCrc) {
      throw CorruptionException.at(containerWhere, recordOffset, "checksum mismatch in the value record of "
          + length + " bytes a value reference names in " + table.name());
    }
    return record;
  }

  /**
   * Checks a copy of the container value of the slot at {@code offset} in {@code slots} (entry
   * {@code position}), read from the container's file rather than through {@link #value}, as
   * {@link #value} checks the record: against its pointer's CRC when records are checked on read.
   *
   * @throws CorruptionException when the copy fails its checksum
   */
  public void checkValueCopy(MemorySegment slots, long offset, int position, byte[] copy, int copyOffset) {
    if (!checkRecords) {
      return;
    }
    int length = valueLength(slots, offset);
    long pointer = offset + SLOT_KEY_AREA + inlineKeyBytes;
    if (Crc32c.mask(Crc32c.of(copy, copyOffset, length)) != slots.get(INT, pointer + POINTER_CRC)) {
      throw CorruptionException.at(containerWhere, slots.get(LONG, pointer), "checksum mismatch in the value"
          + " of entry " + position + " (" + length + " bytes) of " + table.name());
    }
  }

  private MemorySegment record(MemorySegment slots, long pointer, int length, int position, String what) {
    long recordOffset = slots.get(LONG, pointer);
    int expected = slots.get(INT, pointer + POINTER_CRC);
    MemorySegment record = container.view(recordOffset, length);
    if (checkRecords && Crc32c.mask(Crc32c.of(record)) != expected) {
      throw CorruptionException.at(containerWhere, recordOffset, "checksum mismatch in the " + what
          + " of entry " + position + " (" + length + " bytes) of " + table.name());
    }
    return record;
  }

  /** The key of entry {@code position}, read through a view of its slot. */
  public MemorySegment key(int position) {
    return key(slot(position), 0, position);
  }

  /** The value of entry {@code position}, read through a view of its slot. */
  public MemorySegment value(int position) {
    return value(slot(position), 0, position);
  }
}
