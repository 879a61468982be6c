package io.cairn.chain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A result that takes ownership of its executor's receipt array ({@link BlockResult#owning},
 * session 16) is the result the copying constructor makes of the same receipts: equal receipts in
 * block order, the same digest, unmodifiable; a missing receipt is refused, naming the call.
 */
class BlockResultTest {
  @Test
  void anOwnedArrayGivesTheResultOfACopiedList() {
    SplittableRandom random = new SplittableRandom(16);
    for (int trial = 0; trial < 200; trial++) {
      Receipt[] receipts = new Receipt[random.nextInt(40)];
      for (int i = 0; i < receipts.length; i++) {
        receipts[i] = random.nextBoolean() ? Receipt.ok(random.nextInt(5_000))
            : new Receipt(ReceiptStatus.REVERTED, random.nextInt(5_000), new byte[0], "no " + i);
      }
      Map<StateKey, byte[]> writes = Map.of(StateKey.of("c", new byte[] {(byte) trial}), new byte[] {1, 2});
      BlockResult copied = new BlockResult(Arrays.asList(receipts.clone()), writes);
      BlockResult owned = BlockResult.owning(receipts, writes);
      assertThat(owned.receipts()).containsExactly(receipts).isEqualTo(copied.receipts());
      assertThat(owned.digest()).isEqualTo(copied.digest());
      assertThatThrownBy(() -> owned.receipts().set(0, Receipt.ok(1))).isInstanceOf(UnsupportedOperationException.class);
    }
    Receipt[] missing = {Receipt.ok(1), null, Receipt.ok(2)};
    assertThatThrownBy(() -> BlockResult.owning(missing, Map.of())).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("call 1");
  }
}
