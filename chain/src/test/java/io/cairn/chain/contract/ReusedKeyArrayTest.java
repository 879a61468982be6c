package io.cairn.chain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.MemberKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The state view reuses the state keys of a call's recent accesses; these pin down that it goes
 * by the key's bytes, never the array: a contract that changes one array between accesses
 * touches different keys, and a call touching more keys than the view remembers still reads its
 * own writes. Exact values are asserted (every executor shares the view, so agreement between
 * executors alone would not catch a wrong key).
 */
class ReusedKeyArrayTest {
  private static final MemberKey ALICE = RandomBlocks.member(1, 7);
  private static final String NAME = "rekey";
  private static final int KEYS = 10; // more than the view remembers

  /** Writes key k_i := i + 1 for i < KEYS through one array, then reads them back in reverse. */
  private static final Contract REKEY = (call, state) -> {
    byte[] key = {'k', 0};
    for (int i = 0; i < KEYS; i++) {
      key[1] = (byte) i;
      state.put(key, new byte[] {(byte) (i + 1)});
    }
    key[1] = 3;
    state.delete(key); // the same array again, now naming k_3
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    for (int i = KEYS - 1; i >= 0; i--) {
      key[1] = (byte) i;
      byte[] value = state.get(key);
      read.write(value == null ? 0 : value[0]);
    }
    key[1] = 0;
    state.put(key, new byte[] {99}); // the last write of k_0 wins
    return read.toByteArray();
  };

  private static final CodeBook CODE = RandomBlocks.CODE.with(Map.of(NAME, REKEY));

  @Test
  void oneArrayChangedBetweenAccessesNamesDifferentKeys() {
    assertRekeyed(null);
  }

  /**
   * Declared (session 12): a declared call's state keys are kept per slot of its {@link AccessSet}
   * and found by the key's bytes, so the same array names a different slot after each change; with
   * 10 keys the set is looked up through its index, with the keys split over both sets (some in
   * both) the writes come first; with only the first 8 written keys declared it is scanned.
   */
  @Test
  void oneArrayChangedBetweenAccessesNamesDifferentDeclaredKeys() {
    List<byte[]> all = new ArrayList<>();
    List<byte[]> someReads = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      all.add(new byte[] {'k', (byte) i});
      if (i % 3 == 0) {
        someReads.add(new byte[] {'k', (byte) i});
      }
    }
    assertRekeyed(AccessSet.of(List.of(), all));
    assertRekeyed(AccessSet.of(someReads, all));
    assertRekeyed(AccessSet.of(all, all));
  }

  @Test
  void aScannedDeclaredSetFailsTheFirstUndeclaredKeyAlike() {
    List<byte[]> eight = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      eight.add(new byte[] {'k', (byte) i});
    }
    BlockResult result = run(AccessSet.of(List.of(), eight));
    Receipt receipt = result.receipts().getFirst();
    assertThat(receipt.status()).isEqualTo(ReceiptStatus.UNDECLARED_ACCESS);
    assertThat(receipt.message()).contains("write of key 6b08");
    assertThat(result.writes()).isEmpty();
  }

  private static BlockResult run(AccessSet declared) {
    Map<StateKey, byte[]> state = new HashMap<>();
    state.put(StateKey.binding(NAME), NAME.getBytes(StandardCharsets.US_ASCII));
    return EveryExecutor.execute(CODE, List.of(ContractCall.call(ALICE, NAME, "go", new byte[0], 1_000_000, declared)),
        RandomBlocks.state(state));
  }

  private static void assertRekeyed(AccessSet declared) {
    BlockResult result = run(declared);
    Receipt receipt = result.receipts().getFirst();
    assertThat(receipt.status()).as(receipt.toString()).isEqualTo(ReceiptStatus.OK);
    assertThat(receipt.output()).containsExactly(10, 9, 8, 7, 6, 5, 0, 3, 2, 1);
    assertThat(result.writes()).hasSize(KEYS);
    for (int i = 0; i < KEYS; i++) {
      byte[] expected = i == 0 ? new byte[] {99} : i == 3 ? null : new byte[] {(byte) (i + 1)};
      StateKey key = StateKey.of(NAME, new byte[] {'k', (byte) i});
      assertThat(result.writes()).containsKey(key);
      assertThat(result.writes().get(key)).as("k_%d", i).isEqualTo(expected);
    }
  }
}
