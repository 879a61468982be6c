package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DagCommandTest {
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine root = CairnCommand.create();
    root.setOut(new PrintWriter(out));
    root.setErr(new PrintWriter(err));
    int exit = root.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Path figure7() {
    Path path = Path.of("../docs/examples/dag-fig7.json");
    assertThat(path).exists();
    return path;
  }

  private static String compact(String json) {
    return json.replaceAll("\\s+", "");
  }

  @Test
  void ordersThePapersFigure7WithTheScriptKeys() {
    Run run = run("dag", "order", "--input", figure7().toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    String json = compact(run.out());
    assertThat(json).startsWith("{\"pivot_chain\":[\"Genesis\",\"A\",\"C\",\"E\",\"H\"],\"epochs\":[");
    assertThat(json).contains("{\"pivot\":\"H\",\"blocks\":[\"G\",\"J\",\"I\",\"H\"]}");
    assertThat(json).contains("\"block_order\":[\"Genesis\",\"A\",\"B\",\"C\",\"D\",\"F\",\"E\",\"G\",\"J\",\"I\",\"H\"]");
    assertThat(json).contains("\"tx_order\":[\"k1\",\"k2\",\"claim-k3-by-x\"]");
    assertThat(json).contains("\"dropped_txs\":[\"k1\",\"claim-k3-by-y\"]");
    assertThat(json).endsWith("\"unordered_blocks\":[\"K\"]}");
  }

  @Test
  void showPrintsEpochsForAReader() {
    Run run = run("dag", "show", "--input", figure7().toString(), "-k", "2");
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("12 blocks, 5 epochs (3 confirmed at k=2)", "epoch 4  pivot H (subtree 1): [G, J, I, H]",
        "not yet ordered: [K]");
  }

  @Test
  void badInputGetsOneClearLineAndExitStatusOne(@TempDir Path dir) throws Exception {
    String[][] cases = {
        {"{\"blocks\": [{\"id\": \"A\", \"parent\": \"G\"}]}", "no genesis"},
        {"{\"blocks\": [{\"id\": \"G\", \"parent\": null}, {\"id\": \"A\", \"parent\": \"X\"}]}", "block A has unknown parent X"},
        {"{\"blocks\": [{\"id\": \"G\", \"parent\": null}, {\"id\": \"G\", \"parent\": null}]}", "duplicate block id G"},
        {"{\"blocks\": [{\"id\": \"G\", \"parent\": null}, {\"id\": \"A\", \"parent\": \"G\", \"refs\": [\"B\"]},"
            + " {\"id\": \"B\", \"parent\": \"G\", \"refs\": [\"A\"]}]}", "cycle"},
        {"{\"blocks\": [{\"id\": \"G\", \"parent\": null, \"weight\": 2}]}", "unknown block member \"weight\""},
        {"{\"blocks\": [{\"id\": 7, \"parent\": null}]}", "\"id\" must be a string, found a number"},
        {"{\"blocks\": [", "not JSON"},
    };
    for (String[] c : cases) {
      Path file = dir.resolve("dag.json");
      Files.writeString(file, c[0]);
      Run run = run("dag", "order", "--input", file.toString());
      assertThat(run.exit()).as(c[0]).isEqualTo(ExitCodes.FAILED);
      assertThat(run.err()).as(c[0]).startsWith("cairn dag order: ").contains(c[1]).doesNotContain("Exception");
      assertThat(run.err().lines().count()).isEqualTo(1);
    }
    Run missing = run("dag", "order", "--input", dir.resolve("nope.json").toString());
    assertThat(missing.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(missing.err()).contains("no such file");
    assertThat(run("dag", "order").exit()).isEqualTo(ExitCodes.USAGE);
  }
}
