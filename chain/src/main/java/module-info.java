/**
 * The ledger: hash-anchored off-chain records, blocks, Merkle proofs, identities and
 * verification, and smart contracts with parallel block execution. The public API is {@code
 * io.cairn.chain.api}, {@code io.cairn.chain.contract} and its built-in contracts
 * {@code io.cairn.chain.contract.builtin}; the encodings, Merkle trees, crypto
 * helpers and the engine-backed stores are internal.
 */
module io.cairn.chain {
  requires transitive io.cairn.common;
  requires transitive io.cairn.lsm;
  requires java.management; // per-thread CPU of the executors' phases (ExecutorPhases)
  requires org.slf4j;
  requires org.bouncycastle.provider;

  exports io.cairn.chain.api;
  exports io.cairn.chain.dag;
  exports io.cairn.chain.contract;
  exports io.cairn.chain.contract.builtin;
  // The strict reader and the Merkle trees, shared with the consortium chain's formats and proofs.
  exports io.cairn.chain.codec to io.cairn.consortium, io.cairn.node;
  exports io.cairn.chain.merkle to io.cairn.consortium;
}
