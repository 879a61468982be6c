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
  private final int issue;

  private NotBuiltCommand(String path, int issue) {
    this.path = path;
    this.issue = issue;
  }

  /**
   * @param path the full command path for messages, e.g. {@code "bench paper"}
   * @param description one line for {@code --help}
   * @param issue the issue number that builds it
   */
  public static CommandLine create(String path, String description, int issue) {
    NotBuiltCommand command = new NotBuiltCommand(path, issue);
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
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
    System.err.println(
        "cairn " + path + ": not built yet (tracked in issue #" + issue + "); nothing was done");
    return ExitCodes.NOT_BUILT;
  }
}
