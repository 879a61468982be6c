package io.cairn.chain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.contract.builtin.BuiltIns;
import io.cairn.chain.contract.builtin.EnterpriseRegistry;
import io.cairn.chain.contract.builtin.TokenContract;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contract state lives in the engine: committed blocks survive a reopen; the cache never lies. */
class ContractStoreTest {
  private static final MemberKey OWNER = RandomBlocks.member(1, 5);
  private static final MemberKey ALICE = RandomBlocks.member(2, 5);
  private static final long GAS = 1_000_000;

  @TempDir Path directory;

  @Test
  void committedBlocksAreReadBackAfterAReopen() {
    List<ContractCall> first = List.of(
        ContractCall.deploy(OWNER, "coin", TokenContract.CODE, new byte[0], GAS, null),
        TokenContract.mint("coin", OWNER, ALICE, 500, GAS, true),
        ContractCall.deploy(OWNER, "registry", EnterpriseRegistry.CODE, new byte[0], GAS, null),
        ContractCall.call(ALICE, "registry", "register", EnterpriseRegistry.profileArgs("acme", new byte[] {1}), GAS,
            null));
    List<ContractCall> second = List.of(
        TokenContract.transfer("coin", ALICE, OWNER, 200, GAS, true),
        ContractCall.call(ALICE, "registry", "remove", EnterpriseRegistry.idArgs("acme"), GAS, null));
    try (Db db = Cairn.open(directory, Options.defaults())) {
      for (int cache : new int[] {0, 2, 1_000}) {
        ContractStore store = new ContractStore(db, WriteOptions.SYNC, cache);
        if (cache == 0) {
          store.commit(EveryExecutor.execute(BuiltIns.codeBook(), first, store));
          assertThat(store.codeOf("coin")).isEqualTo(TokenContract.CODE);
          BlockResult result = EveryExecutor.execute(BuiltIns.codeBook(), second, store);
          assertThat(result.count(ReceiptStatus.OK)).isEqualTo(2);
          store.commit(result);
        }
        assertThat(TokenContract.balance(store.get("coin", TokenContract.balanceKey(ALICE)))).isEqualTo(300);
        assertThat(TokenContract.balance(store.get("coin", TokenContract.balanceKey(OWNER)))).isEqualTo(200);
        assertThat(store.get("registry", EnterpriseRegistry.entryKey("acme"))).isNull();
      }
    }
    try (Db db = Cairn.open(directory, Options.defaults())) {
      ContractStore store = new ContractStore(db, WriteOptions.SYNC, 100);
      assertThat(TokenContract.balance(store.get("coin", TokenContract.balanceKey(ALICE)))).isEqualTo(300);
      assertThat(store.codeOf("registry")).isEqualTo(EnterpriseRegistry.CODE);
      assertThat(store.codeOf("nothing")).isNull();
    }
  }

  @Test
  void theCacheFollowsCommitsIncludingDeletions() {
    try (Db db = Cairn.open(directory, Options.defaults())) {
      ContractStore store = new ContractStore(db, WriteOptions.DEFAULT, 1_000);
      List<ContractCall> register = List.of(
          ContractCall.deploy(OWNER, "registry", EnterpriseRegistry.CODE, new byte[0], GAS, null),
          ContractCall.call(ALICE, "registry", "register", EnterpriseRegistry.profileArgs("acme", new byte[] {1}), GAS,
              null));
      store.commit(EveryExecutor.execute(BuiltIns.codeBook(), register, store));
      byte[] entry = store.get("registry", EnterpriseRegistry.entryKey("acme"));
      assertThat(entry).isNotNull();
      entry[0] ^= 1; // a caller's copy: changing it changes nothing stored
      assertThat(store.get("registry", EnterpriseRegistry.entryKey("acme"))).isNotEqualTo(entry);
      store.commit(EveryExecutor.execute(BuiltIns.codeBook(), List.of(
          ContractCall.call(ALICE, "registry", "remove", EnterpriseRegistry.idArgs("acme"), GAS, null)), store));
      assertThat(store.get("registry", EnterpriseRegistry.entryKey("acme"))).isNull();
      assertThat(new ContractStore(db, WriteOptions.DEFAULT).get("registry", EnterpriseRegistry.entryKey("acme")))
          .isNull();
    }
  }
}
