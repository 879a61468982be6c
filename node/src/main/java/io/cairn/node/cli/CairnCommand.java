package io.cairn.node.cli;

import io.cairn.node.api.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root {@code cairn} command: prints usage when run without a subcommand. */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    versionProvider = CairnVersion.class,
    description = {
      "Cairn: a persistent-memory key-value engine (LSM-tree, L0 as NVMTables on pmem found through"
          + " a PGM learned index) with a verifiable ledger replicated by Kademlia-Raft (KRaft).",
      ""
    },
    footer = {
      "",
      "Run 'cairn COMMAND --help' for a command's options. Docs: docs/ in the repository.",
      "Exit status: 0 ok, 1 failed, 2 bad usage, 3 not built yet."
    },
    commandListHeading = "%nCommands:%n")
public final class CairnCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** The full command tree: this root, its built-in commands and the extensions found. */
  public static CommandLine create() {
    CommandLine root = new CommandLine(new CairnCommand());
    Subcommands.register(root);
    return root;
  }
}
