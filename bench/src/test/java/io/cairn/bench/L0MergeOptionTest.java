package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.Options;
import io.cairn.node.api.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --l0-merge-max SIZE|0} reaches the store settings and the JSON; a bad size is a usage error. */
class L0MergeOptionTest {
  @TempDir Path tmp;

  @Test
  void theBoundIsRecordedOffAndByDefault() throws Exception {
    assertThat(run("0")).contains("\"l0_merge_max_bytes\": 0");
    assertThat(run(null)).contains("\"l0_merge_max_bytes\": " + Options.DEFAULT_L0_MERGE_MAX_BYTES);
  }

  @Test
  void aBadBoundIsAUsageError() {
    Cli.Result result = Cli.run("bench", "run", "--heap", "none", "--l0-merge-max", "lots", "--engines", "cairn-ssd", "--quick",
        "--dir", tmp.resolve("bad").toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("--l0-merge-max");
  }

  private String run(String bound) throws Exception {
    String name = bound == null ? "default" : bound;
    Path json = tmp.resolve(name + ".json");
    List<String> args = new ArrayList<>(List.of("bench", "paper", "--heap", "none", "--records", "200",
        "--value-sizes", "4096", "--engines", "cairn-ssd", "--warmup", "0", "--io", "buffered",
        "--dir", tmp.resolve(name).toString(), "--json", json.toString()));
    if (bound != null) {
      args.addAll(List.of("--l0-merge-max", bound));
    }
    Cli.Result result = Cli.run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    return Files.readString(json);
  }
}
