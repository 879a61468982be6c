package io.cairn.bench.chain;

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

class ChainBenchTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine command = new CommandLine(new ChainBench());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  @Test
  void smallRunVerifiesEverythingAndWritesTheFigures(@TempDir Path folder) throws IOException {
    Path report = folder.resolve("out/chain.json");
    int status = run("--records", "1500", "--record-bytes", "100", "--block-records", "500", "--tx-records", "100",
        "--threads", "2", "--ledger-write-buffer", "256k", "--heap", "128m", "--warmup-records", "400",
        "--dir", folder.resolve("dbs").toString(),
        "--json", report.toString());
    assertThat(status).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("anchored", "verified", "engine alone");
    String json = Files.readString(report);
    assertThat(json).contains("\"records\": 1500", "\"anchored_per_s\": ", "\"verified_per_s\": ",
        "\"verify_failures\": 0", "\"stored_per_s\": ", "\"targets\": ", "\"verify_cpu_us_per_record\": ",
        "\"anchor_cpu_us_per_record\": ", "\"read_cpu_us_per_record\": ", "\"verify_first_pass_p99_us\": ",
        "\"load_average_1m_start\": ", "\"load_average_1m_end\": ", "\"ledger_write_buffer_bytes\": 262144");
    assertThat(out.toString()).contains("CPU per record", "load average", "engines settled", "heap fixed at 128 MiB");
    assertThat(json).contains("\"heap_fixed\": true", "\"warmup_records\": 400", "\"anchor_phase\": ",
        "\"verify_phase\": ", "\"block_cache_hit_rate\": ",
        "\"verify_settle_ms\": ", "\"verify_system_cpu_us_per_record\": ");
  }

  @Test
  void heapNoneMeasuresInThisJvm(@TempDir Path folder) throws IOException {
    Path report = folder.resolve("chain.json");
    int status = run("--records", "300", "--record-bytes", "64", "--block-records", "100", "--tx-records", "50",
        "--threads", "1", "--ledger-write-buffer", "256k", "--heap", "none", "--warmup-records", "0", "--json",
        report.toString());
    assertThat(status).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(Files.readString(report)).contains("\"heap_fixed\": false", "\"verify_failures\": 0");
  }

  @Test
  void aDirectoryInUseIsRefused(@TempDir Path folder) throws IOException {
    Files.writeString(folder.resolve("something"), "x");
    assertThat(run("--dir", folder.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("is not empty");
  }

  @Test
  void badValuesAreUsageErrors() {
    assertThat(run("--records", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("at least 1");
    assertThat(run("--hash", "md5")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("unknown hash algorithm 'md5'");
    assertThat(run("--ledger-write-buffer", "1k")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--ledger-write-buffer must be at least 64k");
    assertThat(run("--warmup-records", "-1")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--warmup-records must be at least 0");
    assertThat(run("--heap", "1m")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--heap must be at least 64m, or none");
  }

  @Test
  void helpNamesTheFigures() {
    assertThat(run("--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("--records", "--tx-records", "--threads", "--json");
  }
}
