package io.cairn.chain.contract.builtin;

import io.cairn.chain.contract.CodeBook;
import java.util.Map;

/** The built-in contract code every Cairn node holds. */
public final class BuiltIns {
  private static final CodeBook CODE = CodeBook.of(Map.of(
      TokenContract.CODE, new TokenContract(),
      EnterpriseRegistry.CODE, new EnterpriseRegistry(),
      StateDataContract.CODE, new StateDataContract()));

  private BuiltIns() {}

  /** The code book of the built-in contracts: token, enterprise-registry, state-data. */
  public static CodeBook codeBook() {
    return CODE;
  }
}
