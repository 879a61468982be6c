package io.cairn.bench;

import io.cairn.node.api.CliExtension;
import picocli.CommandLine;

/** Contributes {@code cairn bench} to the node's command line (see {@link CliExtension}). */
public final class BenchExtension implements CliExtension {
  @Override
  public String name() {
    return "bench";
  }

  @Override
  public CommandLine command() {
    CommandLine bench = new CommandLine(new BenchCommand());
    bench.addSubcommand("paper", new PaperCommand());
    bench.addSubcommand("run", new RunCommand());
    bench.addSubcommand("jmh", JmhCommand.create());
    bench.addSubcommand("pgm", new CommandLine(new io.cairn.bench.pgm.PgmBenchCommand()));
    bench.addSubcommand("nvmtable", new CommandLine(new io.cairn.bench.nvmtable.NvmTableBenchCommand()));
    bench.addSubcommand("flush", new CommandLine(new io.cairn.bench.flush.FlushBenchCommand()));
    bench.addSubcommand("chain", new io.cairn.bench.chain.ChainBench());
    bench.addSubcommand("dag", new io.cairn.bench.dag.DagBench());
    bench.addSubcommand("contracts", new io.cairn.bench.contracts.ContractsBench());
    bench.addSubcommand("cluster", new io.cairn.bench.cluster.ClusterBench());
    bench.addSubcommand("membership", new io.cairn.bench.membership.MembershipBench());
    bench.addSubcommand("transport", new io.cairn.bench.cluster.TransportBench());
    bench.addSubcommand("snapshot-wire", new io.cairn.bench.membership.SnapshotWireBench());
    bench.addSubcommand("consortium", new io.cairn.bench.consortium.ConsortiumBench());
    return bench;
  }
}
