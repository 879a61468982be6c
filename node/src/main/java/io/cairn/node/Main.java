package io.cairn.node;

import io.cairn.common.CairnException;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.cli.CairnCommand;
import picocli.CommandLine;

/** Entry point of {@code ./cairn}. */
public final class Main {
  private Main() {}

  /** Runs the command line and exits with its status (see {@link ExitCodes}). */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status; used by tests. */
  public static int run(String... args) {
    CommandLine root = CairnCommand.create();
    root.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
      if (exception instanceof CairnException cairn) {
        // Expected failures (bad input, corruption, a missing backend) get one clear line.
        commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + cairn.getMessage());
        return ExitCodes.FAILED;
      }
      throw exception;
    });
    return root.execute(args);
  }
}
