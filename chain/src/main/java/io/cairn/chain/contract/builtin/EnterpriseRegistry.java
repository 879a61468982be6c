package io.cairn.chain.contract.builtin;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.contract.Contract;
import io.cairn.chain.contract.ContractException;
import io.cairn.chain.contract.ContractState;
import io.cairn.chain.contract.Invocation;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The enterprise registry (code name {@value #CODE}) of the seeds' consortium: each enterprise
 * is registered once under its identifier by the member who then owns the entry; only the owner
 * updates or transfers it; the owner or the registry's administrator (the deployer) removes it.
 * An entry is stored under {@code 'e' || identifier} as {@code owner [32] || profile}.
 *
 * <ul>
 *   <li>{@code register(id: string8, profile: bytes32)}: reverts when the id is taken.
 *   <li>{@code update(id: string8, profile: bytes32)}: owner only.
 *   <li>{@code transfer(id: string8, owner: [32])}: owner only.
 *   <li>{@code remove(id: string8)}: owner or administrator.
 *   <li>{@code lookup(id: string8)}: outputs {@code owner || profile}; reverts when absent.
 * </ul>
 */
public final class EnterpriseRegistry implements Contract {
  /** The code name to deploy. */
  public static final String CODE = "enterprise-registry";
  /** Longest profile, in bytes. */
  public static final int PROFILE_BYTES_MAX = 16_384;

  @Override
  public void deploy(Invocation deployment, ContractState state) {
    Administrator.deploy(deployment, state);
  }

  @Override
  public byte[] invoke(Invocation call, ContractState state) {
    Arguments args = new Arguments(call.args(), call.method());
    String id = args.name("enterprise id");
    byte[] key = entryKey(id);
    switch (call.method()) {
      case "register" -> {
        byte[] profile = args.bytes("profile", PROFILE_BYTES_MAX);
        args.end();
        if (state.get(key) != null) {
          throw new ContractException("enterprise " + id + " is already registered");
        }
        state.put(key, entry(call.caller(), profile));
      }
      case "update" -> {
        byte[] profile = args.bytes("profile", PROFILE_BYTES_MAX);
        args.end();
        requireOwner(call, id, existing(state, key, id));
        state.put(key, entry(call.caller(), profile));
      }
      case "transfer" -> {
        MemberKey owner = args.member();
        args.end();
        byte[] entry = existing(state, key, id);
        requireOwner(call, id, entry);
        state.put(key, entry(owner, Arrays.copyOfRange(entry, MemberKey.BYTES, entry.length)));
      }
      case "remove" -> {
        args.end();
        byte[] entry = existing(state, key, id);
        boolean owner = Arrays.equals(entry, 0, MemberKey.BYTES, call.caller().bytes(), 0, MemberKey.BYTES);
        if (!owner && !Administrator.is(state, call.caller())) {
          throw new ContractException("only the owner or the administrator may remove " + id);
        }
        state.delete(key);
      }
      case "lookup" -> {
        args.end();
        return existing(state, key, id);
      }
      default -> throw new ContractException("enterprise-registry has no method " + call.method());
    }
    return new byte[0];
  }

  /** Arguments {@code id} then a profile (for register and update). */
  public static byte[] profileArgs(String id, byte[] profile) {
    return Arguments.writer(8 + id.length() * 3 + profile.length).string8(id).bytes32(profile).toByteArray();
  }

  /** Arguments {@code id} alone (for remove and lookup). */
  public static byte[] idArgs(String id) {
    return Arguments.writer(4 + id.length() * 3).string8(id).toByteArray();
  }

  /** The state key of enterprise {@code id}. */
  public static byte[] entryKey(String id) {
    byte[] name = id.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[1 + name.length];
    key[0] = 'e';
    System.arraycopy(name, 0, key, 1, name.length);
    return key;
  }

  private static byte[] existing(ContractState state, byte[] key, String id) {
    byte[] entry = state.get(key);
    if (entry == null) {
      throw new ContractException("enterprise " + id + " is not registered");
    }
    return entry;
  }

  private static void requireOwner(Invocation call, String id, byte[] entry) {
    if (!Arrays.equals(entry, 0, MemberKey.BYTES, call.caller().bytes(), 0, MemberKey.BYTES)) {
      throw new ContractException("only the owner of " + id + " may change it");
    }
  }

  private static byte[] entry(MemberKey owner, byte[] profile) {
    byte[] entry = Arrays.copyOf(owner.bytes(), MemberKey.BYTES + profile.length);
    System.arraycopy(profile, 0, entry, MemberKey.BYTES, profile.length);
    return entry;
  }
}
