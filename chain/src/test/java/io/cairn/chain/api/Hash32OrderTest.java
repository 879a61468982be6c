package io.cairn.chain.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Hash32#compareTo} (8 bytes at a time since session 19) orders hashes exactly as
 * unsigned lexicographic byte order ({@code Arrays.compareUnsigned}), and {@link Hash32#prefix}
 * orders them the same way whenever two prefixes differ: what the ledger's apply sorts a run's
 * record hashes by, so that the first anchor in log order keeps winning.
 */
class Hash32OrderTest {
  /** Two hashes: {@code shared} equal leading bytes, then random bytes (high bits included). */
  record Pair(byte[] a, byte[] b) {
    @Override
    public String toString() {
      return HexFormat.of().formatHex(a) + " vs " + HexFormat.of().formatHex(b);
    }
  }

  @Test
  void compareToAndThePrefixOrderAsUnsignedBytesDo() {
    Property.of("Hash32 order equals unsigned byte order", Hash32OrderTest::pairs)
        .shrinkWith(Shrinkers.list())
        .trials(200)
        .check(pairs -> {
          for (Pair pair : pairs) {
            Hash32 a = Hash32.of(pair.a());
            Hash32 b = Hash32.of(pair.b());
            int expected = Integer.signum(Arrays.compareUnsigned(pair.a(), pair.b()));
            assertThat(Integer.signum(a.compareTo(b))).as("%s", pair).isEqualTo(expected);
            assertThat(Integer.signum(b.compareTo(a))).as("%s reversed", pair).isEqualTo(-expected);
            int byPrefix = Long.compareUnsigned(a.prefix(), b.prefix());
            if (byPrefix != 0) {
              assertThat(Integer.signum(byPrefix)).as("prefix of %s", pair).isEqualTo(expected);
            } else {
              assertThat(Arrays.equals(pair.a(), 0, 8, pair.b(), 0, 8)).as("equal prefixes of %s", pair).isTrue();
            }
          }
        });
  }

  private static List<Pair> pairs(SplittableRandom random) {
    List<Pair> pairs = new ArrayList<>();
    int count = random.nextInt(1, 40);
    for (int i = 0; i < count; i++) {
      byte[] a = new byte[Hash32.BYTES];
      byte[] b = new byte[Hash32.BYTES];
      for (int j = 0; j < a.length; j++) {
        a[j] = (byte) random.nextInt(256);
        b[j] = (byte) random.nextInt(256);
      }
      int shared = random.nextInt(Hash32.BYTES + 1);
      System.arraycopy(a, 0, b, 0, shared);
      if (shared < Hash32.BYTES && random.nextBoolean()) {
        // differ in the high bit only, where a signed comparison goes wrong
        b[shared] = (byte) (a[shared] ^ 0x80);
      }
      pairs.add(new Pair(a, b));
    }
    return pairs;
  }
}
