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
  private static final byte[] TABLE_IMAGE;
  private static final byte[] CONTAINER_IMAGE;

  static {
    CrashSimulatingDirectory directory = new CrashSimulatingDirectory();
    TableFixtures.build(directory, 1, NvmTableOptions.defaults().withEpsilon(2), CONTENTS).close();
    byte[] table = null;
    byte[] container = null;
    for (CrashImage image : directory.crashImages(0)) {
      if (image.name().equals("000001.nvt")) {
        table = image.bytes();
      } else {
        container = image.bytes();
      }
    }
    TABLE_IMAGE = table;
    CONTAINER_IMAGE = container;
  }

  private static TreeMap<byte[], byte[]> reference() {
    SplittableRandom random = new SplittableRandom(99);
    TreeMap<byte[], byte[]> contents = TableFixtures.randomContentsOfSize(random, 40, 300);
    contents.put(new byte[36], new byte[70]);
    return contents;
  }

  @FuzzTest(maxDuration = "10s")
  void openingAnyTableBytesNeverMisbehaves(FuzzedDataProvider data) {
    byte[] table = TABLE_IMAGE.clone();
    byte[] container = CONTAINER_IMAGE.clone();
    int mutations = data.consumeInt(0, 12);
    for (int i = 0; i < mutations; i++) {
      byte[] target = data.consumeBoolean() ? container : table;
      target[data.consumeInt(HEADER, target.length - 1)] = data.consumeByte();
    }
    boolean resigned = data.consumeBoolean();
    if (resigned) {
      resign(table);
    }
    boolean tableChanged = !Arrays.equals(table, TABLE_IMAGE);
    ImageDirectory directory = new ImageDirectory().put("000001.nvt", table).put("000001.nvc", container);
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
      readEverything(reader, exact);
      List<byte[]> probes = new ArrayList<>(List.of(new byte[0], new byte[36]));
      for (int i = 0; i < 6; i++) {
        probes.add(data.consumeBytes(40));
      }
      for (byte[] probe : probes) {
        seek(reader, probe, exact);
      }
    }
  }

  /** Reads every entry by position and by iterator; with an unchanged table, each one is right or refused. */
  private static void readEverything(NvmTable table, boolean exact) {
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
        assertThat(damagedRecord).hasMessageContaining("000001.nvc");
      }
    }
  }

  private static void seek(NvmTable table, byte[] probe, boolean exact) {
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
      assertThat(damagedRecord).hasMessageContaining("000001.nvc");
    }
  }

  /** Recomputes the entry block, meta block, filter and super block checksums and the commit word, where the fields allow. */
  private static void resign(byte[] image) {
    long entries = Integer.toUnsignedLong(Varints.getFixed32(image, HEADER + NvmTableFormat.ENTRY_COUNT_OFFSET));
    long slotBytes = Integer.toUnsignedLong(Varints.getFixed32(image, HEADER + NvmTableFormat.SLOT_BYTES_OFFSET));
    long metaOffset = Varints.getFixed64(image, HEADER + NvmTableFormat.META_OFFSET_OFFSET);
    long blocks = (entries + NvmTableFormat.BLOCK_ENTRIES - 1) / NvmTableFormat.BLOCK_ENTRIES;
    for (long block = 0; block < Math.min(blocks, 64); block++) {
      long meta = HEADER + metaOffset + block * NvmTableFormat.META_BLOCK_BYTES;
      long count = Math.min(NvmTableFormat.BLOCK_ENTRIES, entries - block * NvmTableFormat.BLOCK_ENTRIES);
      long slots = HEADER + NvmTableFormat.SUPER_BLOCK_BYTES + block * NvmTableFormat.BLOCK_ENTRIES * slotBytes;
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

  private static boolean inside(byte[] image, long offset, long length) {
    return offset >= HEADER && length >= 0 && offset <= image.length - length;
  }
}
