package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sim bft --compare}: its JSON rows and its usage errors (the sweep is covered in consensus). */
class SimBftCommandTest {
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine root = CairnCommand.create();
    root.setOut(new PrintWriter(out));
    root.setErr(new PrintWriter(err));
    int exit = root.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void aComparisonWritesOneRowPerProtocolAndSize(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("compare.json");
    Run run = run("sim", "bft", "--compare", "--sizes", "4", "--link-gbps", "0.01", "--compare-clients", "64",
        "--compare-requests", "2", "--json", json.toString(), "--charts", dir.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    String text = Files.readString(json);
    for (String protocol : new String[] {"pbft", "sbft", "raft", "kraft"}) {
      assertThat(text).contains("\"protocol\": \"" + protocol + "\"");
      assertThat(run.out()).contains(protocol + " ");
    }
    assertThat(text).contains("\"msgs_per_request\"", "\"bytes_per_request\"", "\"msgs_per_decision\"",
        "\"bytes_per_decision\"", "\"throughput_per_s_virtual\"", "\"busiest_cpu_share\"", "\"link_gbps\": 0.01");
  }

  @Test
  void aBftOnlyComparisonReportsThePrimaryAndTheBackups(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("compare.json");
    Run run = run("sim", "bft", "--compare", "--compare-protocols", "pbft,sbft", "--sizes", "4", "--link-gbps", "0.01",
        "--compare-clients", "64", "--compare-requests", "2", "--json", json.toString(), "--charts", dir.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    String text = Files.readString(json);
    assertThat(text).contains("\"protocol\": \"pbft\"", "\"protocol\": \"sbft\"", "\"primary_cpu_share\"",
        "\"backup_cpu_share\"").doesNotContain("\"raft\"", "\"kraft\"");
  }

  @Test
  void aSweepThatAddsANodeReportsTheIssueKeys(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("add.json");
    Run run = run("sim", "bft", "--protocol", "pbft", "--nodes", "4", "--byzantine", "1", "--seeds", "2", "--add-node",
        "--joiner", "crash", "--threads", "1", "--json", json.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(Files.readString(json)).contains("\"protocol\": \"pbft\"", "\"violations\": 0",
        "\"msgs_per_decision\"", "\"throughput_per_s_virtual\"");
  }

  @Test
  void badComparisonSettingsAreUsageErrors() {
    assertThat(run("sim", "bft", "--compare", "--sizes", "3").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("sim", "bft", "--compare", "--link-gbps", "0").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("sim", "bft", "--compare", "--compare-clients", "0").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("sim", "bft", "--compare", "--sizes", "4,x").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("sim", "bft", "--compare", "--compare-protocols", "pbft,paxos").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("sim", "bft", "--add-node", "--joiner", "sleepy", "--seeds", "1").exit()).isEqualTo(ExitCodes.USAGE);
  }
}
