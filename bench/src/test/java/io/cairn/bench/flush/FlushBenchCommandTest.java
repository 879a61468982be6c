package io.cairn.bench.flush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.node.api.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FlushBenchCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine command = new CommandLine(new FlushBenchCommand());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  /** Small memtables, so that both engines flush many times; the kernel's counters are read per thread. */
  @Test
  void countsTheFlushThreadOfEachEngineAndCleansUp(@TempDir Path folder) throws IOException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "per-thread counters need Linux's /proc");
    Path report = folder.resolve("flush.json");
    Path pmem = folder.resolve("pmem");
    Path dbs = folder.resolve("dbs");
    int status = run("--records", "4000", "--rounds", "1", "--write-buffer", "256k", "--io", "buffered",
        "--engines", "cairn-pmem,cairn-ssd", "--dir", dbs.toString(), "--pmem-dir", pmem.toString(),
        "--json", report.toString());
    assertThat(status).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("cairn-pmem", "cairn-ssd", "writes/rec");
    String json = Files.readString(report).replaceAll("\\s", "");
    assertThat(json).contains("\"records\":4000", "\"record_bytes\":1092", "\"engine\":\"cairn-pmem\"",
        "\"engine\":\"cairn-ssd\"");
    // Every engine flushed some 16 memtables: its flush thread ran and wrote.
    assertThat(json).doesNotContain("\"flush_us_per_record\":0.0,", "\"flush_write_calls_per_record\":0.0,");
    try (var left = Files.list(pmem)) {
      assertThat(left.toList()).as("the pmem L0s are deleted").isEmpty();
    }
    try (var left = Files.list(dbs)) {
      assertThat(left.toList()).as("the databases are deleted").isEmpty();
    }
  }

  @Test
  void badValuesAreUsageErrors() {
    assertThat(run("--records", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--records must be in [1, ");
    assertThat(run("--io", "mmap")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--io must be direct or buffered");
  }
}
