package io.cairn.pmem.l0;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import io.cairn.pmem.l0.internal.NvmTableFormat;
import io.cairn.pmem.testing.CrashImage;
import io.cairn.pmem.testing.CrashSimulatingDirectory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Fuzzes the open path of an NVMTable (super block, meta and entry blocks, model, filter,
 * container header) and every read after it: bytes of a valid table and container are
 * overwritten where the fuzzer says, optionally with every checksum of the table recomputed so
 * that the structural checks behind them are reached. Whatever the bytes, the table is refused
 * with a {@link CorruptionException} or opens and then answers without any other exception; and
 * when only checksummed bytes changed, it never answers with wrong data.
 */
class NvmTableFuzzTest {
  private static final int HEADER = 256;
  private static final TreeMap<byte[], byte[]> CONTENTS = reference();
  /** Format version 2: one region. */
  private static final byte[] TABLE_IMAGE;
  /** Format version 1: a table region and its container region. */
  private static final byte[] V1_TABLE_IMAGE;
  private static final byte[] V1_CONTAINER_IMAGE;

  static {
    byte[][] v2 = images(2);
    byte[][] v1 = images(1);
    TABLE_IMAGE = v2[0];
    V1_TABLE_IMAGE = v1[0];
    V1_CONTAINER_IMAGE = v1[1];
  }

  /** The table's and (version 1) the container's region image as a crash leaves them. */
  private static byte[][] images(int version) {
    CrashSimulatingDirectory directory = new CrashSimulatingDirectory();
    TableFixtures.build(directory, 1, NvmTableOptions.defaults().withEpsilon(2).withFormatVersion(version), CONTENTS)
        .close();
    byte[][] images = new byte[2][];
    for (CrashImage image : directory.crashImages(0)) {
      images[image.name().equals("000001.nvt") ? 0 : 1] = image.bytes();
    }
    return images;
  }

  private static TreeMap<byte[], byte[]> reference() {
    SplittableRandom random = new SplittableRandom(99);
    TreeMap<byte[], byte[]> contents = TableFixtures.randomContentsOfSize(random, 40, 300);
    contents.put(new byte[36], new byte[70]);
    return contents;
  }

  @FuzzTest(maxDuration = "10s")
  void openingAnyTableBytesNeverMisbehaves(FuzzedDataProvider data) {
    boolean version1 = data.consumeBoolean();
    byte[] original = version1 ? V1_TABLE_IMAGE : TABLE_IMAGE;
    byte[] table = original.clone();
    byte[] container = version1 ? V1_CONTAINER_IMAGE.clone() : null;
    int mutations = data.consumeInt(0, 12);
    for (int i = 0; i < mutations; i++) {
      byte[] target = version1 && data.consumeBoolean() ? container : table;
      target[data.consumeInt(HEADER, target.length - 1)] = data.consumeByte();
    }
    boolean resigned = data.consumeBoolean();
    if (resigned) {
      resign(table);
    }
    // In version 2 the records share the table's region: a changed record is not a changed table's layout.
    boolean tableChanged = version1 ? !Arrays.equals(table, original) : changedOutsideRecords(table, original);
    ImageDirectory directory = new ImageDirectory().put("000001.nvt", table);
    if (version1) {
      directory.put("000001.nvc", container);
    }
    String recordsFile = version1 ? "000001.nvc" : "000001.nvt";
    ContainerVerification verification = data.pickValue(ContainerVerification.values());
    NvmTable opened;
    try {
      opened = NvmTable.open(directory, 1, KeyOrder.BYTEWISE, verification);
    } catch (CorruptionException refused) {
      return;
    }
    assertThat(tableChanged && !resigned).as("a changed table with its old checksums must be refused").isFalse();
    try (NvmTable reader = opened) {
      boolean exact = !tableChanged;
      readEverything(reader, exact, recordsFile);
      List<byte[]> probes = new ArrayList<>(List.of(new byte[0], new byte[36]));
      for (int i = 0; i < 6; i++) {
        probes.add(data.consumeBytes(40));
      }
      for (byte[] probe : probes) {
        seek(reader, probe, exact, recordsFile);
      }
    }
  }

  /** Reads every entry by position and by iterator; with an unchanged table, each one is right or refused. */
  private static void readEverything(NvmTable table, boolean exact, String recordsFile) {
    List<Map.Entry<byte[], byte[]>> expected = new ArrayList<>(CONTENTS.entrySet());
    if (exact) {
      assertThat(table.entryCount()).isEqualTo(expected.size());
    }
    NvmTableIterator iterator = table.iterator();
    for (iterator.seekToLast(); iterator.valid(); iterator.prev()) {
      int position = iterator.position();
      try {
        byte[] key = iterator.keyBytes();
        byte[] value = iterator.valueBytes();
        if (exact) {
          assertThat(key).isEqualTo(expected.get(position).getKey());
          assertThat(value).isEqualTo(expected.get(position).getValue());
        }
      } catch (CorruptionException damagedRecord) {
        assertThat(damagedRecord).hasMessageContaining(recordsFile);
      }
    }
  }

