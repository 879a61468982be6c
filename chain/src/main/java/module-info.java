/**
 * The ledger: hash-anchored off-chain records, blocks, Merkle proofs, identities and
 * verification. The public API is {@code io.cairn.chain.api}; the encodings, Merkle trees, crypto
 * helpers and the engine-backed stores are internal.
 */
module io.cairn.chain {
  requires transitive io.cairn.common;
  requires transitive io.cairn.lsm;
  requires org.slf4j;

  exports io.cairn.chain.api;
}
