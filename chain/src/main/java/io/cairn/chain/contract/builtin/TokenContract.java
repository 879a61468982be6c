package io.cairn.chain.contract.builtin;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.contract.AccessSet;
import io.cairn.chain.contract.Contract;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.ContractException;
import io.cairn.chain.contract.ContractState;
import io.cairn.chain.contract.Invocation;
import io.cairn.common.Varints;

/**
 * A fungible token (code name {@value #CODE}), the benchmarks' simple transfer. The deployer is
 * the owner (its administrator, key {@code 'a'}), the only one who may mint. Balances are u64 little-endian under {@code 'b' ||
 * member key}; an absent balance is 0.
 *
 * <ul>
 *   <li>{@code mint(to: [32], amount: u64)}: owner only; adds to {@code to}'s balance.
 *   <li>{@code transfer(to: [32], amount: u64)}: moves {@code amount} from the caller to {@code
 *       to}; reverts "insufficient balance" when the caller has less.
 *   <li>{@code balance(of: [32])}: outputs the balance as u64.
 * </ul>
 */
public final class TokenContract implements Contract {
  /** The code name to deploy. */
  public static final String CODE = "token";
  private static final byte[] NO_OUTPUT = new byte[0];
  /** The first byte of a balance's key. */
  private static final byte BALANCE = 'b';
  /** A balance key's length: {@code 'b'} and the member's key. */
  private static final int BALANCE_KEY_BYTES = 1 + MemberKey.BYTES;

  @Override
  public void deploy(Invocation deployment, ContractState state) {
    Administrator.deploy(deployment, state);
  }

  @Override
  public byte[] invoke(Invocation call, ContractState state) {
    Arguments args = new Arguments(call.args(), call.method());
    switch (call.method()) {
      case "mint" -> {
        byte[] key = args.memberKey(BALANCE); // the receiver's balance key
        long amount = args.amount();
        args.end();
        if (!Administrator.is(state, call.caller())) {
          throw new ContractException("only the owner may mint");
        }
        state.put(key, u64(add(balance(state.get(key)), amount)));
        return NO_OUTPUT;
      }
      case "transfer" -> {
        byte[] toKey = args.memberKey(BALANCE); // the receiver's balance key
        long amount = args.amount();
        args.end();
        byte[] fromKey = balanceKey(call.caller());
        long from = balance(state.get(fromKey));
        if (from < amount) {
          throw new ContractException("insufficient balance: " + from + " < " + amount);
        }
        state.put(fromKey, u64(from - amount));
        state.put(toKey, u64(add(balance(state.get(toKey)), amount)));
        return NO_OUTPUT;
      }
      case "balance" -> {
        byte[] key = args.memberKey(BALANCE);
        args.end();
        return u64(balance(state.get(key)));
      }
      default -> throw new ContractException("token has no method " + call.method());
    }
  }

  /** The state key of {@code member}'s balance. */
  public static byte[] balanceKey(MemberKey member) {
    byte[] key = new byte[BALANCE_KEY_BYTES];
    putBalanceKey(member, key, 0);
    return key;
  }

  /** Arguments of {@code mint} and {@code transfer}. */
  public static byte[] amountArgs(MemberKey to, long amount) {
    return Arguments.writer(40).raw(to.bytes()).u64(amount).toByteArray();
  }

  /**
   * A transfer of {@code amount} from {@code from} to {@code to} on the token deployed as {@code
   * contract}, declaring its sets (both balances written) when {@code declare}.
   */
  public static ContractCall transfer(String contract, MemberKey from, MemberKey to, long amount, long gasLimit,
      boolean declare) {
    return ContractCall.call(from, contract, "transfer", amountArgs(to, amount), gasLimit,
        declare ? transferSet(from, to) : null);
  }

  /** A mint by the owner, declaring its sets when {@code declare}. */
  public static ContractCall mint(String contract, MemberKey owner, MemberKey to, long amount, long gasLimit,
      boolean declare) {
    return ContractCall.call(owner, contract, "mint", amountArgs(to, amount), gasLimit, declare ? mintSet(to) : null);
  }

  /**
   * A transfer's declared sets, both balances written, laid out flat as {@link
   * AccessSet#ofCanonical} takes them (session 14): the two keys written straight into one array
   * in their sorted order (a balance key's order is its member key's), no array per key, no list;
   * one key when a member pays itself.
   */
  private static AccessSet transferSet(MemberKey from, MemberKey to) {
    int order = from.compareTo(to);
    if (order == 0) {
      return AccessSet.ofCanonical(balanceKey(from), new int[] {0, BALANCE_KEY_BYTES}, 1);
    }
    byte[] keys = new byte[2 * BALANCE_KEY_BYTES];
    putBalanceKey(order < 0 ? from : to, keys, 0);
    putBalanceKey(order < 0 ? to : from, keys, BALANCE_KEY_BYTES);
    return AccessSet.ofCanonical(keys, new int[] {0, BALANCE_KEY_BYTES, 2 * BALANCE_KEY_BYTES}, 2);
  }

  /** A mint's declared sets, laid out flat: {@code to}'s balance written, the administrator key read. */
  private static AccessSet mintSet(MemberKey to) {
    byte[] keys = new byte[BALANCE_KEY_BYTES + Administrator.KEY.length];
    putBalanceKey(to, keys, 0);
    System.arraycopy(Administrator.KEY, 0, keys, BALANCE_KEY_BYTES, Administrator.KEY.length);
    return AccessSet.ofCanonical(keys, new int[] {0, BALANCE_KEY_BYTES, keys.length}, 1);
  }

  private static void putBalanceKey(MemberKey member, byte[] target, int offset) {
    target[offset] = BALANCE;
    member.copyTo(target, offset + 1);
  }

  /** The balance an encoded value holds (absent = 0). */
  public static long balance(byte[] value) {
    if (value == null) {
      return 0;
    }
    if (value.length != 8) {
      throw new ContractException("corrupt balance of " + value.length + " bytes");
    }
    return Varints.getFixed64(value, 0);
  }

  private static long add(long balance, long amount) {
    if (balance > Long.MAX_VALUE - amount) {
      throw new ContractException("balance would overflow");
    }
    return balance + amount;
  }

  /** A balance's encoding: u64 little-endian, written straight into its 8 bytes. */
  private static byte[] u64(long value) {
    byte[] bytes = new byte[8];
    Varints.putFixed64(bytes, 0, value);
    return bytes;
  }
}
