package io.cairn.replication.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.common.CorruptionException;
import io.cairn.replication.codec.ArrivingBytes;
import io.cairn.testing.Property;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The snapshot decoder hands each pair out where its bytes lie ({@code keyArray}/{@code
 * valueArray}: inside a received piece, or copied into a scratch buffer when a field straddles
 * two pieces): however the bytes are cut into pieces, it reads the same pairs, and refuses the
 * same inputs, as the decoder of a whole array.
 */
class SnapshotPairsTest {
  /** A snapshot of random pairs and the piece sizes it arrives in. */
  private record Case(byte[] snapshot, int[] pieces) {
    @Override
    public String toString() {
      return snapshot.length + " bytes in pieces " + Arrays.toString(pieces);
    }
  }

  private static Case draw(SplittableRandom random) {
    int pairs = random.nextInt(120);
    List<byte[][]> list = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      byte[] key = new byte[3 + random.nextInt(random.nextBoolean() ? 4 : 200)];
      random.nextBytes(key);
      key[0] = (byte) (i >> 8);
      key[1] = (byte) i;
      byte[] value = new byte[random.nextInt(random.nextBoolean() ? 5 : 2000)];
      random.nextBytes(value);
      list.add(new byte[][] {key, value});
    }
    byte[] snapshot = LedgerSnapshot.encode(list);
    return new Case(snapshot, cuts(snapshot.length, random));
  }

  private static int[] cuts(int length, SplittableRandom random) {
    List<Integer> pieces = new ArrayList<>();
    for (int left = length; left > 0; ) {
      int piece = Math.min(left, 1 + random.nextInt(random.nextBoolean() ? 9 : 3000));
      pieces.add(piece);
      left -= piece;
    }
    return pieces.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void inAnyPiecesTheSlicesAreThePairsOfTheWholeArray() {
    Property.of("slices equal the whole array's pairs", SnapshotPairsTest::draw).trials(200).check(c -> {
      assertThat(slices(arriving(c.snapshot(), c.pieces()))).containsExactlyElementsOf(whole(c.snapshot()));
    });
  }

  @Test
  void keysOutOfOrderAcrossAPieceBoundaryAreRefused() {
    List<byte[][]> pairs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      pairs.add(new byte[][] {new byte[] {7, (byte) i, 1, 2, 3}, new byte[] {(byte) i}});
    }
    java.util.Collections.swap(pairs, 30, 31);
    byte[] snapshot = LedgerSnapshot.encode(pairs);
    // Pieces of 3 bytes: most keys straddle two pieces and sit in the scratch buffer.
    int[] pieces = new int[(snapshot.length + 2) / 3];
    Arrays.fill(pieces, 3);
    pieces[pieces.length - 1] = snapshot.length - 3 * (pieces.length - 1);
    assertThatThrownBy(() -> slices(arriving(snapshot, pieces))).isInstanceOf(CorruptionException.class)
        .hasMessageContaining("not strictly ascending");
  }

  /**
   * Any input, cut into pieces by its first byte: the slices decode exactly what the whole-array
   * decoder does, and refuse exactly what it refuses.
   */
  @FuzzTest(maxDuration = "10s")
  void slicesDecodeWhatTheWholeArrayDecodes(byte[] input) {
    if (input.length < 1) {
      return;
    }
    byte[] snapshot = Arrays.copyOfRange(input, 1, input.length);
    int[] pieces = cuts(snapshot.length, new SplittableRandom(input[0]));
    List<String> expected;
    try {
      expected = whole(snapshot);
    } catch (CorruptionException refused) {
      assertThatThrownBy(() -> slices(arriving(snapshot, pieces))).isInstanceOf(CorruptionException.class);
      return;
    }
    assertThat(slices(arriving(snapshot, pieces))).containsExactlyElementsOf(expected);
  }

  private static ArrivingBytes arriving(byte[] snapshot, int[] pieces) {
    ArrivingBytes bytes = new ArrivingBytes(snapshot.length);
    int at = 0;
    for (int piece : pieces) {
      bytes.append(Arrays.copyOfRange(snapshot, at, at + piece));
      at += piece;
    }
    return bytes;
  }

  /** The pairs read through the slice accessors, each as "key=value" in hex. */
  private static List<String> slices(ArrivingBytes bytes) {
    List<String> out = new ArrayList<>();
    SnapshotPairs pairs = new SnapshotPairs(bytes, crc -> { });
    while (pairs.next()) {
      byte[] key = Arrays.copyOfRange(pairs.keyArray(), pairs.keyOffset(), pairs.keyOffset() + pairs.keyLength());
      byte[] value = Arrays.copyOfRange(pairs.valueArray(), pairs.valueOffset(),
          pairs.valueOffset() + pairs.valueLength());
      assertThat(pairs.key()).isEqualTo(key);
      assertThat(pairs.value()).isEqualTo(value);
      out.add(hex(key) + "=" + hex(value));
    }
    return out;
  }

  /** The pairs of {@code snapshot} decoded from the whole array (envelope checked first). */
  private static List<String> whole(byte[] snapshot) {
    List<String> out = new ArrayList<>();
    io.cairn.lsm.api.SortedPairs pairs = LedgerSnapshot.pairs(snapshot);
    while (pairs.next()) {
      out.add(hex(pairs.key()) + "=" + hex(pairs.value()));
    }
    return out;
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }
}
