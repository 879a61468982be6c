/** Kademlia-Raft (KRaft) consensus: a pure protocol core, its Kademlia topology and a deterministic simulator. */
module io.cairn.kraft {
  requires transitive io.cairn.common;
  requires io.cairn.lsm;
  requires org.slf4j;
  requires HdrHistogram;

  exports io.cairn.kraft.api;
  exports io.cairn.bft.api;
  exports io.cairn.bft.sim;
}
