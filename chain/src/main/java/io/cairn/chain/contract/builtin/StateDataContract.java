package io.cairn.chain.contract.builtin;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.contract.Contract;
import io.cairn.chain.contract.ContractException;
import io.cairn.chain.contract.ContractState;
import io.cairn.chain.contract.Invocation;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * State-data updates with access rules (code name {@value #CODE}), seed 004's consortium state
 * data as a contract: the administrator (the deployer) grants and revokes, per data item, the
 * members who may update it; a permitted member replaces the item's value, and each update bumps
 * the item's version. Keys: {@code 'a'} administrator, {@code 'w' || u8 n || item || member}
 * a grant, {@code 'd' || item} the value, {@code 'v' || item} the version (u64).
 *
 * <ul>
 *   <li>{@code grant(item: string8, member: [32])}, {@code revoke(item, member)}: administrator only.
 *   <li>{@code update(item: string8, value: bytes32)}: a granted member or the administrator;
 *       outputs the new version (u64).
 *   <li>{@code read(item: string8)}: outputs {@code version u64 || value}; reverts when absent.
 * </ul>
 */
public final class StateDataContract implements Contract {
  /** The code name to deploy. */
  public static final String CODE = "state-data";
  /** Longest value of an item, in bytes. */
  public static final int VALUE_BYTES_MAX = 32_768;
  private static final byte[] GRANTED = {1};

  @Override
  public void deploy(Invocation deployment, ContractState state) {
    Administrator.deploy(deployment, state);
  }

  @Override
  public byte[] invoke(Invocation call, ContractState state) {
    Arguments args = new Arguments(call.args(), call.method());
    String item = args.name("item");
    switch (call.method()) {
      case "grant", "revoke" -> {
        MemberKey member = args.member();
        args.end();
        if (!Administrator.is(state, call.caller())) {
          throw new ContractException("only the administrator may " + call.method());
        }
        if (call.method().equals("grant")) {
          state.put(grantKey(item, member), GRANTED);
        } else {
          state.delete(grantKey(item, member));
        }
        return new byte[0];
      }
      case "update" -> {
        byte[] value = args.bytes("value", VALUE_BYTES_MAX);
        args.end();
        if (state.get(grantKey(item, call.caller())) == null && !Administrator.is(state, call.caller())) {
          throw new ContractException(call.caller().shortHex() + " may not update " + item);
        }
        byte[] versionKey = key('v', item);
        long version = TokenContract.balance(state.get(versionKey)) + 1;
        byte[] encoded = Arguments.writer(8).u64(version).toByteArray();
        state.put(versionKey, encoded);
        state.put(key('d', item), value);
        return encoded;
      }
      case "read" -> {
        args.end();
        byte[] value = state.get(key('d', item));
        if (value == null) {
          throw new ContractException("no state data for " + item);
        }
        byte[] version = state.get(key('v', item));
        byte[] out = Arrays.copyOf(version, 8 + value.length);
        System.arraycopy(value, 0, out, 8, value.length);
        return out;
      }
      default -> throw new ContractException("state-data has no method " + call.method());
    }
  }

  /** Arguments of grant and revoke. */
  public static byte[] grantArgs(String item, MemberKey member) {
    return Arguments.writer(40 + item.length() * 3).string8(item).raw(member.bytes()).toByteArray();
  }

  /** Arguments of update. */
  public static byte[] updateArgs(String item, byte[] value) {
    return Arguments.writer(8 + item.length() * 3 + value.length).string8(item).bytes32(value).toByteArray();
  }

  /** Arguments of read. */
  public static byte[] readArgs(String item) {
    return Arguments.writer(4 + item.length() * 3).string8(item).toByteArray();
  }

  private static byte[] grantKey(String item, MemberKey member) {
    byte[] name = item.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[2 + name.length + MemberKey.BYTES];
    key[0] = 'w';
    key[1] = (byte) name.length;
    System.arraycopy(name, 0, key, 2, name.length);
    member.copyTo(key, 2 + name.length);
    return key;
  }

  private static byte[] key(char tag, String item) {
    byte[] name = item.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[1 + name.length];
    key[0] = (byte) tag;
    System.arraycopy(name, 0, key, 1, name.length);
    return key;
  }
}
