/** The ledger: hash-anchored off-chain records, blocks, Merkle proofs, identities and verification. */
module io.cairn.chain {
  requires transitive io.cairn.common;
  requires io.cairn.kraft;
  requires org.slf4j;
}
