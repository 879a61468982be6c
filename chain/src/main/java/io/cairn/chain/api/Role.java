package io.cairn.chain.api;

import java.util.EnumSet;
import java.util.Set;

/** What an admitted member may do on the ledger. Encoded as bits of one byte. */
public enum Role {
  /** Sign transactions: anchor records, publish its organisation's state data. */
  SUBMIT(1),
  /** Propose (sign) blocks. */
  PROPOSE(2);

  private final int bit;

  Role(int bit) {
    this.bit = bit;
  }

  /** The bit of this role in the encoded role byte. */
  public int bit() {
    return bit;
  }

  /** The role byte of {@code roles}. */
  public static int bits(Set<Role> roles) {
    int bits = 0;
    for (Role role : roles) {
      bits |= role.bit;
    }
    return bits;
  }

  /** The roles set in {@code bits}; unknown bits are ignored by this method (decoders reject them). */
  public static Set<Role> fromBits(int bits) {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (Role role : values()) {
      if ((bits & role.bit) != 0) {
        roles.add(role);
      }
    }
    return roles;
  }

  /** Bits that name some role. */
  public static int knownBits() {
    return SUBMIT.bit | PROPOSE.bit;
  }
}
