package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CairnCommandTest {
  private static final List<String> DESIGNED_COMMANDS =
      List.of("bench", "pmem", "db", "node", "cluster", "anchor", "verify", "chain", "sim");

  @Test
  void helpListsEveryCommandOfTheDesign() {
    StringWriter out = new StringWriter();
    CommandLine root = CairnCommand.create();
    root.setOut(new PrintWriter(out));
    assertThat(root.execute("--help")).isEqualTo(ExitCodes.OK);
    for (String command : DESIGNED_COMMANDS) {
      assertThat(out.toString()).containsPattern("(?m)^\\s+" + command + "\\s");
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : DESIGNED_COMMANDS) {
      CommandLine root = CairnCommand.create();
      StringWriter out = new StringWriter();
      root.setOut(new PrintWriter(out));
      assertThat(root.execute(command, "--help")).as(command).isEqualTo(ExitCodes.OK);
      assertThat(out.toString()).as(command).contains("Usage: cairn " + command);
    }
  }

  @Test
  void unknownCommandIsAUsageError() {
    CommandLine root = CairnCommand.create();
    root.setErr(new PrintWriter(new StringWriter()));
    assertThat(root.execute("frobnicate")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void noCommandPrintsUsageAndFails() {
    CommandLine root = CairnCommand.create();
    root.setErr(new PrintWriter(new StringWriter()));
    assertThat(root.execute()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void commandsNotBuiltYetSaySoAndExitNotBuilt() {
    CommandLine root = CairnCommand.create();
    StringWriter err = new StringWriter();
    root.setErr(new PrintWriter(err, true));
    // Without the bench module on the class path, 'bench' is the not-built fallback.
    assertThat(root.execute("bench", "paper", "--quick")).isEqualTo(ExitCodes.NOT_BUILT);
    assertThat(err.toString()).contains("cairn bench: not built yet", "nothing was done");
  }
}
