package io.cairn.bench.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CairnIoException;
import io.cairn.common.Crc32c;
import io.cairn.replication.codec.ArrivingBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest side of {@code bench snapshot-wire --ingest}: a real snapshot ingests, a damaged one fails the run. */
class WireIngestTest {
  @TempDir Path folder;

  @Test
  void aCapturedLedgerSnapshotIngestsAndItsDatabaseIsDeletedAfterwards() throws Exception {
    byte[] snapshot = WireIngest.snapshot(1, folder.resolve("scratch"));
    assertThat(snapshot.length).as("about 1 MB of pairs").isBetween(900_000, 1_100_000);
    WireIngest ingest = new WireIngest(folder);
    ingest.start(ArrivingBytes.of(snapshot), Crc32c.of(snapshot));
    ingest.commit();
    assertThat(ingest.commitNanos()).isPositive();
    try (var left = Files.list(folder)) {
      assertThat(left.toList()).as("scratch and ingest databases deleted").isEmpty();
    }
  }

  @Test
  void aDamagedSnapshotFailsTheIngestAndSaysSo() {
    byte[] snapshot = WireIngest.snapshot(1, folder.resolve("scratch"));
    byte[] damaged = Arrays.copyOf(snapshot, snapshot.length);
    damaged[damaged.length / 2] ^= 0x01;
    WireIngest ingest = new WireIngest(folder);
    ingest.start(ArrivingBytes.of(damaged), Crc32c.of(snapshot));
    assertThatThrownBy(ingest::commit).isInstanceOf(CairnIoException.class).hasMessageContaining("ingest failed");
  }
}
