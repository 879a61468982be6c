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
