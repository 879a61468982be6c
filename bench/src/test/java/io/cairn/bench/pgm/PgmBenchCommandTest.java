package io.cairn.bench.pgm;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PgmBenchCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine command = new CommandLine(new PgmBenchCommand());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  @Test
  void smallRunPrintsOneLineAndWritesTheIssueSchema(@TempDir Path folder) throws IOException {
    Path report = folder.resolve("out/pgm.json");
    int status = run("--keys", "20000", "--probes", "2000", "--rounds", "1", "--epsilon", "16",
        "--json", report.toString());
    assertThat(status).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().strip()).startsWith("bench pgm: 20,000 keys, ε=16/4").doesNotContain("\n");
    String json = Files.readString(report);
    assertThat(json).contains("\"keys\": 20000", "\"epsilon\": 16", "\"distribution\": \"uniform\"",
        "\"distribution\": \"lognormal\"");
    // Exactly the issue's fields, in its order.
    assertThat(json.replaceAll("\\s", "")).matches(
        "\\{\"keys\":20000,\"epsilon\":16,\"runs\":\\[(\\{\"distribution\":\"[a-z]+\",\"pgm_ns\":[0-9.]+,"
            + "\"binary_search_ns\":[0-9.]+,\"speedup\":[0-9.]+,\"model_bytes\":[0-9]+,"
            + "\"build_ns_per_key\":[0-9.]+},?){2}]}");
  }

  @Test
  void oneDistributionCanBeChosen() {
    assertThat(run("--keys", "1000", "--probes", "100", "--rounds", "1", "--distributions", "lognormal"))
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("lognormal").doesNotContain("uniform");
  }

  @Test
  void badValuesAreUsageErrors() {
    assertThat(run("--keys", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--keys must be in [1, ");
    assertThat(run("--epsilon", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("--distributions", "zipf")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("unknown distribution 'zipf'");
  }

  @Test
  void helpDescribesTheOptions() {
    assertThat(run("--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("--keys", "--epsilon", "--probes", "--seed", "--json");
  }
}
