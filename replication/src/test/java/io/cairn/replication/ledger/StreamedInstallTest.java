package io.cairn.replication.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.Crc32c;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.replication.codec.ArrivingBytes;
import io.cairn.testing.Property;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot ingested while its bytes arrive, in chunks of any size, ends in the database only
 * when committed, and then exactly as {@link LedgerSnapshot#restore} would leave it; abandoned,
 * damaged or incomplete, it leaves the database as it was.
 */
class StreamedInstallTest {
  private static final byte[] OLD_KEY = {(byte) 0xFF, 9};

  @TempDir Path dir;

  /** A snapshot of random pairs and the chunk sizes it arrives in. */
  private record Case(byte[] snapshot, int[] chunks) {
    @Override
    public String toString() {
      return snapshot.length + " bytes in chunks " + Arrays.toString(chunks);
    }
  }

  private static Case draw(SplittableRandom random) {
    int pairs = random.nextInt(200);
    List<byte[][]> list = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      byte[] key = {(byte) (i >> 8), (byte) i, (byte) random.nextInt(256)};
      byte[] value = new byte[random.nextInt(300)];
      random.nextBytes(value);
      list.add(new byte[][] {key, value});
    }
    byte[] snapshot = LedgerSnapshot.encode(list);
    List<Integer> chunks = new ArrayList<>();
    for (int left = snapshot.length; left > 0; ) {
      int chunk = Math.min(left, 1 + random.nextInt(random.nextBoolean() ? 7 : 4096));
      chunks.add(chunk);
      left -= chunk;
    }
    return new Case(snapshot, chunks.stream().mapToInt(Integer::intValue).toArray());
  }

  @Test
  void committedAfterArrivingInAnyChunksItEqualsARestore() {
    int[] trial = {0};
    Property.of("streamed install equals restore", StreamedInstallTest::draw).trials(40).check(c -> {
      try (Db db = Cairn.open(dir.resolve("db-" + trial[0]++), Options.defaults())) {
        db.put(OLD_KEY, new byte[] {1});
        ArrivingBytes bytes = new ArrivingBytes(c.snapshot().length);
        StreamedInstall install = new StreamedInstall(db, bytes, Crc32c.of(c.snapshot()), "test-ingest");
        feed(bytes, c.snapshot(), c.chunks());
        assertThat(install.matches(c.snapshot().length, Crc32c.of(c.snapshot()))).isTrue();
        assertThat(db.get(OLD_KEY)).as("nothing visible before the commit").containsExactly(1);
        assertThat(install.commit()).isTrue();
        assertThat(LedgerSnapshot.capture(db)).isEqualTo(c.snapshot());
      }
    });
  }

  @Test
  void abandonedHalfWayTheDatabaseIsUnchanged() {
    Case c = draw(new SplittableRandom(5));
    try (Db db = Cairn.open(dir.resolve("abandoned"), Options.defaults())) {
      db.put(OLD_KEY, new byte[] {1});
      ArrivingBytes bytes = new ArrivingBytes(c.snapshot().length);
      StreamedInstall install = new StreamedInstall(db, bytes, Crc32c.of(c.snapshot()), "test-ingest");
      bytes.append(Arrays.copyOf(c.snapshot(), c.snapshot().length / 2));
      install.abandon();
      assertThat(install.commit()).isFalse();
      assertThat(db.get(OLD_KEY)).containsExactly(1);
      assertThat(LedgerSnapshot.capture(db)).isEqualTo(LedgerSnapshot.encode(List.<byte[][]>of(
          new byte[][] {OLD_KEY, {1}})));
    }
  }

  @Test
  void aDamagedOrForeignSnapshotIsNotCommitted() {
    Case c = draw(new SplittableRandom(8));
    byte[] damaged = c.snapshot().clone();
    damaged[damaged.length / 2] ^= 0x10;
    // Damaged inside: the envelope's checksum fails even though the transfer's matches the bytes.
    assertNotCommitted("damaged", damaged, Crc32c.of(damaged));
    // Intact but not the transfer's data.
    assertNotCommitted("foreign", c.snapshot(), Crc32c.of(c.snapshot()) + 1);
  }

  @Test
  void committingAnIncompleteCopyFallsBack() {
    Case c = draw(new SplittableRandom(13));
    try (Db db = Cairn.open(dir.resolve("incomplete"), Options.defaults())) {
      db.put(OLD_KEY, new byte[] {1});
      ArrivingBytes bytes = new ArrivingBytes(c.snapshot().length);
      StreamedInstall install = new StreamedInstall(db, bytes, Crc32c.of(c.snapshot()), "test-ingest");
      bytes.append(Arrays.copyOf(c.snapshot(), c.snapshot().length - 1));
      assertThat(install.commit()).isFalse();
      assertThat(db.get(OLD_KEY)).containsExactly(1);
    }
  }

  private void assertNotCommitted(String name, byte[] snapshot, int checksum) {
    try (Db db = Cairn.open(dir.resolve(name), Options.defaults())) {
      db.put(OLD_KEY, new byte[] {1});
      ArrivingBytes bytes = new ArrivingBytes(snapshot.length);
      StreamedInstall install = new StreamedInstall(db, bytes, checksum, "test-ingest");
      bytes.append(snapshot);
      assertThat(install.commit()).as(name).isFalse();
      assertThat(db.get(OLD_KEY)).as(name).containsExactly(1);
    }
  }

  private static void feed(ArrivingBytes bytes, byte[] snapshot, int[] chunks) {
    int at = 0;
    for (int chunk : chunks) {
      bytes.append(Arrays.copyOfRange(snapshot, at, at + chunk));
      at += chunk;
    }
  }
}
