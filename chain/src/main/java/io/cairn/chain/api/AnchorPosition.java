package io.cairn.chain.api;

/**
 * Where a record is anchored: block {@code height}, transaction {@code transactionIndex} in that
 * block, entry {@code entryIndex} in that transaction (all from 0).
 */
public record AnchorPosition(long height, int transactionIndex, int entryIndex) {
  @Override
  public String toString() {
    return "block " + height + " tx " + transactionIndex + " entry " + entryIndex;
  }
}
