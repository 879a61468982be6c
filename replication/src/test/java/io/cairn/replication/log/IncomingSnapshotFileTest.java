package io.cairn.replication.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.Crc32c;
import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotMetadata;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.replication.codec.ArrivingBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot's file streamed while the snapshot arrives: adopted by the log store (renamed, not
 * written again) when it stores that snapshot, spared by the store's pruning meanwhile, deleted
 * when it fails its checksum or is abandoned, and deleted at the next open when a crash left it.
 */
class IncomingSnapshotFileTest {
  private static final NodeId A = NodeId.fromPublicKey(new byte[] {1});

  @TempDir Path dir;

  @Test
  void aStreamedFileIsAdoptedWhenTheLogStoresItsSnapshot() throws IOException {
    Snapshot received = snapshot(40, 3, 300_000, 1);
    Path snapshots = dir.resolve("snapshots");
    try (Db db = Cairn.open(dir.resolve("log"), Options.defaults())) {
      EngineLogStorage engine = EngineLogStorage.open(db, snapshots);
      ArrivingBytes bytes = new ArrivingBytes(received.data().length);
      IncomingSnapshotFile file = new IncomingSnapshotFile(engine.snapshotDir(), 40, 3, Crc32c.of(received.data()),
          bytes, "test-file");
      bytes.append(Arrays.copyOf(received.data(), 1000));
      // The store saves and prunes a snapshot of its own meanwhile: the incoming file is spared.
      engine.append(List.of(new Entry(1, 1, EntryType.NORMAL, null), new Entry(2, 1, EntryType.NORMAL, null)));
      engine.saveSnapshot(snapshot(2, 1, 50, 2));
      engine.sync();
      bytes.append(Arrays.copyOfRange(received.data(), 1000, received.data().length));
      assertThat(file.await()).isTrue();
      assertThat(names(snapshots)).contains(name(received) + ".streamed");
      engine.applySnapshot(received);
      engine.sync();
      assertThat(names(snapshots)).containsExactly(name(received));
      assertThat(Files.readAllBytes(snapshots.resolve(name(received)))).isEqualTo(received.data());
    }
    try (Db db = Cairn.open(dir.resolve("log"), Options.defaults())) {
      assertThat(EngineLogStorage.open(db, snapshots).snapshot()).isEqualTo(received);
    }
  }

  @Test
  void aFileThatFailsItsChecksumOrIsAbandonedIsDeleted() throws IOException {
    Snapshot received = snapshot(7, 2, 10_000, 3);
    Path snapshots = dir.resolve("failed");
    Files.createDirectories(snapshots);
    ArrivingBytes wrong = new ArrivingBytes(received.data().length);
    IncomingSnapshotFile mismatched = new IncomingSnapshotFile(snapshots, 7, 2, Crc32c.of(received.data()) ^ 1,
        wrong, "test-file");
    wrong.append(received.data());
    assertThat(mismatched.await()).isFalse();
    ArrivingBytes half = new ArrivingBytes(received.data().length);
    IncomingSnapshotFile abandoned = new IncomingSnapshotFile(snapshots, 7, 2, Crc32c.of(received.data()), half,
        "test-file");
    half.append(Arrays.copyOf(received.data(), 5000));
    abandoned.discard();
    assertThat(abandoned.await()).isFalse();
    assertThat(names(snapshots)).isEmpty();
  }

  @Test
  void leftoversOfACrashAreDeletedWhenTheLogOpens() throws IOException {
    Path snapshots = dir.resolve("crashed");
    Files.createDirectories(snapshots);
    Files.write(snapshots.resolve("9-2-0000abcd.snap.incoming"), new byte[] {1, 2});
    Files.write(snapshots.resolve("9-2-0000abcd.snap.streamed"), new byte[] {3});
    try (Db db = Cairn.open(dir.resolve("crashed-log"), Options.defaults())) {
      EngineLogStorage.open(db, snapshots);
      assertThat(names(snapshots)).isEmpty();
    }
  }

  private static Snapshot snapshot(long index, long term, int bytes, long seed) {
    byte[] data = new byte[bytes];
    new SplittableRandom(seed).nextBytes(data);
    return new Snapshot(new SnapshotMetadata(index, term, Configuration.ofVoters(List.of(A))), data);
  }

  private static String name(Snapshot snapshot) {
    return snapshot.index() + "-" + snapshot.term() + "-" + String.format("%08x", Crc32c.of(snapshot.data())) + ".snap";
  }

  private static List<String> names(Path directory) throws IOException {
    try (var files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }
}
