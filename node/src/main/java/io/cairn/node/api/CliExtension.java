package io.cairn.node.api;

import picocli.CommandLine;

/**
 * A top-level {@code ./cairn} command contributed by a module above {@code node} (the dependency
 * direction forbids {@code node} from knowing it). Found with {@link java.util.ServiceLoader};
 * implementations list themselves in {@code META-INF/services/io.cairn.node.api.CliExtension}.
 */
public interface CliExtension {
  /** The command's name on the command line, e.g. {@code bench}. */
  String name();

  /** A new picocli command for {@link #name()}, with its subcommands. */
  CommandLine command();
}
