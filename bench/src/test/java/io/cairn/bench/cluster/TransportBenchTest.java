package io.cairn.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(120)
class TransportBenchTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine command = new CommandLine(new TransportBench());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  @Test
  void aSmallRunDeliversEveryFrameAndWritesTheFigures(@TempDir Path folder) throws IOException {
    Path report = folder.resolve("transport.json");
    int status = run("--frames", "2000", "--payload-bytes", "64,8192", "--json", report.toString());
    assertThat(status).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("per message", "per byte");
    String json = Files.readString(report);
    assertThat(json).contains("\"payload_bytes\": 64", "\"payload_bytes\": 8192", "\"frames\": 2000",
        "\"cpu_us_per_frame\": ", "\"cpu_us_per_message\": ", "\"cpu_ns_per_byte\": ");
  }

  @Test
  void oneSizeOrABadWindowIsAUsageError() {
    assertThat(run("--payload-bytes", "64")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("--window", "4", "--batch", "16")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--window");
  }
}
