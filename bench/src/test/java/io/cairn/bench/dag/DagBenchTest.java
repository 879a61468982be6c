package io.cairn.bench.dag;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DagBenchTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine command = new CommandLine(new DagBench());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  @Test
  void smallRunWritesExactlyTheScriptKeysAndTheStorageCharts(@TempDir Path folder) throws IOException {
    Path report = folder.resolve("dag.json");
    int status = run("--txs", "2000", "--block-txs", "100", "--blocks", "2000", "--rounds", "1",
        "--storage", "300,600", "--record-bytes", "200", "--charts", folder.resolve("charts").toString(),
        "--json", report.toString());
    assertThat(status).as(err.toString()).isEqualTo(ExitCodes.OK);
    String json = Files.readString(report);
    Matcher names = Pattern.compile("\"([a-z_]+)\":").matcher(json);
    List<String> keys = new ArrayList<>();
    while (names.find()) {
      keys.add(names.group(1));
    }
    assertThat(keys).containsExactly("ordered_tx_per_s", "order_us_per_block", "onchain_bytes_per_record", "nodes");
    assertThat(json).contains("\"nodes\": 5");
    assertThat(out.toString()).contains("ALL_ON_CHAIN", "HASHES_ON_DAG", "COMPOSITE");
    assertThat(folder.resolve("charts/dag-storage-time.png")).isNotEmptyFile();
    assertThat(folder.resolve("charts/dag-storage-bytes.png")).isNotEmptyFile();
  }

  @Test
  void storageExperimentPutsFewerBytesOnChainWithRecordsOffChain(@TempDir Path folder) {
    DagStorageExperiment experiment = new DagStorageExperiment(500, 100, 100, 1);
    long all = experiment.run(DagStorageExperiment.Mode.ALL_ON_CHAIN, 400, folder.resolve("a")).onChainBytes();
    long hashes = experiment.run(DagStorageExperiment.Mode.HASHES_ON_DAG, 400, folder.resolve("b")).onChainBytes();
    long composite = experiment.run(DagStorageExperiment.Mode.COMPOSITE, 400, folder.resolve("c")).onChainBytes();
    assertThat(all).isGreaterThan(400L * 500);
    assertThat(hashes).isLessThan(400L * 48);
    assertThat(composite).isGreaterThan(hashes).isLessThan(all);
  }

  @Test
  void badValuesAreUsageErrors() {
    assertThat(run("--nodes", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("must be positive");
  }
}
