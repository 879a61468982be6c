package io.cairn.bench;

import io.cairn.common.CairnException;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.cli.CairnCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code ./cairn} in-process as {@code io.cairn.node.Main} does, capturing its output. */
final class Cli {
  /** What a command printed and returned. */
  record Result(int exitCode, String out, String err) {}

  private Cli() {}

  static Result run(String... args) {
    CommandLine root = CairnCommand.create();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    root.setOut(new PrintWriter(out, true));
    root.setErr(new PrintWriter(err, true));
    // The same handling of expected failures as io.cairn.node.Main: one line, exit status 1.
    root.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
      if (exception instanceof CairnException cairn) {
        commandLine.getErr().println("cairn " + commandLine.getCommandName() + ": " + cairn.getMessage());
        return ExitCodes.FAILED;
      }
      throw exception;
    });
    int exitCode = root.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }
}
