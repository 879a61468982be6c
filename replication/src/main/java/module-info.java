/**
 * The replicated ledger: the only module that knows KRaft, the ledger and the engine together.
 * It keeps KRaft's log in a Cairn engine database, drives {@code RawKraft}'s Ready loop, applies
 * committed entries to the ledger (KRaft's state machine), and carries messages between members
 * over an authenticated TCP transport (Netty). The public API is {@code io.cairn.replication.api}.
 */
module io.cairn.replication {
  requires transitive io.cairn.common;
  requires transitive io.cairn.kraft;
  requires transitive io.cairn.chain;
  requires io.cairn.lsm;
  requires io.cairn.ffi; // ThreadNice: the background threads' priority (session 19)
  requires io.netty.common;
  requires io.netty.buffer;
  requires io.netty.transport;
  requires io.netty.codec;
  requires org.slf4j;
  requires jdk.jfr; // the stage trace's collector pauses (GcPauses)

  exports io.cairn.replication.api;
  exports io.cairn.replication.dag;
}
