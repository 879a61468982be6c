package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./cairn bench jmh}: JMH's runner over the benchmarks compiled into this module. */
class JmhCommandTest {
  @TempDir Path tmp;

  /** JMH prints to System.out itself; capture it for the duration of {@code body}. */
  private static String capturingStdout(Runnable body) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true));
    try {
      body.run();
    } finally {
      System.setOut(original);
    }
    return bytes.toString();
  }

  @Test
  void listShowsTheBenchmarksCompiledIn() {
    Cli.Result[] result = new Cli.Result[1];
    String out = capturingStdout(() -> result[0] = Cli.run("bench", "jmh", "-l"));
    assertThat(result[0].exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(out).contains("io.cairn.bench.runner.TimingOverheadBenchmark.timedEmptyOperation");
  }

  @Test
  void aSelectedBenchmarkRunsAndItsScoreGoesToJson() throws Exception {
    Path json = tmp.resolve("jmh.json");
    Cli.Result[] result = new Cli.Result[1];
    capturingStdout(() -> result[0] = Cli.run("bench", "jmh", "TimingOverheadBenchmark.nanoTime",
        "-f", "0", "-wi", "0", "-i", "1", "-r", "100ms", "--json", json.toString()));
    assertThat(result[0].exitCode()).as(result[0].err()).isEqualTo(ExitCodes.OK);
    assertThat(Files.readString(json)).contains("\"benchmark\": \"io.cairn.bench.runner.TimingOverheadBenchmark.nanoTime\"",
        "\"mode\": \"avgt\"", "\"unit\": \"ns/op\"", "\"score\"", "\"machine\"");
  }

  @Test
  void aRegexMatchingNothingFailsClearly() {
    Cli.Result[] result = new Cli.Result[1];
    capturingStdout(() -> result[0] = Cli.run("bench", "jmh", "NoSuchBenchmarkAnywhere"));
    assertThat(result[0].exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(result[0].err()).contains("no benchmark matches");
  }

  @Test
  void badJmhOptionsAreUsageErrors() {
    Cli.Result result = Cli.run("bench", "jmh", "-f", "many");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("bad JMH option");
  }

  @Test
  void ourHelpDescribesTheCommand() {
    Cli.Result result = Cli.run("bench", "jmh", "--help");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(result.out()).contains("Usage: cairn bench jmh", "./cairn bench jmh -l");
  }
}
