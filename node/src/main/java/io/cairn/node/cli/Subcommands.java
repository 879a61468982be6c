package io.cairn.node.cli;

import io.cairn.node.api.CliExtension;
import io.cairn.node.api.NotBuiltCommand;
import java.util.ServiceLoader;
import picocli.CommandLine;

/**
 * The table of {@code cairn}'s top-level commands, in the order {@code --help} lists them. A
 * command that is not built yet is registered as a {@link NotBuiltCommand}; building it means
 * replacing its line here with the real command.
 */
final class Subcommands {
  private Subcommands() {}

  static void register(CommandLine root) {
    addExtensionOr(root, "bench",
        NotBuiltCommand.create("bench", "Benchmarks: paper, run, pgm, nvmtable, chain.",
            "the bench module is not on the class path; build with ./mvnw package"));
    root.addSubcommand("pmem", new PmemCommand());
    root.addSubcommand("db", new CommandLine(new DbCommand()));
    root.addSubcommand("node", new CommandLine(new NodeCommand()));
    root.addSubcommand("cluster", new CommandLine(new ClusterCommand()));
    root.addSubcommand("anchor", new AnchorCommand());
    root.addSubcommand("verify", new VerifyCommand());
    root.addSubcommand("chain", new ChainCommand());
    root.addSubcommand("sim", new CommandLine(new SimCommand()));
    root.addSubcommand("dag", new CommandLine(new DagCommand()));
    root.addSubcommand("consortium", new CommandLine(new ConsortiumCommand()));
  }

  /** Adds the extension called {@code name} found on the class path, else {@code fallback}. */
  private static void addExtensionOr(CommandLine root, String name, CommandLine fallback) {
    for (CliExtension extension : ServiceLoader.load(CliExtension.class)) {
      if (extension.name().equals(name)) {
        root.addSubcommand(name, extension.command());
        return;
      }
    }
    root.addSubcommand(name, fallback);
  }
}
