package io.cairn.chain.contract;

import java.util.Map;
import java.util.TreeMap;

/**
 * The contract code a node can run, by code name: what a deployment names and what a deployed
 * contract's binding points to. Every node of a chain must hold the same code book; built-in
 * contracts are in {@code io.cairn.chain.contract.builtin.BuiltIns#codeBook()}.
 *
 * <p>Thread-safety: immutable.
 */
public final class CodeBook {
  private final Map<String, Contract> code;

  private final byte[][] names;
  private final Contract[] contracts;

  private CodeBook(Map<String, Contract> code) {
    this.code = code;
    this.names = code.keySet().stream().map(name -> name.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .toArray(byte[][]::new);
    this.contracts = code.keySet().stream().map(code::get).toArray(Contract[]::new);
  }

  /** The code book holding {@code code} (names checked as {@link ContractCall#checkName}). */
  public static CodeBook of(Map<String, Contract> code) {
    code.keySet().forEach(name -> ContractCall.checkName(name, "code"));
    return new CodeBook(Map.copyOf(new TreeMap<>(code)));
  }

  /** The code named {@code name}, or {@code null} when there is none. */
  public Contract get(String name) {
    return code.get(name);
  }

  /** The code whose name's ASCII bytes are {@code name}, or {@code null}; allocates nothing. */
  public Contract get(byte[] name) {
    for (int i = 0; i < names.length; i++) {
      if (java.util.Arrays.equals(names[i], name)) {
        return contracts[i];
      }
    }
    return null;
  }

  /** This code book with {@code more} added (replacing code of the same names). */
  public CodeBook with(Map<String, Contract> more) {
    Map<String, Contract> all = new TreeMap<>(code);
    all.putAll(more);
    return of(all);
  }
}
