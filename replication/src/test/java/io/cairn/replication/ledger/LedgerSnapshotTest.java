package io.cairn.replication.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerSnapshotTest {
  @TempDir Path dir;

  @Test
  void restoreReplacesEveryPairAndCaptureIsCanonical() {
    try (Db source = Cairn.open(dir.resolve("a"), Options.defaults());
        Db target = Cairn.open(dir.resolve("b"), Options.defaults())) {
      SplittableRandom random = new SplittableRandom(11);
      for (int i = 0; i < 300; i++) {
        byte[] key = new byte[1 + random.nextInt(20)];
        random.nextBytes(key);
        byte[] value = new byte[random.nextInt(100)];
        random.nextBytes(value);
        source.put(key, value);
      }
      target.put(new byte[] {9, 9}, new byte[] {1});
      byte[] snapshot = LedgerSnapshot.capture(source);
      LedgerSnapshot.restore(target, snapshot);
      assertThat(LedgerSnapshot.capture(target)).isEqualTo(snapshot);
      assertThat(target.get(new byte[] {9, 9})).isNull();
      snapshot[snapshot.length / 2] ^= 4;
      assertThatThrownBy(() -> LedgerSnapshot.restore(target, snapshot)).isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void aSnapshotThatFailsHalfWayLeavesTheDatabaseAsItWas() {
    try (Db target = Cairn.open(dir.resolve("c"), Options.defaults())) {
      target.put(new byte[] {9, 9}, new byte[] {1});
      List<byte[][]> pairs = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        pairs.add(new byte[][] {new byte[] {(byte) (i >> 8), (byte) i}, new byte[] {(byte) i}});
      }
      // Checksummed and well formed, but two keys out of order near the end.
      java.util.Collections.swap(pairs, 900, 901);
      byte[] snapshot = LedgerSnapshot.encode(pairs);
      assertThatThrownBy(() -> LedgerSnapshot.restore(target, snapshot)).isInstanceOf(CorruptionException.class)
          .hasMessageContaining("not strictly ascending");
      assertThat(target.get(new byte[] {9, 9})).containsExactly(1);
      assertThat(target.get(new byte[] {0, 1})).isNull();
    }
  }

  /** The decoder accepts only canonical snapshots: it re-encodes exactly what it read. */
  @FuzzTest(maxDuration = "10s")
  void decoderAcceptsOnlyCanonicalSnapshots(byte[] input) {
    WriteBatch batch = new WriteBatch();
    try {
      LedgerSnapshot.decode(input, batch);
    } catch (CorruptionException refused) {
      return;
    }
    List<byte[][]> pairs = new ArrayList<>();
    batch.forEach(new WriteBatch.Handler() {
      @Override
      public void put(byte[] key, byte[] value) {
        pairs.add(new byte[][] {key, value});
      }

      @Override
      public void delete(byte[] key) {
        throw new AssertionError("a snapshot decodes to puts only");
      }
    });
    assertThat(LedgerSnapshot.encode(pairs, input[0] & 0xff)).isEqualTo(input);
  }

  /**
   * Session 18: snapshots are written as version 2 (their ledger's index values may be of version
   * 6, which older code cannot read, so older code refuses them whole); version 1 snapshots of older
   * members, the same layout, are still installed; any other version is refused.
   */
  @Test
  void version2IsWrittenAndVersion1StillInstalls() {
    List<byte[][]> pairs = List.of(new byte[][] {{'a'}, {'x'}}, new byte[][] {{'b'}, {}});
    byte[] written = LedgerSnapshot.encode(pairs);
    assertThat(written[0]).isEqualTo((byte) 2);
    byte[] old = LedgerSnapshot.encode(pairs, LedgerSnapshot.VERSION_INDEX_5);
    assertThat(old[0]).isEqualTo((byte) 1);
    assertThat(java.util.Arrays.copyOfRange(old, 1, old.length - 4))
        .isEqualTo(java.util.Arrays.copyOfRange(written, 1, written.length - 4));
    try (Db target = Cairn.open(dir.resolve("d"), Options.defaults())) {
      for (byte[] snapshot : List.of(old, written)) {
        target.put(new byte[] {9}, new byte[] {9});
        LedgerSnapshot.restore(target, snapshot);
        assertThat(target.get(new byte[] {'a'})).containsExactly('x');
        assertThat(target.get(new byte[] {9})).isNull();
      }
      byte[] three = LedgerSnapshot.encode(pairs, 3);
      assertThatThrownBy(() -> LedgerSnapshot.restore(target, three)).isInstanceOf(CorruptionException.class)
          .hasMessageContaining("unknown version 3");
      byte[] zero = LedgerSnapshot.encode(pairs, 0);
      assertThatThrownBy(() -> LedgerSnapshot.restore(target, zero)).isInstanceOf(CorruptionException.class)
          .hasMessageContaining("unknown version 0");
    }
  }
}
