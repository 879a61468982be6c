package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.Main;
import io.cairn.node.api.ExitCodes;
import io.cairn.pmem.api.DaxStatus;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PmemCommandTest {
  @TempDir Path dir;

  private static int run(StringWriter out, String... args) {
    CommandLine root = CairnCommand.create();
    root.setOut(new PrintWriter(out));
    root.setErr(new PrintWriter(new StringWriter()));
    return root.execute(args);
  }

  @Test
  void checkOfATemporaryDirectoryPassesAndReportsEveryBackend() throws IOException {
    Path json = dir.resolve("out/check.json");
    Path checked = Files.createDirectory(dir.resolve("checked"));
    StringWriter out = new StringWriter();
    assertThat(run(out, "pmem", "check", "--dir", checked.toString(), "--json", json.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("pmem check of " + checked.toAbsolutePath())
        .contains("CPU cache flush:")
        .containsPattern("(?m)^  ffm +yes +ok ")
        .containsPattern("(?m)^  crash-sim +yes +ok ")
        .containsPattern("(?m)^  libpmem ")
        .containsPattern("(?m)^  llpl ")
        .contains("every available backend passed");
    String text = Files.readString(json);
    assertThat(text)
        .startsWith("{\n  \"dir\": \"" + checked.toAbsolutePath() + "\",\n  \"dax\": ")
        .containsPattern("\"dax\": (true|false),\n  \"backends\": \\[")
        .contains("\"name\": \"ffm\",\n      \"available\": true,\n      \"reason\": null,\n      \"self_test\": \"ok\"")
        .contains("\"name\": \"libpmem\"", "\"name\": \"llpl\"", "\"name\": \"crash-sim\"")
        .doesNotContain("failed");
    try (Stream<Path> left = Files.list(checked)) {
      assertThat(left).as("the self-tests clean up").isEmpty();
    }
  }

  @Test
  void jsonOfAnUnavailableBackendHasItsReasonAndNoSelfTest() {
    PmemCheck.Report report = new PmemCheck.Report(dir, new DaxStatus(false, "tmpfs"), "clwb", "unknown",
        List.of(new PmemCheck.BackendResult(PmemBackend.LLPL, false, "libpmemobj.so.1 not found", null, null)));
    assertThat(PmemCommand.Check.toJson(report).toString())
        .contains("\"name\": \"llpl\",\n      \"available\": false,\n      \"reason\": \"libpmemobj.so.1 not found\",\n      \"self_test\": null");
  }

  @Test
  void aMissingDirectoryFailsWithOneLine() {
    assertThat(Main.run("pmem", "check", "--dir", dir.resolve("absent").toString())).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void checkWithoutADirectoryIsAUsageError() {
    assertThat(run(new StringWriter(), "pmem", "check")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void pmemAloneListsItsCommands() {
    StringWriter out = new StringWriter();
    CommandLine root = CairnCommand.create();
    StringWriter err = new StringWriter();
    root.setErr(new PrintWriter(err));
    root.setOut(new PrintWriter(out));
    assertThat(root.execute("pmem")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Usage: cairn pmem").containsPattern("(?m)^\\s+check\\s");
  }
}
