package io.cairn.chain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The shared receipts of calls that succeeded with no output. */
class ReceiptTest {
  @Test
  void anOkReceiptIsTheBuiltOneAndIsSharedForTheSameGas() {
    SplittableRandom random = new SplittableRandom(22);
    for (int i = 0; i < 2_000; i++) {
      long gas = random.nextInt(4) == 0 ? 1_892 : random.nextLong(GasSchedule.LIMIT_MAX + 1);
      Receipt shared = Receipt.ok(gas);
      Receipt built = new Receipt(ReceiptStatus.OK, gas, new byte[0], "");
      assertThat(shared).isEqualTo(built);
      assertThat(shared.encode()).isEqualTo(built.encode());
      assertThat(shared.gasUsed()).isEqualTo(gas);
      assertThat(Receipt.ok(gas)).as("the same gas right after").isSameAs(shared);
    }
    assertThat(Receipt.ok(64)).isNotEqualTo(Receipt.ok(0)); // one slot, two gas figures
  }
}
