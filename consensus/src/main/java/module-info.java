/** Kademlia-Raft (KRaft) consensus: a pure protocol core, its Kademlia topology and a deterministic simulator. */
module io.cairn.kraft {
  requires transitive io.cairn.common;
  requires org.slf4j;
  requires HdrHistogram;

  exports io.cairn.kraft.api;
  exports io.cairn.bft.api;
  exports io.cairn.bft.sim;
  // The linearizability checker, also run on the histories of the node's multi-process tests.
  exports io.cairn.kraft.lincheck;
  // The strict reader of ByteWriter encodings, shared with the replication module's formats.
  exports io.cairn.kraft.wire to io.cairn.replication;
  // The Kademlia topology, which the replicated node reports in its status (candidates, groups).
  exports io.cairn.kraft.kademlia to io.cairn.replication;
}
