package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.Cairn;
import io.cairn.node.api.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --io direct|buffered}: chosen, defaulted from the file system, and recorded in the JSON's settings. */
class IoModeCommandTest {
  @TempDir Path tmp;

  @Test
  void eachIoModeIsRecordedInTheSettingsAndEveryRowHasAStallShare() throws Exception {
    for (String io : new String[] {"buffered", "direct"}) {
      if (io.equals("direct") && !Cairn.directIoSupported(tmp)) {
        continue;
      }
      Path json = tmp.resolve(io + ".json");
      Cli.Result result = Cli.run("bench", "paper", "--heap", "none", "--quick", "--records", "200", "--value-sizes", "4096",
          "--engines", "cairn-ssd,cairn-pmem,rocksdb", "--warmup", "0", "--io", io,
          "--dir", tmp.resolve(io).toString(), "--json", json.toString());
      assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
      assertThat(result.err()).contains("table I/O " + io);
      String text = Files.readString(json);
      assertThat(text).contains("\"io\": \"" + io + "\"", "\"stall_share\"", "\"block_cache_hit_rate\"");
    }
  }

  @Test
  void theDefaultIsDirectWhereTheFileSystemAllowsIt() throws Exception {
    Path json = tmp.resolve("default.json");
    Cli.Result result = Cli.run("bench", "paper", "--heap", "none", "--quick", "--records", "100", "--value-sizes", "4096",
        "--engines", "cairn-ssd", "--warmup", "0", "--dir", tmp.resolve("d").toString(), "--json", json.toString());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    boolean direct = Cairn.directIoSupported(tmp);
    assertThat(Files.readString(json)).contains("\"io\": \"" + (direct ? "direct" : "buffered") + "\"");
    if (!direct) {
      assertThat(result.err()).contains("refuses direct I/O");
    }
  }

  @Test
  void anUnknownIoModeIsAUsageError() {
    Cli.Result result = Cli.run("bench", "run", "--heap", "none", "--io", "mmap");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("--io must be direct or buffered");
  }
}
