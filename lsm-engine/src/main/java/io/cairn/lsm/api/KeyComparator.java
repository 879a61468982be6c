package io.cairn.lsm.api;

import io.cairn.common.UnsignedBytes;

/**
 * The order of user keys. The name is stored in the MANIFEST; opening a database with a
 * comparator of another name is refused, because the files on disk are sorted by the old one.
 *
 * <p>Implementations must be thread-safe, stateless and consistent forever (the order of stored
 * files depends on it).
 */
public interface KeyComparator {
  /** Bytewise (memcmp, unsigned) order: the default. */
  KeyComparator BYTEWISE = new KeyComparator() {
    @Override
    public String name() {
      return "cairn.BytewiseComparator";
    }

    @Override
    public int compare(byte[] left, byte[] right) {
      return UnsignedBytes.compare(left, right);
    }
  };

  /** A stable name for this order, stored in the MANIFEST. */
  String name();

  /** Negative, zero or positive as {@code left} sorts before, equal to or after {@code right}. */
  int compare(byte[] left, byte[] right);
}
