/**
 * The consortium chain of seed 004 §4.2: the regulator admits and revokes enterprise nodes,
 * enterprises upload signed, encrypted state data to their headquarters (HQ) node, HQ nodes batch
 * their record pools every period into signed data sets, and a block of data sets is verified
 * among the HQ nodes as the paper describes, its commit ordered by the Byzantine core
 * ({@code io.cairn.bft}). See docs/consortium.md.
 */
module io.cairn.consortium {
  requires transitive io.cairn.common;
  requires transitive io.cairn.chain;
  requires transitive io.cairn.kraft;
  requires io.cairn.lsm;

  exports io.cairn.consortium;
  exports io.cairn.consortium.sim;
}
