package io.cairn.pmem.l0.internal;

import static io.cairn.pmem.l0.internal.NvmTableFormat.BLOCK_ENTRIES;
import static io.cairn.pmem.l0.internal.NvmTableFormat.META_BLOCK_BYTES;
import static io.cairn.pmem.l0.internal.NvmTableFormat.META_COUNT_FIELD;
import static io.cairn.pmem.l0.internal.NvmTableFormat.META_CRC_FIELD;
import static io.cairn.pmem.l0.internal.NvmTableFormat.META_ENTRIES_CRC_FIELD;
import static io.cairn.pmem.l0.internal.NvmTableFormat.META_VALUE_BITMAP_OFFSET;
import static io.cairn.pmem.l0.internal.NvmTableFormat.POINTER_CRC;
import static io.cairn.pmem.l0.internal.NvmTableFormat.SLOT_KEY_AREA;
import static io.cairn.pmem.l0.internal.NvmTableFormat.SLOT_KEY_LENGTH;
import static io.cairn.pmem.l0.internal.NvmTableFormat.SLOT_MODEL_KEY;
import static io.cairn.pmem.l0.internal.NvmTableFormat.SLOT_VALUE_LENGTH;

import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry slots of a table being built, staged in DRAM one entry block (1024 slots) per array,
 * with the meta block bitmaps built beside them. At the end the builder copies the blocks to pmem
 * in one sequential pass (one persist for all of them), which is also how pmem likes to be
 * written: large, 256-byte-aligned runs rather than one 64-byte line per entry.
 *
 * <p>Thread-safety: not thread-safe; the builder's thread only.
 */
public final class EntryStaging {
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int BITMAP_WORDS = BLOCK_ENTRIES / 64;

  private final int slotBytes;
  private final int inlineKeyBytes;
  private final int inlineValueBytes;
  private final List<byte[]> blocks = new ArrayList<>();
  /** Per block: key bitmap words, then value bitmap words. */
  private final List<long[]> bitmaps = new ArrayList<>();
  private int count;

  public EntryStaging(int inlineKeyBytes, int inlineValueBytes) {
    this.inlineKeyBytes = inlineKeyBytes;
    this.inlineValueBytes = inlineValueBytes;
    this.slotBytes = NvmTableFormat.slotBytes(inlineKeyBytes, inlineValueBytes);
  }

  /** Inline key area bytes K. */
  public int inlineKeyBytes() {
    return inlineKeyBytes;
  }

  /** Inline value area bytes V. */
  public int inlineValueBytes() {
    return inlineValueBytes;
  }

  /** Entries staged so far. */
  public int count() {
    return count;
  }

  /**
   * Stages the next entry. A key or value is written inline when its container offset is
   * negative, else as a pointer to {@code offset} with {@code crc} (masked).
   */
  public void append(long modelKey, MemorySegment key, long keyOffset, int keyCrc,
      MemorySegment value, long valueOffset, int valueCrc) {
    int slot = nextSlot(modelKey, key.byteSize(), value.byteSize());
    byte[] block = blocks.getLast();
    if (keyOffset < 0) {
      MemorySegment.copy(key, ValueLayout.JAVA_BYTE, 0, block, slot + SLOT_KEY_AREA, (int) key.byteSize());
    } else {
      keyPointer(block, slot, keyOffset, keyCrc);
    }
    if (valueOffset < 0) {
      MemorySegment.copy(value, ValueLayout.JAVA_BYTE, 0, block, slot + SLOT_KEY_AREA + inlineKeyBytes,
          (int) value.byteSize());
    } else {
      valuePointer(block, slot, valueOffset, valueCrc);
    }
    count++;
  }

