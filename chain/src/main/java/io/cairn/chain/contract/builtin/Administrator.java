package io.cairn.chain.contract.builtin;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.contract.ContractState;
import io.cairn.chain.contract.Invocation;
import java.util.Arrays;

/**
 * The member who deployed a built-in contract and administers it (the token's owner, the
 * registry's and the state data's administrator), kept under the key {@code 'a'}.
 */
final class Administrator {
  /** The state key of the administrator's member key. */
  static final byte[] KEY = {'a'};

  private Administrator() {}

  /** A deployment without arguments that records the deployer as administrator. */
  static void deploy(Invocation deployment, ContractState state) {
    new Arguments(deployment.args(), "deploy").end();
    state.put(KEY, deployment.caller().bytes());
  }

  /** Whether {@code member} administers the contract whose state is {@code state}. */
  static boolean is(ContractState state, MemberKey member) {
    return Arrays.equals(state.get(KEY), member.bytes());
  }
}