  private static void seek(NvmTable table, byte[] probe, boolean exact, String recordsFile) {
    LookupKey key = LookupKey.of(probe);
    try {
      int learned = table.seek(key, SearchMethod.LEARNED);
      int binary = table.seek(key, SearchMethod.BINARY_SEARCH);
      assertThat(learned).isBetween(0, table.entryCount());
      assertThat(binary).isBetween(0, table.entryCount());
      if (exact) {
        assertThat(learned).isEqualTo(binary).isEqualTo(CONTENTS.headMap(probe).size());
        assertThat(table.getBytes(key)).isEqualTo(CONTENTS.get(probe));
      }
    } catch (CorruptionException damagedRecord) {
      assertThat(damagedRecord).hasMessageContaining(recordsFile);
    }
  }

  /** Recomputes the entry block, meta block, filter and super block checksums and the commit word, where the fields allow. */
  private static void resign(byte[] image) {
    long entries = Integer.toUnsignedLong(Varints.getFixed32(image, HEADER + NvmTableFormat.ENTRY_COUNT_OFFSET));
    long slotBytes = Integer.toUnsignedLong(Varints.getFixed32(image, HEADER + NvmTableFormat.SLOT_BYTES_OFFSET));
    long metaOffset = Varints.getFixed64(image, HEADER + NvmTableFormat.META_OFFSET_OFFSET);
    long entriesOffset = Varints.getFixed64(image, HEADER + NvmTableFormat.ENTRIES_OFFSET_OFFSET);
    long blocks = (entries + NvmTableFormat.BLOCK_ENTRIES - 1) / NvmTableFormat.BLOCK_ENTRIES;
    for (long block = 0; block < Math.min(blocks, 64); block++) {
      long meta = HEADER + metaOffset + block * NvmTableFormat.META_BLOCK_BYTES;
      long count = Math.min(NvmTableFormat.BLOCK_ENTRIES, entries - block * NvmTableFormat.BLOCK_ENTRIES);
      long slots = HEADER + entriesOffset + block * NvmTableFormat.BLOCK_ENTRIES * slotBytes;
      if (inside(image, meta, NvmTableFormat.META_BLOCK_BYTES) && inside(image, slots, count * slotBytes)) {
        int m = (int) meta;
        Varints.putFixed32(image, m + NvmTableFormat.META_ENTRIES_CRC_FIELD,
            Crc32c.mask(Crc32c.of(image, (int) slots, (int) (count * slotBytes))));
        Varints.putFixed32(image, m + NvmTableFormat.META_CRC_FIELD,
            Crc32c.mask(Crc32c.of(image, m, NvmTableFormat.META_CRC_FIELD)));
      }
    }
    long filterOffset = HEADER + Varints.getFixed64(image, HEADER + NvmTableFormat.FILTER_OFFSET_OFFSET);
    long filterBytes = Integer.toUnsignedLong(Varints.getFixed32(image, HEADER + NvmTableFormat.FILTER_BYTES_OFFSET));
    if (inside(image, filterOffset, filterBytes)) {
      Varints.putFixed32(image, HEADER + NvmTableFormat.FILTER_CRC_OFFSET,
          Crc32c.mask(Crc32c.of(image, (int) filterOffset, (int) filterBytes)));
    }
    int superCrc = Crc32c.mask(Crc32c.of(image, HEADER, NvmTableFormat.SUPER_CRC_OFFSET));
    Varints.putFixed32(image, HEADER + NvmTableFormat.SUPER_CRC_OFFSET, superCrc);
    Varints.putFixed64(image, HEADER + NvmTableFormat.COMMIT_OFFSET, NvmTableFormat.commitWord(superCrc));
  }

  /** Whether a version 2 image differs from the original outside its container records [256, C). */
  private static boolean changedOutsideRecords(byte[] image, byte[] original) {
    int recordsFrom = HEADER + NvmTableFormat.SUPER_BLOCK_BYTES;
    int recordsTo = HEADER + (int) Varints.getFixed64(original, HEADER + NvmTableFormat.CONTAINER_BYTES_OFFSET);
    return !Arrays.equals(image, 0, recordsFrom, original, 0, recordsFrom)
        || !Arrays.equals(image, recordsTo, image.length, original, recordsTo, original.length);
  }

  private static boolean inside(byte[] image, long offset, long length) {
    return offset >= HEADER && length >= 0 && offset <= image.length - length;
  }
}
