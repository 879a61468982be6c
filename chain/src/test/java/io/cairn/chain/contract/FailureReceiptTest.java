package io.cairn.chain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.contract.builtin.TokenContract;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Calls that throw, revert, run out of gas, touch undeclared keys or name what does not exist get
 * the same clear receipt from every executor, and nothing they wrote is kept.
 */
class FailureReceiptTest {
  private static final MemberKey ALICE = RandomBlocks.member(1, 9);
  private static final String NAME = "probe";

  /** A contract whose method names what it does: write then throw, write then revert, and so on. */
  private static final Contract PROBE = (call, state) -> {
    state.put(new byte[] {'w'}, new byte[] {1});
    switch (call.method()) {
      case "throw" -> throw new IllegalArgumentException("probe was told to throw");
      case "revert" -> throw new ContractException("probe refuses");
      case "loop" -> {
        while (true) {
          state.get(new byte[] {'x'});
        }
      }
      case "compute" -> {
        long x = 1;
        while (x != 0) { // never ends on its own: only the metered budget stops it
          state.meter(1);
          x = x * 6364136223846793005L + 1442695040888963407L | 1;
        }
      }
      case "steps" -> {
        for (int i = 0; i < 10; i++) {
          state.meter(1_000);
        }
      }
      case "negative-steps" -> state.meter(-1);
      case "undeclared" -> state.get(new byte[] {'u'});
      case "swallow" -> {
        try {
          state.get(new byte[] {'u'});
        } catch (RuntimeException ignored) {
          // a contract cannot catch its way out of a failed access
        }
      }
      case "recurse" -> recurse(0);
      case "long-key" -> state.put(new byte[GasSchedule.KEY_BYTES_MAX + 1], new byte[0]);
      default -> { }
    }
    return new byte[] {42};
  };

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  private static final CodeBook CODE = RandomBlocks.CODE.with(Map.of(NAME, PROBE));

  private static StateReader base() {
    Map<StateKey, byte[]> state = new HashMap<>();
    state.put(StateKey.binding(NAME), NAME.getBytes(StandardCharsets.US_ASCII));
    return RandomBlocks.state(state);
  }

  private static ContractCall call(String method, long gas, boolean declare) {
    AccessSet sets = declare ? AccessSet.of(List.of(new byte[] {'x'}), List.of(new byte[] {'w'})) : null;
    return ContractCall.call(ALICE, NAME, method, new byte[0], gas, sets);
  }

  private static Receipt only(ContractCall call) {
    BlockResult result = EveryExecutor.execute(CODE, List.of(call), base());
    if (!result.receipts().getFirst().status().ok()) {
      assertThat(result.writes()).as("a failed call writes nothing").isEmpty();
    }
    return result.receipts().getFirst();
  }

  @Test
  void aSuccessfulCallKeepsItsWritesAndOutput() {
    BlockResult result = EveryExecutor.execute(CODE, List.of(call("ok", 100_000, true)), base());
    Receipt receipt = result.receipts().getFirst();
    assertThat(receipt.status()).isEqualTo(ReceiptStatus.OK);
    assertThat(receipt.output()).containsExactly(42);
    long expectedGas = GasSchedule.CALL_BASE + GasSchedule.readCost(StateKey.binding(NAME).length())
        + GasSchedule.READ_PER_BYTE * NAME.length() + GasSchedule.writeCost(1, 1);
    assertThat(receipt.gasUsed()).isEqualTo(expectedGas);
    assertThat(result.writes()).containsOnlyKeys(StateKey.of(NAME, new byte[] {'w'}));
  }

  @Test
  void aThrowingContractFailsWithTheExceptionNamed() {
    Receipt receipt = only(call("throw", 100_000, true));
    assertThat(receipt.status()).isEqualTo(ReceiptStatus.FAILED);
    assertThat(receipt.message())
        .isEqualTo("contract threw java.lang.IllegalArgumentException: probe was told to throw");
  }

  @Test
  void aRefusalReverts() {
    Receipt receipt = only(call("revert", 100_000, false));
    assertThat(receipt.status()).isEqualTo(ReceiptStatus.REVERTED);
    assertThat(receipt.message()).isEqualTo("probe refuses");
  }

  @Test
  void runningOutOfGasUsesTheWholeLimit() {
    Receipt receipt = only(call("loop", 50_000, true));
    assertThat(receipt.status()).isEqualTo(ReceiptStatus.OUT_OF_GAS);
    assertThat(receipt.gasUsed()).isEqualTo(50_000);
    assertThat(receipt.message()).isEqualTo("gas limit 50000 exhausted");
  }

