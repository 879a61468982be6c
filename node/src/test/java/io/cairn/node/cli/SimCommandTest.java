package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimCommandTest {
  private static final List<String> FIELDS = List.of("mode", "nodes", "seeds", "violations",
      "linearizability_failures", "elections", "split_votes", "election_ms_p50", "election_ms_p99",
      "leader_msgs_per_entry", "leader_bytes_per_entry", "commit_latency_ms_p50", "throughput_entries_per_s_virtual");

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

  private static List<String> fieldNames(String json) {
    Matcher matcher = Pattern.compile("\"([a-z0-9_]+)\":").matcher(json);
    List<String> names = new java.util.ArrayList<>();
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  @Test
  void sweepPrintsOneLineWithTheIssuesFieldsAndWritesTheSameAsJson(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("sim.json");
    Run run = run("sim", "kraft", "--mode", "raft", "--nodes", "3", "--seeds", "3", "--threads", "1",
        "--json", json.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out().lines().toList()).singleElement().satisfies(line -> {
      assertThat(fieldNames(line)).isEqualTo(FIELDS);
      assertThat(line).contains("\"mode\": \"raft\"", "\"nodes\": 3", "\"seeds\": 3", "\"violations\": 0");
    });
    assertThat(fieldNames(Files.readString(json))).isEqualTo(FIELDS);
    assertThat(run.err()).contains("3 seed(s) in");
  }

  @Test
  void aSingleSeedReplayPrintsItsTrace() {
    Run run = run("sim", "kraft", "--nodes", "3", "--seed", "5", "--trace", "--chaos-ms", "500");
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.err()).contains("leads term").contains("1 seed(s)");
    assertThat(run.out()).contains("\"seeds\": 1");
  }

  @Test
  void badValuesAreUsageErrors() {
    assertThat(run("sim", "kraft", "--mode", "paxos").exit()).isEqualTo(ExitCodes.USAGE);
    Run faults = run("sim", "kraft", "--faults", "meteor");
    assertThat(faults.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(faults.err()).contains("unknown fault 'meteor'");
    assertThat(run("sim", "kraft", "--seeds", "0").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("sim").exit()).isEqualTo(ExitCodes.USAGE);
    Run list = run("sim", "kraft", "--nodes", "5,7");
    assertThat(list.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(list.err()).contains("--nodes takes one count without --curve");
    assertThat(run("sim", "kraft", "--curve", "--nodes", "5,x").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("sim", "kraft", "--curve", "--nodes", "2").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("sim", "kraft", "--curve", "--link-gbps", "0").exit()).isEqualTo(ExitCodes.USAGE);
    Run calibration = run("sim", "kraft", "--curve", "--calibration", "guess");
    assertThat(calibration.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(calibration.err()).contains("--calibration must be datacenter or transport");
    assertThat(run("sim", "kraft", "--link-gbps", "-1", "--seeds", "1").exit()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void aCurveRunWritesTheIssuesFieldsPerCurve(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("curves.json");
    Run run = run("sim", "kraft", "--curve", "--nodes", "3", "--entry-bytes", "1024", "--link-gbps", "0.01",
        "--election-seeds", "0", "--threads", "2", "--calibration", "transport", "--json", json.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    String text = Files.readString(json);
    assertThat(fieldNames(text)).containsSubsequence("curves", "mode", "nodes", "entry_bytes", "link_gbps",
        "max_throughput_per_s", "election_ms_p50", "split_votes", "commit_ms_p50_half_load");
    assertThat(text).contains("\"mode\": \"raft\"", "\"mode\": \"kraft\"", "\"nodes\": 3",
        "\"entry_bytes\": 1024", "\"link_gbps\": 0.01", "\"calibration\": \"transport\"",
        "\"stopped_early\": ");
    assertThat(run.out()).contains("raft ", "kraft ");
  }
}
