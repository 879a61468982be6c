package io.cairn.chain.api;

/**
 * Why a ledger refused an entry. Every rejection leaves the ledger exactly as it was; the same
 * entry is rejected for the same reason on every node that applies the same log.
 */
public enum Rejection {
  /** The bytes are not a well-formed entry (bad magic, version, length, CRC, structure). */
  MALFORMED,
  /** The entry, a transaction in it or a field of it exceeds a size limit. */
  OVERSIZED,
  /** A block or admission arrived before the genesis. */
  NOT_INITIALIZED,
  /** A second genesis. */
  ALREADY_INITIALIZED,
  /** The block's height is not the ledger's next height. */
  WRONG_HEIGHT,
  /** The block's previous hash is not the hash of the ledger's last block (or of the genesis). */
  PREVIOUS_HASH_MISMATCH,
  /** The block's Merkle root is not the root over its transactions. */
  MERKLE_ROOT_MISMATCH,
  /** The block's timestamp is earlier than the previous block's. */
  TIMESTAMP_REGRESSION,
  /** The proposer or a requester is not an admitted member. */
  UNKNOWN_MEMBER,
  /** A member acted outside its roles or its organisation. */
  NOT_PERMITTED,
  /** A signature (admission, block or transaction) does not verify. */
  BAD_SIGNATURE,
  /**
   * A genesis names, or an admission admits, a key that cannot sign: not the canonical encoding
   * of a curve point, or a point of small order ({@link MemberKey#usable()}).
   */
  BAD_KEY,
  /** A transaction's nonce is not above its requester's last nonce (a replay or a reorder). */
  STALE_NONCE
}
