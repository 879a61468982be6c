package io.cairn.lsm.internal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import io.cairn.lsm.internal.fs.AppendFile;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogTest {
  private static final Path FILE = Path.of("/db/000007.log");
  private final InMemoryFileLayer files = new InMemoryFileLayer();

  @Test
  void recordsOfEverySizeRoundTrip() {
    Property.of("log read back equals records written", LogTest::randomRecordSizes)
        .shrinkWith(Shrinkers.list())
        .trials(200)
        .check(sizes -> {
          List<byte[]> written = write(sizes);
          assertThat(readAll(TailPolicy.REFUSE_ANY)).containsExactlyElementsOf(written);
        });
  }

  @Test
  void emptyFileIsAnEmptyLog() {
    files.createAppendFile(FILE).close();
    assertThat(readAll(TailPolicy.REFUSE_ANY)).isEmpty();
  }

  @Test
  void recordEndingLessThanAHeaderBeforeTheBlockEndLeavesAZeroTrailer() {
    int first = LogFormat.BLOCK_BYTES - 2 * LogFormat.HEADER_BYTES - LogFormat.FILE_HEADER_BYTES - 3;
    List<byte[]> written = write(List.of(first, 10));
    assertThat(files.contents(FILE)).hasSize(LogFormat.BLOCK_BYTES + LogFormat.HEADER_BYTES + 10);
    assertThat(readAll(TailPolicy.REFUSE_ANY)).containsExactlyElementsOf(written);
  }

  @Test
  void truncatedTrailingRecordIsDroppedAsATornTail() {
    List<byte[]> written = write(List.of(100, 50_000, 30));
    byte[] bytes = files.contents(FILE);
    files.setContents(FILE, Arrays.copyOf(bytes, bytes.length - 5));
    LogReader reader = reader(TailPolicy.DROP_TORN_TAIL);
    assertThat(readAll(reader)).containsExactlyElementsOf(written.subList(0, 2));
    assertThat(reader.droppedTail()).isNotNull();
    assertThat(reader.droppedTail().offset()).isGreaterThan(LogFormat.BLOCK_BYTES);
  }

  @Test
  void truncatedFragmentedRecordIsDroppedAsATornTail() {
    List<byte[]> written = write(List.of(100, 80_000));
    byte[] bytes = files.contents(FILE);
    files.setContents(FILE, Arrays.copyOf(bytes, LogFormat.BLOCK_BYTES + 1000));
    assertThat(readAll(TailPolicy.DROP_TORN_TAIL)).containsExactlyElementsOf(written.subList(0, 1));
  }

  @Test
  void tornTailIsRefusedByParanoidChecks() {
    write(List.of(100, 200));
    byte[] bytes = files.contents(FILE);
    files.setContents(FILE, Arrays.copyOf(bytes, bytes.length - 1));
    assertThatThrownBy(() -> readAll(TailPolicy.REFUSE_ANY))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining(FILE.toString())
        .hasMessageContaining("paranoid");
  }

  @Test
  void corruptLastRecordIsATornTail() {
    List<byte[]> written = write(List.of(100, 200));
    byte[] bytes = files.contents(FILE);
    bytes[bytes.length - 3] ^= 0x40;
    files.setContents(FILE, bytes);
    assertThat(readAll(TailPolicy.DROP_TORN_TAIL)).containsExactlyElementsOf(written.subList(0, 1));
  }

  @Test
  void truncationOnlyPolicyDropsACutShortRecordButRefusesABadChecksum() {
    List<byte[]> written = write(List.of(100, 200));
    byte[] bytes = files.contents(FILE);
    files.setContents(FILE, Arrays.copyOf(bytes, bytes.length - 20));
    assertThat(readAll(TailPolicy.DROP_TRUNCATED_TAIL)).containsExactlyElementsOf(written.subList(0, 1));
    bytes[bytes.length - 20] ^= 0x04;
    files.setContents(FILE, bytes);
    assertThatThrownBy(() -> readAll(TailPolicy.DROP_TRUNCATED_TAIL))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("checksum");
  }

  @Test
  void damageFollowedByIntactRecordsIsCorruptionNamingTheFileAndOffset() {
    write(List.of(100, 200, 300));
    byte[] bytes = files.contents(FILE);
    int secondRecordPayload = LogFormat.HEADER_BYTES + LogFormat.FILE_HEADER_BYTES + LogFormat.HEADER_BYTES + 100
        + LogFormat.HEADER_BYTES + 10;
    bytes[secondRecordPayload] ^= 0x01;
    files.setContents(FILE, bytes);
    assertThatThrownBy(() -> readAll(TailPolicy.DROP_TORN_TAIL))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining(FILE.toString())
        .hasMessageContaining("offset " + (secondRecordPayload - 10 - LogFormat.HEADER_BYTES))
        .hasMessageContaining("intact records follow");
  }

  @Test
  void damageInAnEarlierBlockIsCorruptionEvenWhenItsLengthIsBroken() {
    write(List.of(100, 40_000, 300));
    byte[] bytes = files.contents(FILE);
    int lengthOfSecond = LogFormat.HEADER_BYTES + LogFormat.FILE_HEADER_BYTES + LogFormat.HEADER_BYTES + 100
        + LogFormat.LENGTH_OFFSET;
    bytes[lengthOfSecond + 1] ^= (byte) 0x7f;
    files.setContents(FILE, bytes);
    assertThatThrownBy(() -> readAll(TailPolicy.DROP_TORN_TAIL)).isInstanceOf(CorruptionException.class);
  }

  @Test
  void zeroFilledTailIsATornTail() {
    List<byte[]> written = write(List.of(100));
    byte[] bytes = files.contents(FILE);
    files.setContents(FILE, Arrays.copyOf(bytes, bytes.length + 4096));
    assertThat(readAll(TailPolicy.DROP_TORN_TAIL)).containsExactlyElementsOf(written);
  }

  @Test
  void fileOfAnotherKindOrNumberIsRefused() {
    write(List.of(10));
    assertThatThrownBy(() -> readAll(new LogReader(files.openSequential(FILE), LogFormat.KIND_MANIFEST, 7,
        TailPolicy.DROP_TORN_TAIL))).isInstanceOf(CorruptionException.class).hasMessageContaining("expected a MANIFEST");
    assertThatThrownBy(() -> readAll(new LogReader(files.openSequential(FILE), LogFormat.KIND_WAL, 8,
        TailPolicy.DROP_TORN_TAIL))).isInstanceOf(CorruptionException.class).hasMessageContaining("file number 7");
  }

  @Test
  void failedAppendIsRolledBackSoLaterRecordsStayReadable() {
    AppendFile file = files.createAppendFile(FILE);
    LogWriter writer = LogWriter.create(file, LogFormat.KIND_WAL, 7);
    writer.addRecord(payload(1, 100), 0, 100);
    files.setSpaceLeftBytes(50);
    assertThatThrownBy(() -> writer.addRecord(payload(2, 40_000), 0, 40_000))
        .isInstanceOf(CairnIoException.class)
        .hasMessageContaining("No space left on device");
    files.setSpaceLeftBytes(Long.MAX_VALUE);
    writer.addRecord(payload(3, 300), 0, 300);
    writer.close();
    assertThat(readAll(TailPolicy.REFUSE_ANY)).containsExactly(payload(1, 100), payload(3, 300));
  }

  /** Any bytes: the reader returns records or raises CorruptionException, nothing else. */
  @FuzzTest(maxDuration = "10s")
  void readerOfArbitraryBytesOnlyFailsWithCorruption(byte[] input) {
    files.setContents(FILE, input);
    for (TailPolicy policy : TailPolicy.values()) {
      try {
        readAll(policy);
      } catch (CorruptionException expected) {
        // Bad bytes are allowed to be refused, never to crash the reader.
      }
    }
  }

  /**
   * Numbered checksums (session 14): log 8 written over the bytes of log 7 (same record sizes, so
   * the same offsets; other bytes), cut at a random point past which log 7's bytes show, as on a
   * recycled pmem extent whose length word outlived the lines it covers. The reader of log 8
   * returns exactly log 8's records that end before the cut and drops the rest as a torn tail:
   * never one of log 7's records, never a refusal.
   */
  @Test
  void numberedChecksumsNeverReturnAnEarlierLogsRecordFromStaleBytes() {
    Property.of("stale bytes of log 7 past the cut never read as log 8's records", random -> {
          List<Integer> sizes = randomRecordSizes(random);
          return List.of(sizes, List.of(random.nextInt(1 << 30)));
        })
        .trials(200)
        .check(input -> {
          List<Integer> sizes = input.get(0);
          byte[] old = encode(sizes, 7, 100);
          List<byte[]> records = new ArrayList<>();
          byte[] fresh = encodeInto(sizes, 8, 200, records);
          int cut = input.get(1).get(0) % (fresh.length + 1);
          byte[] image = Arrays.copyOf(old, Math.max(old.length, fresh.length));
          System.arraycopy(fresh, 0, image, 0, cut);
          files.setContents(FILE, image);
          List<byte[]> read = readAll(new LogReader(files.openSequential(FILE), LogFormat.KIND_WAL, 8,
              TailPolicy.DROP_TORN_TAIL, true));
          // The stale bytes may happen to equal the fresh ones for a few bytes past the cut.
          int intact = Arrays.mismatch(fresh, 0, fresh.length, image, 0, fresh.length);
          intact = intact < 0 ? fresh.length : intact;
          List<Integer> ends = recordEnds(sizes);
          int complete = 0;
          while (complete < sizes.size() && ends.get(complete) <= intact) {
            complete++;
          }
          assertThat(read).as("records of log 8 intact before byte %d (cut at %d)", intact, cut)
              .containsExactlyElementsOf(records.subList(0, complete));
        });
  }

  @Test
  void aNumberedLogReadsBackOnlyWithItsOwnNumberedChecksums() {
    List<byte[]> records = new ArrayList<>();
    files.setContents(FILE, encodeInto(List.of(10, 50_000, 3), 7, 0, records));
    assertThat(readAll(new LogReader(files.openSequential(FILE), LogFormat.KIND_WAL, 7, TailPolicy.REFUSE_ANY, true)))
        .containsExactlyElementsOf(records);
    assertThatThrownBy(() -> readAll(new LogReader(files.openSequential(FILE), LogFormat.KIND_WAL, 7,
        TailPolicy.REFUSE_ANY, false))).isInstanceOf(CorruptionException.class).hasMessageContaining("checksum");
    assertThat(LogFormat.checksumSeed(7)).isNotEqualTo(LogFormat.checksumSeed(8)).isNotZero();
  }

  /**
   * Damage past the file's synced bytes ({@code durableBytes}, pmem WAL version 2) is a torn tail
   * even when intact records follow it; below them it stays corruption.
   */
  @Test
  void damageFollowedByIntactRecordsPastTheSyncedBytesIsATornTail() {
    write(List.of(100, 200, 300));
    byte[] bytes = readBytes();
    int second = LogFormat.HEADER_BYTES + LogFormat.FILE_HEADER_BYTES + LogFormat.HEADER_BYTES + 100;
    bytes[second + LogFormat.HEADER_BYTES + 5] ^= 1;
    files.setContents(FILE, bytes);
    assertThat(readAll(new LogReader(synced(second), LogFormat.KIND_WAL, 7, TailPolicy.DROP_TORN_TAIL)))
        .containsExactly(payload(0, 100));
    assertThatThrownBy(() -> readAll(new LogReader(synced(second + 1), LogFormat.KIND_WAL, 7, TailPolicy.DROP_TORN_TAIL)))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("intact records follow");
    assertThatThrownBy(() -> readAll(new LogReader(synced(second), LogFormat.KIND_WAL, 7, TailPolicy.REFUSE_ANY)))
        .isInstanceOf(CorruptionException.class);
  }

  /** The log file, saying that its first {@code durable} bytes were synced. */
  private io.cairn.lsm.internal.fs.SequentialReadFile synced(long durable) {
    io.cairn.lsm.internal.fs.SequentialReadFile inner = files.openSequential(FILE);
    return new io.cairn.lsm.internal.fs.SequentialReadFile() {
      @Override
      public Path path() {
        return inner.path();
      }

      @Override
      public int read(byte[] target, int offset, int length) {
        return inner.read(target, offset, length);
      }

      @Override
      public long durableBytes() {
        return durable;
      }

      @Override
      public void close() {
        inner.close();
      }
    };
  }

  private byte[] readBytes() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (var file = files.openSequential(FILE)) {
      byte[] buffer = new byte[4096];
      for (int n; (n = file.read(buffer, 0, buffer.length)) > 0; ) {
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  /** Any bytes, read as a log with numbered checksums: records or CorruptionException, nothing else. */
  @FuzzTest(maxDuration = "10s")
  void numberedReaderOfArbitraryBytesOnlyFailsWithCorruption(byte[] input) {
    files.setContents(FILE, input);
    for (TailPolicy policy : TailPolicy.values()) {
      try {
        readAll(new LogReader(files.openSequential(FILE), LogFormat.KIND_WAL, 7, policy, true));
      } catch (CorruptionException expected) {
        // Bad bytes are allowed to be refused, never to crash the reader.
      }
    }
  }

  /** The bytes of log {@code number} (numbered checksums) holding records of {@code sizes}. */
  private byte[] encode(List<Integer> sizes, long number, int payloadSeed) {
    return encodeInto(sizes, number, payloadSeed, new ArrayList<>());
  }

  private byte[] encodeInto(List<Integer> sizes, long number, int payloadSeed, List<byte[]> records) {
    InMemoryFileLayer scratch = new InMemoryFileLayer();
    try (LogWriter writer = LogWriter.create(scratch.createAppendFile(FILE), LogFormat.KIND_WAL, number, true)) {
      for (int i = 0; i < sizes.size(); i++) {
        byte[] record = payload(payloadSeed + i, sizes.get(i));
        writer.addRecord(record, 0, record.length);
        records.add(record);
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (var file = scratch.openSequential(FILE)) {
      byte[] buffer = new byte[4096];
      for (int n; (n = file.read(buffer, 0, buffer.length)) > 0; ) {
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  /** The file offset at which each record of {@code sizes} ends (after the file header record). */
  private List<Integer> recordEnds(List<Integer> sizes) {
    List<Integer> ends = new ArrayList<>();
    int position = 0;
    int block = 0;
    List<Integer> all = new ArrayList<>();
    all.add(LogFormat.FILE_HEADER_BYTES);
    all.addAll(sizes);
    for (int size : all) {
      int remaining = size;
      do {
        if (LogFormat.BLOCK_BYTES - block < LogFormat.HEADER_BYTES) {
          position += LogFormat.BLOCK_BYTES - block;
          block = 0;
        }
        int fragment = Math.min(remaining, LogFormat.BLOCK_BYTES - block - LogFormat.HEADER_BYTES);
        position += LogFormat.HEADER_BYTES + fragment;
        block += LogFormat.HEADER_BYTES + fragment;
        remaining -= fragment;
      } while (remaining > 0);
      ends.add(position);
    }
    return ends.subList(1, ends.size());
  }

  private static List<Integer> randomRecordSizes(SplittableRandom random) {
    List<Integer> sizes = new ArrayList<>();
    int count = random.nextInt(1, 40);
    for (int i = 0; i < count; i++) {
      int kind = random.nextInt(10);
      sizes.add(kind < 6 ? random.nextInt(200) : kind < 9 ? random.nextInt(40_000) : random.nextInt(200_000));
    }
    return sizes;
  }

  private List<byte[]> write(List<Integer> sizes) {
    List<byte[]> written = new ArrayList<>();
    try (LogWriter writer = LogWriter.create(files.createAppendFile(FILE), LogFormat.KIND_WAL, 7)) {
      for (int i = 0; i < sizes.size(); i++) {
        byte[] record = payload(i, sizes.get(i));
        writer.addRecord(record, 0, record.length);
        written.add(record);
      }
      writer.sync();
    }
    return written;
  }

  private static byte[] payload(int seed, int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }

  private LogReader reader(TailPolicy policy) {
    return new LogReader(files.openSequential(FILE), LogFormat.KIND_WAL, 7, policy);
  }

  private List<byte[]> readAll(TailPolicy policy) {
    return readAll(reader(policy));
  }

  private static List<byte[]> readAll(LogReader reader) {
    List<byte[]> records = new ArrayList<>();
    for (byte[] record = reader.readRecord(); record != null; record = reader.readRecord()) {
      records.add(record);
    }
    return records;
  }
}
