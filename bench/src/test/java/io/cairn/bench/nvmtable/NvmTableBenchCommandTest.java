package io.cairn.bench.nvmtable;

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

class NvmTableBenchCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine command = new CommandLine(new NvmTableBenchCommand());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  @Test
  void smallRunPrintsOneLineWritesTheIssueSchemaAndCleansUp(@TempDir Path folder) throws IOException {
    Path report = folder.resolve("out/nvmtable.json");
    Path files = folder.resolve("pmem");
    int status = run("--entries", "3000", "--value-size", "512", "--probes", "1000", "--rounds", "1",
        "--epsilon", "4", "--dir", files.toString(), "--json", report.toString());
    assertThat(status).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().strip()).startsWith("bench nvmtable: 3,000 entries of 32 B keys + 512 B values, ε=4")
        .contains("get pgm", "binary search", "build").doesNotContain("\n");
    // Exactly the issue's fields, in its order.
    assertThat(Files.readString(report).replaceAll("\\s", "")).matches(
        "\\{\"entries\":3000,\"value_size\":512,\"pgm_get_ns\":[0-9.]+,\"binary_search_get_ns\":[0-9.]+,"
            + "\"speedup\":[0-9.]+,\"build_mb_per_s\":[0-9.]+}");
    try (var left = Files.list(files)) {
      assertThat(left.toList()).as("the table's files are deleted").isEmpty();
    }
  }

  @Test
  void theCrashSimulatingBackendAndTheLatencyModelRunToo() {
    assertThat(run("--entries", "500", "--value-size", "100", "--probes", "200", "--rounds", "1",
        "--backend", "crash-sim")).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("crash-sim");
  }

  @Test
  void badValuesAreUsageErrors() {
    assertThat(run("--entries", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--entries must be in [1, ");
    assertThat(run("--epsilon", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("--backend", "floppy")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("unknown pmem backend 'floppy'");
    assertThat(run("--latency", "slow")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("bad latency model");
  }

  @Test
  void helpDescribesTheOptions() {
    assertThat(run("--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("--entries", "--value-size", "--backend", "--dir", "--epsilon", "--latency",
        "--probes", "--rounds", "--json");
  }
}
