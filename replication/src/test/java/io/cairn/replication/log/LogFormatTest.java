package io.cairn.replication.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.common.CorruptionException;

/** The log's record decoders accept only what their encoders write (or refuse). */
class LogFormatTest {
  @FuzzTest(maxDuration = "10s")
  void decodersAcceptOnlyCanonicalRecords(byte[] input) {
    try {
      assertThat(LogFormat.encodeEntry(LogFormat.decodeEntry(input))).isEqualTo(input);
    } catch (CorruptionException refused) {
      // refused: fine
    }
    try {
      assertThat(LogFormat.encodeHardState(LogFormat.decodeHardState(input))).isEqualTo(input);
    } catch (CorruptionException refused) {
      // refused: fine
    }
    try {
      assertThat(LogFormat.encodeSnapshot(LogFormat.decodeSnapshot(input))).isEqualTo(input);
    } catch (CorruptionException refused) {
      // refused: fine
    }
    try {
      assertThat(LogFormat.encodeSnapshotFile(LogFormat.decodeSnapshotFile(input))).isEqualTo(input);
    } catch (CorruptionException refused) {
      // refused: fine
    }
    try {
      assertThat(LogFormat.encodeCompacted(LogFormat.decodeCompacted(input))).isEqualTo(input);
    } catch (CorruptionException refused) {
      // refused: fine
    }
  }
}
