package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tuning paper|today}: the paper's settings stay the default, today's are the engine's
 * defaults, and what ran is recorded in the JSON's settings.
 */
class TuningCommandTest {
  @TempDir Path tmp;

  @Test
  void eachTuningIsRecordedInTheSettings() throws Exception {
    String paper = run("paper", null);
    assertThat(paper).contains("\"write_buffer_bytes\": 4194304", "\"l0_stop_trigger\": 10",
        "\"max_write_buffer_number\": 16", "\"max_subcompactions\": 1", "\"write_buffers\": 16");
    String today = run("today", "today");
    assertThat(today).contains("\"write_buffer_bytes\": 67108864", "\"l0_stop_trigger\": 36",
        "\"level1_max_bytes\": 268435456", "\"max_write_buffer_number\": 4", "\"max_subcompactions\": 4");
  }

  @Test
  void anUnknownTuningIsAUsageError() {
    Cli.Result result = Cli.run("bench", "run", "--heap", "none", "--tuning", "fast");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("--tuning must be paper or today");
  }

  private String run(String name, String tuning) throws Exception {
    Path json = tmp.resolve(name + ".json");
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("bench", "paper", "--heap", "none", "--quick",
        "--records", "100", "--value-sizes", "4096", "--engines", "cairn-ssd", "--warmup", "0", "--io", "buffered",
        "--dir", tmp.resolve(name).toString(), "--json", json.toString()));
    if (tuning != null) {
      args.addAll(java.util.List.of("--tuning", tuning));
    }
    Cli.Result result = Cli.run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    return Files.readString(json);
  }
}
