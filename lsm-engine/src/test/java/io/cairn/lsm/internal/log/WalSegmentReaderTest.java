package io.cairn.lsm.internal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.common.CorruptionException;
import io.cairn.common.Varints;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A WAL segment of version 2 names its first sequence number in its start marker, and says where
 * it ends; one of version 1 (no marker) is still read; a missing marker (an empty file, or one cut
 * short before it) is reported as such, a record in its place that is not a marker is corruption.
 */
class WalSegmentReaderTest {
  private static final Path FILE = Path.of("/db/000007.log");
  private final InMemoryFileLayer files = new InMemoryFileLayer();

  @Test
  void aMarkedSegmentStartsAtItsMarkerAndEndsAfterItsLastBatch() {
    try (LogWriter writer = LogWriter.create(files.createAppendFile(FILE), LogFormat.KIND_WAL, 7)) {
      add(writer, WalStartMarker.encode(5));
      add(writer, LegacyWal.batch(5, 2));
      add(writer, LegacyWal.batch(7, 1));
    }
    WalSegmentReader reader = open(TailPolicy.REFUSE_ANY);
    assertThat(reader.startSequence()).isEqualTo(5);
    assertThat(reader.nextSequence()).isEqualTo(5);
    assertThat(readAll(reader)).hasSize(2);
    assertThat(reader.nextSequence()).isEqualTo(8);
  }

  @Test
  void aSegmentWithoutItsMarkerIsMissingIt() {
    files.setContents(FILE, new byte[0]);
    assertThat(open(TailPolicy.DROP_TORN_TAIL).startSequence()).isEqualTo(WalSegmentReader.MISSING);
    LogWriter.create(files.createAppendFile(FILE), LogFormat.KIND_WAL, 7).close();
    WalSegmentReader headerOnly = open(TailPolicy.REFUSE_ANY);
    assertThat(headerOnly.startSequence()).isEqualTo(WalSegmentReader.MISSING);
    assertThat(headerOnly.nextBatch()).isNull();
    assertThat(headerOnly.nextSequence()).isEqualTo(-1);
  }

  @Test
  void aMarkerCutShortIsMissingAndATornTailOfTheDefaultPolicy() {
    try (LogWriter writer = LogWriter.create(files.createAppendFile(FILE), LogFormat.KIND_WAL, 7)) {
      add(writer, WalStartMarker.encode(5));
    }
    byte[] whole = files.contents(FILE);
    files.setContents(FILE, java.util.Arrays.copyOf(whole, whole.length - 3));
    WalSegmentReader reader = open(TailPolicy.DROP_TORN_TAIL);
    assertThat(reader.startSequence()).isEqualTo(WalSegmentReader.MISSING);
    assertThat(reader.droppedTail()).isNotNull();
  }

  @Test
  void aBatchInPlaceOfTheMarkerIsCorruption() {
    try (LogWriter writer = LogWriter.create(files.createAppendFile(FILE), LogFormat.KIND_WAL, 7)) {
      add(writer, LegacyWal.batch(5, 1));
    }
    assertThatThrownBy(() -> open(TailPolicy.DROP_TORN_TAIL)).isInstanceOf(CorruptionException.class)
        .hasMessageContaining("start marker");
  }

  @Test
  void impossibleSequenceNumbersAreCorruption() {
    try (LogWriter writer = LogWriter.create(files.createAppendFile(FILE), LogFormat.KIND_WAL, 7)) {
      add(writer, WalStartMarker.encode(5));
      add(writer, LegacyWal.batch(0, 1));
    }
    WalSegmentReader reader = open(TailPolicy.DROP_TORN_TAIL);
    assertThatThrownBy(reader::nextBatch).isInstanceOf(CorruptionException.class).hasMessageContaining("impossible");
    byte[] zeroMarker = new byte[WalStartMarker.BYTES];
    assertThatThrownBy(() -> WalStartMarker.decode(zeroMarker, FILE, 31)).isInstanceOf(CorruptionException.class);
  }

  @Test
  void aVersionOneSegmentHasNoMarkerAndIsReadAsBefore() {
    files.setContents(FILE, LegacyWal.versionOneSegment(7, LegacyWal.batch(3, 2), LegacyWal.batch(5, 1)));
    WalSegmentReader reader = open(TailPolicy.REFUSE_ANY);
    assertThat(reader.startSequence()).isEqualTo(WalSegmentReader.UNMARKED);
    assertThat(reader.nextSequence()).isEqualTo(-1);
    assertThat(readAll(reader)).hasSize(2);
    assertThat(reader.nextSequence()).isEqualTo(6);
  }

  @Test
  void aVersionTheReaderDoesNotKnowIsRefused() {
    byte[] header = LegacyWal.versionOneHeader(7);
    Varints.putFixed32(header, LogFormat.FILE_HEADER_VERSION_OFFSET, 3);
    files.setContents(FILE, LegacyWal.fragment(header));
    assertThatThrownBy(() -> open(TailPolicy.DROP_TORN_TAIL)).isInstanceOf(CorruptionException.class)
        .hasMessageContaining("version 3");
  }

  /** Any bytes: the segment reader returns batches or raises CorruptionException, nothing else. */
  @FuzzTest(maxDuration = "10s")
  void segmentReaderOfArbitraryBytesOnlyFailsWithCorruption(byte[] input) {
    files.setContents(FILE, input);
    for (TailPolicy policy : TailPolicy.values()) {
      try {
        WalSegmentReader reader = open(policy);
        long start = reader.startSequence();
        for (byte[] batch = reader.nextBatch(); batch != null; batch = reader.nextBatch()) {
          assertThat(batch.length).isGreaterThanOrEqualTo(BatchFormat.HEADER_BYTES);
          assertThat(BatchFormat.firstSequence(batch, 0)).isPositive();
        }
        assertThat(start).isGreaterThanOrEqualTo(WalSegmentReader.MISSING);
      } catch (CorruptionException expected) {
        // Bad bytes are allowed to be refused, never to crash the reader.
      }
    }
  }

  private static void add(LogWriter writer, byte[] record) {
    writer.addRecord(record, 0, record.length);
  }

  private WalSegmentReader open(TailPolicy policy) {
    return WalSegmentReader.open(files.openSequential(FILE), 7, policy);
  }

  private static List<byte[]> readAll(WalSegmentReader reader) {
    List<byte[]> batches = new ArrayList<>();
    for (byte[] batch = reader.nextBatch(); batch != null; batch = reader.nextBatch()) {
      batches.add(batch);
    }
    return batches;
  }
}