  @Test
  void aLoopWithoutStateAccessRunsOutOfItsMeteredBudget() {
    Receipt receipt = only(call("compute", 50_000, true));
    assertThat(receipt.status()).isEqualTo(ReceiptStatus.OUT_OF_GAS);
    assertThat(receipt.gasUsed()).isEqualTo(50_000);
    assertThat(receipt.message()).isEqualTo("gas limit 50000 exhausted");
  }

  @Test
  void meteredStepsAndArgumentBytesAreCharged() {
    long okGas = only(call("ok", 100_000, true)).gasUsed();
    Receipt steps = only(call("steps", 100_000, true));
    assertThat(steps.status()).isEqualTo(ReceiptStatus.OK);
    assertThat(steps.gasUsed()).isEqualTo(okGas + 10 * 1_000 * GasSchedule.STEP);
    assertThat(only(call("steps", okGas + 9_999, true)).status()).as("one step short").isEqualTo(ReceiptStatus.OUT_OF_GAS);
    ContractCall withArgs = ContractCall.call(ALICE, NAME, "ok", new byte[100], 100_000, null);
    assertThat(only(withArgs).gasUsed()).isEqualTo(okGas + 100 * GasSchedule.ARG_PER_BYTE);
    Receipt negative = only(call("negative-steps", 100_000, false));
    assertThat(negative.status()).isEqualTo(ReceiptStatus.FAILED);
    assertThat(negative.message()).isEqualTo("metered a negative number of steps: -1");
  }

  @Test
  void anUndeclaredKeyFailsTheCallBeforeItIsRead() {
    Receipt receipt = only(call("undeclared", 100_000, true));
    assertThat(receipt.status()).isEqualTo(ReceiptStatus.UNDECLARED_ACCESS);
    assertThat(receipt.message()).isEqualTo("read of key 75 outside the declared sets of probe");
    assertThat(only(call("undeclared", 100_000, false)).status()).as("without declared sets any key may be read")
        .isEqualTo(ReceiptStatus.OK);
  }

  @Test
  void catchingAFailedAccessDoesNotTurnItIntoSuccess() {
    Receipt receipt = only(call("swallow", 100_000, true));
    assertThat(receipt.status()).isEqualTo(ReceiptStatus.UNDECLARED_ACCESS);
  }

  @Test
  void stackOverflowAndBadKeysFailClearly() {
    assertThat(only(call("recurse", 100_000, false)).message()).startsWith("contract threw java.lang.StackOverflowError");
    Receipt longKey = only(call("long-key", 100_000, false));
    assertThat(longKey.status()).isEqualTo(ReceiptStatus.BAD_ACCESS);
    assertThat(longKey.message()).isEqualTo("key of 1025 bytes exceeds 1024");
  }

  @Test
  void unknownContractsCodesAndSecondDeploymentsFail() {
    MemberKey bob = RandomBlocks.member(2, 9);
    List<ContractCall> calls = List.of(
        ContractCall.call(bob, "coin", "balance", TokenContract.amountArgs(bob, 0), 100_000, null),
        ContractCall.deploy(bob, "coin", "no-such-code", new byte[0], 100_000, null),
        ContractCall.deploy(bob, "coin", TokenContract.CODE, new byte[0], 100_000, null),
        ContractCall.deploy(ALICE, "coin", TokenContract.CODE, new byte[0], 100_000, null),
        ContractCall.call(bob, "coin", "mint", TokenContract.amountArgs(ALICE, 5), 100_000, null),
        ContractCall.call(ALICE, "coin", "mint", TokenContract.amountArgs(ALICE, 5), 100_000, null));
    BlockResult result = EveryExecutor.execute(CODE, calls, base());
    assertThat(result.receipts()).extracting(Receipt::status).containsExactly(ReceiptStatus.UNKNOWN_CONTRACT,
        ReceiptStatus.UNKNOWN_CODE, ReceiptStatus.OK, ReceiptStatus.ALREADY_DEPLOYED, ReceiptStatus.OK,
        ReceiptStatus.REVERTED);
    assertThat(result.receipts().get(3).message()).isEqualTo("contract coin is already deployed");
    assertThat(result.receipts().get(5).message()).isEqualTo("only the owner may mint");
  }
}
