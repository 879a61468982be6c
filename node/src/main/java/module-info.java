/**
 * The runnable program behind {@code ./cairn}: the picocli command line and the wiring of engine,
 * consensus and chain. Other modules (bench) add top-level commands through {@link
 * io.cairn.node.api.CliExtension}.
 */
module io.cairn.node {
  requires transitive io.cairn.common;
  requires io.cairn.chain;
  requires io.cairn.replication;
  requires io.cairn.consortium;
  requires io.cairn.kraft;
  requires io.cairn.lsm;
  requires io.cairn.pmem;
  requires transitive info.picocli;
  requires org.slf4j;
  requires io.helidon.webserver;
  requires io.helidon.http;
  requires io.helidon.common.media.type;
  requires jakarta.json;
  requires java.net.http;
  requires jdk.management; // the process's allocated bytes in GET /status (AllocatedBytes)
  requires HdrHistogram;

  exports io.cairn.node.api;
  exports io.cairn.node.client;
  exports io.cairn.node.cluster;
  opens io.cairn.node.cli to info.picocli;

  uses io.cairn.node.api.CliExtension;
  uses io.cairn.node.api.LineCharts;
}