  /**
   * {@link #append(long, MemorySegment, long, int, MemorySegment, long, int)} of the key {@code
   * key[keyFrom, +keyLength)} and the value {@code value[valueFrom, +valueLength)}.
   */
  public void append(long modelKey, byte[] key, int keyFrom, int keyLength, long keyOffset, int keyCrc,
      byte[] value, int valueFrom, int valueLength, long valueOffset, int valueCrc) {
    int slot = nextSlot(modelKey, keyLength, valueLength);
    byte[] block = blocks.getLast();
    if (keyOffset < 0) {
      System.arraycopy(key, keyFrom, block, slot + SLOT_KEY_AREA, keyLength);
    } else {
      keyPointer(block, slot, keyOffset, keyCrc);
    }
    if (valueOffset < 0) {
      System.arraycopy(value, valueFrom, block, slot + SLOT_KEY_AREA + inlineKeyBytes, valueLength);
    } else {
      valuePointer(block, slot, valueOffset, valueCrc);
    }
    count++;
  }

  /** Starts the next entry's slot (a new block when the last is full) with its fixed fields; returns its offset. */
  private int nextSlot(long modelKey, long keyLength, long valueLength) {
    int inBlock = count % BLOCK_ENTRIES;
    if (inBlock == 0) {
      blocks.add(new byte[BLOCK_ENTRIES * slotBytes]);
      bitmaps.add(new long[2 * BITMAP_WORDS]);
    }
    byte[] block = blocks.getLast();
    int slot = inBlock * slotBytes;
    LONG.set(block, slot + SLOT_MODEL_KEY, modelKey);
    INT.set(block, slot + SLOT_KEY_LENGTH, (int) keyLength);
    INT.set(block, slot + SLOT_VALUE_LENGTH, (int) valueLength);
    return slot;
  }

  private void keyPointer(byte[] block, int slot, long offset, int crc) {
    int inBlock = count % BLOCK_ENTRIES;
    writePointer(block, slot + SLOT_KEY_AREA, offset, crc);
    bitmaps.getLast()[inBlock >>> 6] |= 1L << (inBlock & 63);
  }

  private void valuePointer(byte[] block, int slot, long offset, int crc) {
    int inBlock = count % BLOCK_ENTRIES;
    writePointer(block, slot + SLOT_KEY_AREA + inlineKeyBytes, offset, crc);
    bitmaps.getLast()[BITMAP_WORDS + (inBlock >>> 6)] |= 1L << (inBlock & 63);
  }

  private static void writePointer(byte[] block, int area, long offset, int crc) {
    LONG.set(block, area, offset);
    INT.set(block, area + POINTER_CRC, crc);
  }

  /** Number of entry blocks staged. */
  public int blockCount() {
    return blocks.size();
  }

  /** Slots of block {@code block}; only the first {@link #blockBytes} bytes are used. */
  public byte[] block(int block) {
    return blocks.get(block);
  }

  /** Bytes of block {@code block} in use. */
  public int blockBytes(int block) {
    return blockEntries(block) * slotBytes;
  }

  private int blockEntries(int block) {
    return block < blocks.size() - 1 ? BLOCK_ENTRIES : count - block * BLOCK_ENTRIES;
  }

  /** All meta blocks, encoded with their bitmaps, counts and checksums ({@link NvmTableFormat}). */
  public byte[] encodeMetaBlocks() {
    byte[] meta = new byte[blocks.size() * META_BLOCK_BYTES];
    for (int block = 0; block < blocks.size(); block++) {
      int base = block * META_BLOCK_BYTES;
      long[] bits = bitmaps.get(block);
      for (int word = 0; word < BITMAP_WORDS; word++) {
        LONG.set(meta, base + word * 8, bits[word]);
        LONG.set(meta, base + META_VALUE_BITMAP_OFFSET + word * 8, bits[BITMAP_WORDS + word]);
      }
      Varints.putFixed32(meta, base + META_COUNT_FIELD, blockEntries(block));
      Varints.putFixed32(meta, base + META_ENTRIES_CRC_FIELD,
          Crc32c.mask(Crc32c.of(blocks.get(block), 0, blockBytes(block))));
      Varints.putFixed32(meta, base + META_CRC_FIELD, Crc32c.mask(Crc32c.of(meta, base, META_CRC_FIELD)));
    }
    return meta;
  }

  /** Drops the staged blocks (after they were written, or when the build is abandoned). */
  public void clear() {
    blocks.clear();
    bitmaps.clear();
  }
}
