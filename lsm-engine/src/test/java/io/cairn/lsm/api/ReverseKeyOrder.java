package io.cairn.lsm.api;

/** Tests' custom key order: bytewise, reversed ({@code "test.Reverse"}). */
public final class ReverseKeyOrder {
  /** The comparator. */
  public static final KeyComparator COMPARATOR = new KeyComparator() {
    @Override
    public String name() {
      return "test.Reverse";
    }

    @Override
    public int compare(byte[] left, byte[] right) {
      return KeyComparator.BYTEWISE.compare(right, left);
    }
  };

  private ReverseKeyOrder() {}
}
