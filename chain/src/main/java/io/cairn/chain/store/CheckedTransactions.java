package io.cairn.chain.store;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.merkle.KnownNodes;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The anchoring transactions that a full reflection verification has already checked from the
 * engine, with what the next verification of another entry of the same transaction needs: the
 * transaction's entries root and entry count (with the upper nodes of its entries tree that later
 * paths proved, {@link KnownNodes}), its requester and its block's proposer. An entry is
 * remembered only after every check above the entry passed for it: the transaction header decoded
 * as an anchoring transaction, its signature verified, its Merkle path led to its block header's
 * root, the header's signature verified, the header is linked into the trusted chain, and the
 * block-by-hash index maps the header's hash to its height. So the 1,000 records of one
 * transaction cost these checks (two engine reads, a header decode, hashes and signatures) once,
 * not once per record.
 *
 * <p>What is not remembered is checked on every call: the record-hash index, the entry and its
 * Merkle path up to the remembered entries root, the record read back and rehashed, and the
 * memberships (the registry can change). A change to a remembered piece's stored bytes is seen
 * when the ledger is reopened, the same way as a change below the trusted head of the chain.
 *
 * <p>Direct-mapped (a slot per (height, transaction), the newest entry wins): bounded memory (the
 * verifier's 4,096 slots of 1,000-entry transactions hold at most about 53 MB of proven nodes where
 * the transactions were learnt through index values of versions 3 to 5, and at most about 131 MB of
 * leaves, 32 bytes per entry, where they were learnt through values of version 6), no locks.
 * Thread-safety: safe for concurrent use; slots hold immutable records.
 */
final class CheckedTransactions {
  /**
   * A checked anchoring transaction at ({@code height}, {@code index}): its entries tree (the
   * entries root, the entry count, and the upper nodes proven so far), its signers, and the store
   * table of a version 2 transaction (UTF-8 names, from its stored entries whose tree was checked
   * against the entries root; null for version 1), which version 5 index values refer to.
   */
  record Checked(long height, int index, KnownNodes entryNodes, MemberKey requester, MemberKey proposer,
      byte[][] stores) {}

  private final AtomicReferenceArray<Checked> slots;
  private final int mask;

  /** A cache of {@code 2^bits} slots. */
  CheckedTransactions(int bits) {
    slots = new AtomicReferenceArray<>(1 << bits);
    mask = (1 << bits) - 1;
  }

  /** The checked transaction at ({@code height}, {@code index}), or null when not remembered. */
  Checked get(long height, int index) {
    Checked checked = slots.get(slot(height, index));
    return checked != null && checked.height() == height && checked.index() == index ? checked : null;
  }

  /** Remembers {@code checked}; the caller has made every check listed in the class comment. */
  void add(Checked checked) {
    slots.set(slot(checked.height(), checked.index()), checked);
  }

  private int slot(long height, int index) {
    long mixed = (height * 0x9E3779B97F4A7C15L) ^ (index * 0xC2B2AE3D27D4EB4FL);
    return (int) (mixed ^ (mixed >>> 32)) & mask;
  }
}
