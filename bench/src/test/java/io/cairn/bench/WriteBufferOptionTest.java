package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --write-buffer SIZE} and {@code --write-buffers N} reach every engine's settings; Cairn rows
 * carry {@code stats.read_path}.
 */
class WriteBufferOptionTest {
  @TempDir Path tmp;

  @Test
  void theWriteBufferIsRecordedAndCairnRowsCountTheirReadPath() throws Exception {
    Path json = tmp.resolve("run.json");
    Cli.Result result = Cli.run("bench", "paper", "--heap", "none", "--records", "300", "--value-sizes", "4096", "--engines",
        "cairn-ssd,cairn-pmem", "--warmup", "0", "--io", "buffered", "--write-buffer", "256k",
        "--dir", tmp.resolve("db").toString(), "--json", json.toString());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    String text = Files.readString(json);
    assertThat(text).contains("\"write_buffer_bytes\": " + (256 << 10));
    assertThat(text).contains("\"read_path\": {", "\"l0_answer_share\"", "\"block_reads_per_get\"");
    // The paper's write phase says what its puts cost in CPU, split by thread group.
    assertThat(text).contains("\"cpu_us_per_op\": {", "\"client\":", "\"flush\":", "\"compaction\":");
  }

  @Test
  void aWriteBufferBelow64KiBIsAUsageError() {
    Cli.Result result = Cli.run("bench", "run", "--heap", "none", "--write-buffer", "1k", "--engines", "cairn-ssd", "--quick",
        "--dir", tmp.resolve("small").toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("--write-buffer must be at least 64k");
  }

  @Test
  void theMemTableCountReachesEveryEngineAndOneBelowTwoIsAUsageError() throws Exception {
    Path json = tmp.resolve("buffers.json");
    Cli.Result result = Cli.run("bench", "paper", "--heap", "none", "--records", "300", "--value-sizes", "4096", "--engines",
        "cairn-ssd,leveldb-java", "--warmup", "0", "--io", "buffered", "--write-buffers", "5",
        "--dir", tmp.resolve("buffers").toString(), "--json", json.toString());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    String text = Files.readString(json);
    assertThat(text).contains("\"max_write_buffer_number\": 5");
    // cairn-ssd's row took the five; leveldb-java's ran (not failed) with the two it is built with.
    assertThat(text).contains("\"write_buffers\": 5", "\"write_buffers\": 2").contains("\"failed\": []");

    Cli.Result refused = Cli.run("bench", "run", "--heap", "none", "--write-buffers", "1", "--engines", "cairn-ssd", "--quick",
        "--dir", tmp.resolve("one").toString());
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("--write-buffers must be at least 2");
  }
}
