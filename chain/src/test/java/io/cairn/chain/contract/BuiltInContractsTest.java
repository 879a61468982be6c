package io.cairn.chain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.contract.builtin.BuiltIns;
import io.cairn.chain.contract.builtin.EnterpriseRegistry;
import io.cairn.chain.contract.builtin.StateDataContract;
import io.cairn.chain.contract.builtin.TokenContract;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in contracts' rules, each block run by every executor. */
class BuiltInContractsTest {
  private static final MemberKey ADMIN = RandomBlocks.member(1, 7);
  private static final MemberKey ALICE = RandomBlocks.member(2, 7);
  private static final MemberKey BOB = RandomBlocks.member(3, 7);
  private static final long GAS = 1_000_000;

  private static BlockResult run(List<ContractCall> calls) {
    return EveryExecutor.execute(BuiltIns.codeBook(), calls, RandomBlocks.state(java.util.Map.of()));
  }

  private static ContractCall call(MemberKey caller, String contract, String method, byte[] args) {
    return ContractCall.call(caller, contract, method, args, GAS, null);
  }

  private static List<ReceiptStatus> statuses(BlockResult result) {
    return result.receipts().stream().map(Receipt::status).toList();
  }

  @Test
  void tokenMintsTransfersAndRefusesOverdrafts() {
    List<ContractCall> calls = new ArrayList<>();
    calls.add(ContractCall.deploy(ADMIN, "coin", TokenContract.CODE, new byte[0], GAS, null));
    calls.add(TokenContract.mint("coin", ADMIN, ALICE, 100, GAS, true));
    calls.add(TokenContract.transfer("coin", ALICE, BOB, 30, GAS, true));
    calls.add(TokenContract.transfer("coin", BOB, ALICE, 31, GAS, false));
    calls.add(TokenContract.mint("coin", ALICE, ALICE, 1, GAS, false));
    calls.add(call(BOB, "coin", "balance", TokenContract.amountArgs(BOB, 0)));
    calls.add(call(BOB, "coin", "balance", BOB.bytes()));
    calls.add(call(BOB, "coin", "burn", new byte[0]));
    calls.add(call(BOB, "coin", "transfer", new byte[10]));
    BlockResult result = run(calls);
    assertThat(statuses(result)).containsExactly(ReceiptStatus.OK, ReceiptStatus.OK, ReceiptStatus.OK,
        ReceiptStatus.REVERTED, ReceiptStatus.REVERTED, ReceiptStatus.REVERTED, ReceiptStatus.OK, ReceiptStatus.REVERTED,
        ReceiptStatus.REVERTED);
    assertThat(result.receipts().get(8).message()).startsWith("malformed arguments of transfer at offset 0");
    assertThat(result.receipts().get(3).message()).isEqualTo("insufficient balance: 30 < 31");
    assertThat(result.receipts().get(5).message()).startsWith("malformed arguments of balance at offset 32");
    assertThat(TokenContract.balance(result.receipts().get(6).output())).isEqualTo(30);
    assertThat(TokenContract.balance(result.writes().get(StateKey.of("coin", TokenContract.balanceKey(ALICE)))))
        .isEqualTo(70);
  }

  @Test
  void registryEntriesBelongToWhoRegisteredThem() {
    byte[] profile = "Acme Ltd, Kunming".getBytes(StandardCharsets.UTF_8);
    List<ContractCall> calls = List.of(
        ContractCall.deploy(ADMIN, "registry", EnterpriseRegistry.CODE, new byte[0], GAS, null),
        call(ALICE, "registry", "register", EnterpriseRegistry.profileArgs("acme", profile)),
        call(BOB, "registry", "register", EnterpriseRegistry.profileArgs("acme", new byte[1])),
        call(BOB, "registry", "update", EnterpriseRegistry.profileArgs("acme", new byte[1])),
        call(ALICE, "registry", "update", EnterpriseRegistry.profileArgs("acme", new byte[] {9})),
        call(BOB, "registry", "lookup", EnterpriseRegistry.idArgs("acme")),
        call(BOB, "registry", "remove", EnterpriseRegistry.idArgs("acme")),
        call(ADMIN, "registry", "remove", EnterpriseRegistry.idArgs("acme")),
        call(BOB, "registry", "lookup", EnterpriseRegistry.idArgs("acme")));
    BlockResult result = run(calls);
    assertThat(statuses(result)).containsExactly(ReceiptStatus.OK, ReceiptStatus.OK, ReceiptStatus.REVERTED,
        ReceiptStatus.REVERTED, ReceiptStatus.OK, ReceiptStatus.OK, ReceiptStatus.REVERTED, ReceiptStatus.OK,
        ReceiptStatus.REVERTED);
    assertThat(result.receipts().get(2).message()).isEqualTo("enterprise acme is already registered");
    assertThat(result.receipts().get(3).message()).isEqualTo("only the owner of acme may change it");
    byte[] expected = java.util.Arrays.copyOf(ALICE.bytes(), 33);
    expected[32] = 9;
    assertThat(result.receipts().get(5).output()).isEqualTo(expected);
    assertThat(result.receipts().get(6).message()).isEqualTo("only the owner or the administrator may remove acme");
    assertThat(result.writes().get(StateKey.of("registry", EnterpriseRegistry.entryKey("acme")))).isNull();
  }

  @Test
  void stateDataUpdatesFollowTheAccessRules() {
    List<ContractCall> calls = List.of(
        ContractCall.deploy(ADMIN, "data", StateDataContract.CODE, new byte[0], GAS, null),
        call(ALICE, "data", "update", StateDataContract.updateArgs("q3-report", new byte[] {1})),
        call(ALICE, "data", "grant", StateDataContract.grantArgs("q3-report", ALICE)),
        call(ADMIN, "data", "grant", StateDataContract.grantArgs("q3-report", ALICE)),
        call(ALICE, "data", "update", StateDataContract.updateArgs("q3-report", new byte[] {2})),
        call(ALICE, "data", "update", StateDataContract.updateArgs("q3-report", new byte[] {3})),
        call(ADMIN, "data", "revoke", StateDataContract.grantArgs("q3-report", ALICE)),
        call(ALICE, "data", "update", StateDataContract.updateArgs("q3-report", new byte[] {4})),
        call(BOB, "data", "read", StateDataContract.readArgs("q3-report")));
    BlockResult result = run(calls);
    assertThat(statuses(result)).containsExactly(ReceiptStatus.OK, ReceiptStatus.REVERTED, ReceiptStatus.REVERTED,
        ReceiptStatus.OK, ReceiptStatus.OK, ReceiptStatus.OK, ReceiptStatus.OK, ReceiptStatus.REVERTED, ReceiptStatus.OK);
    assertThat(result.receipts().get(2).message()).isEqualTo("only the administrator may grant");
    assertThat(result.receipts().get(8).output()).containsExactly(2, 0, 0, 0, 0, 0, 0, 0, 3);
  }
}
