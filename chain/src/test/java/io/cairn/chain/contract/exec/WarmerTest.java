package io.cairn.chain.contract.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.contract.AccessSet;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.StateKey;
import io.cairn.chain.contract.StateReader;
import io.cairn.chain.contract.builtin.BuiltIns;
import io.cairn.chain.contract.builtin.TokenContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Session 21's read-ahead: it must read ahead exactly the keys the calls declare (a wrong hash
 * would warm other lines and nobody would notice but the clock), pass over the calls whose keys
 * are not known, and change nothing it reads.
 */
class WarmerTest {
  private static final String TOKEN = "token";

  @Test
  void warmsTheStateKeysEachDeclaredCallNamesAndPassesOverTheOthers() {
    List<ContractCall> calls = new ArrayList<>();
    calls.add(TokenContract.transfer(TOKEN, member(1), member(2), 5, 1_000_000, true));
    calls.add(TokenContract.transfer(TOKEN, member(3), member(4), 5, 1_000_000, false)); // declares nothing
    calls.add(ContractCall.deploy(member(5), "other", TokenContract.CODE, new byte[0], 1_000_000, null));
    calls.add(ContractCall.call(member(6), "other", "run", new byte[0], 1_000_000,
        AccessSet.of(List.of("r".getBytes()), List.of("w".getBytes(), "v".getBytes()))));
    List<Long> warmed = new ArrayList<>();
    StateReader base = new StateReader() {
      @Override
      public byte[] get(StateKey key) {
        return null;
      }

      @Override
      public long warm(long hash) {
        warmed.add(hash);
        return 1;
      }
    };
    new Warmer(new CallRunner(BuiltIns.codeBook())).warm(calls, 0, calls.size(), null, base);

    List<Long> expected = new ArrayList<>();
    for (ContractCall call : List.of(calls.get(0), calls.get(3))) {
      AccessSet declared = call.declaredOrNull();
      for (int k = 0; k < declared.slots(); k++) {
        expected.add(StateKey.of(call.contract(), declared.slotKey(k)).hash64());
      }
    }
    assertThat(warmed).containsExactlyElementsOf(expected);
  }

  @Test
  void aTableWarmedIsUnchangedAndAKeyItHoldsReadsItsSlot() {
    for (boolean arena : new boolean[] {false, true}) {
      StateTable table = arena ? StateTable.withKeyArena(64, CallView.DELETED) : new StateTable(64, CallView.DELETED);
      Map<String, byte[]> model = new TreeMap<>();
      for (int i = 0; i < 40; i++) {
        StateKey key = StateKey.of(TOKEN, ("k" + i).getBytes());
        byte[] value = new byte[i % 12];
        table.put(key, value);
        model.put(key.toString(), value);
      }
      long sum = 0;
      for (int i = 0; i < 200; i++) {
        StateKey key = StateKey.of(TOKEN, ("k" + i).getBytes());
        long read = table.warm(key.hash64());
        if (i < 40) {
          assertThat(read).as("a held key's slot is not empty").isNotZero();
        }
        sum += read;
      }
      assertThat(sum).isNotZero();
      assertThat(table.size()).isEqualTo(model.size());
      for (var entry : model.entrySet()) {
        assertThat(table.get(StateKey.ofEngineKey(java.util.HexFormat.of().parseHex(entry.getKey()))))
            .isEqualTo(entry.getValue());
      }
    }
  }

  private static MemberKey member(int index) {
    byte[] key = new byte[MemberKey.BYTES];
    key[0] = 'm';
    key[31] = (byte) index;
    return MemberKey.of(key);
  }
}
