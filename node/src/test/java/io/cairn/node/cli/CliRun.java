package io.cairn.node.cli;

import io.cairn.common.CairnException;
import io.cairn.node.api.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of the {@code cairn} command line with its output captured, handling Cairn
 * errors as {@code Main} does (test utility).
 *
 * @param exit the exit status
 * @param out standard output
 * @param err standard error
 */
public record CliRun(int exit, String out, String err) {
  /** Runs {@code args}. */
  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine root = CairnCommand.create();
    root.setOut(new PrintWriter(out, true));
    root.setErr(new PrintWriter(err, true));
    root.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
      if (exception instanceof CairnException) {
        commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + exception.getMessage());
        return ExitCodes.FAILED;
      }
      throw exception;
    });
    return new CliRun(root.execute(args), out.toString(), err.toString());
  }
}
