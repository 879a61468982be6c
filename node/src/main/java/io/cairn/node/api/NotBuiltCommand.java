package io.cairn.node.api;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command that the design names but that is not built yet: {@code --help} describes it, and
 * running it says plainly that it does not exist yet and exits with {@link ExitCodes#NOT_BUILT}.
 * No output is faked.
 */
public final class NotBuiltCommand implements Callable<Integer> {
  private final String path;
  private final String plannedIn;
  private CommandSpec spec;

  private NotBuiltCommand(String path, String plannedIn) {
    this.path = path;
    this.plannedIn = plannedIn;
  }

  /**
   * @param path the full command path for messages, e.g. {@code "bench paper"}
   * @param description one line for {@code --help}
   * @param plannedIn where the work is tracked, for the message, e.g. {@code "issue #8"}
   */
  public static CommandLine create(String path, String description, String plannedIn) {
    NotBuiltCommand command = new NotBuiltCommand(path, plannedIn);
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
    command.spec = spec;
    spec.name(path.substring(path.lastIndexOf(' ') + 1));
    spec.usageMessage().description(description + " [not built yet]");
    spec.mixinStandardHelpOptions(true);
    // Accept anything after the name so the message below is what the user sees, not a usage error.
    spec.addUnmatchedArgsBinding(CommandLine.Model.UnmatchedArgsBinding.forStringArrayConsumer(
        new CommandLine.Model.ISetter() {
          @Override
          public <T> T set(T value) {
            return null;
          }
        }));
    return new CommandLine(spec);
  }

  @Override
  public Integer call() {
    spec.commandLine().getErr().println(
        "cairn " + path + ": not built yet (" + plannedIn + "); nothing was done");
    return ExitCodes.NOT_BUILT;
  }
}
