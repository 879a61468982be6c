package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./cairn bench contracts} end to end at smoke size: the issue's JSON keys and the ceiling. */
class ContractsBenchTest {
  @TempDir Path tmp;

  @Test
  void writesTheRunsAndTheCeilingAndFindsNoMismatch() throws Exception {
    Path json = tmp.resolve("contracts.json");
    Cli.Result result = Cli.run("bench", "contracts", "--forks", "0", "--block-calls", "300", "--rounds", "1", "--warmup", "0",
        "--rates", "0,0.5", "--threads", "1,2", "--json", json.toString());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out()).containsPattern("(?m)^ +ceiling +compute +2 threads ")
        .containsPattern("(?m)^ +ceiling +compute-wide +2 threads ")
        .containsPattern("(?m)^ +ceiling +transfers +2 threads ")
        .containsPattern("(?m)^ +ceiling +transfers-declared +2 threads ")
        // session 13: each slice made by its own thread, and every transfers row over transfers on 1 thread
        .containsPattern("(?m)^ +ceiling +transfers-own +2 threads .* [0-9.]+x transfers on 1 thread +CPU/op caller"
            + " [0-9]+ ns, others [0-9]+ ns$")
        .containsPattern("(?m)^ +ceiling +transfers-declared-own +2 threads ")
        .containsPattern("(?m)^ +ceiling +transfers +1 threads .* +1\\.00x transfers on 1 thread ")
        .containsPattern("(?m)^ +declared +2 threads +50\\.0% conflicts ");
    String text = Files.readString(json);
    assertThat(text).contains("\"runs\"", "\"executor\": \"declared\"", "\"executor\": \"block-stm\"",
        "\"threads\": 2", "\"conflict_rate\": 0.5", "\"tx_per_s\"", "\"speedup_vs_serial\"", "\"mismatches\": 0",
        "\"ceiling\"", "\"kernel\": \"transfers\"", "\"kernel\": \"transfers-declared\"", "\"speedup_vs_1_thread\"", "\"cpu_vs_1_thread\"",
        "\"alloc_bytes_per_tx\"", "\"gc_us_per_tx\"", "\"alloc_bytes_per_op\"", "\"gc_ns_per_op\"",
        "\"gc_cpu_us_per_tx\"", "\"gc_cpu_ns_per_op\"", "\"kernel\": \"transfers-own\"",
        "\"kernel\": \"transfers-declared-own\"", "\"speedup_vs_transfers_1_thread\"", "\"cpu_ns_per_op_caller\"",
        "\"cpu_ns_per_op_other_threads\"", "\"calls_made_by\": \"caller\"");
  }

  /**
   * Calls made by their runners (session 13), and decoded from their transactions' encodings as a
   * ledger does, with the calls made where they run or all on the caller first (session 15): every
   * parallel result equals serial's.
   */
  @Test
  void callsMadeByTheirRunnersEqualSerial() throws Exception {
    for (String mode : java.util.List.of("runner", "ledger", "ledger-eager")) {
      Path json = tmp.resolve(mode + ".json");
      Cli.Result result = Cli.run("bench", "contracts", "--forks", "0", "--block-calls", "300", "--rounds", "2",
          "--warmup", "0", "--rates", "0,0.5", "--threads", "1,2", "--executors", "declared,block-stm", "--no-ceiling",
          "--calls-made-by", mode, "--json", json.toString());
      assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
      assertThat(result.out()).contains("(calls made by the " + mode + ")")
          .containsPattern("(?m)^ +declared +2 threads +0\\.0% conflicts ");
      assertThat(Files.readString(json)).contains("\"calls_made_by\": \"" + mode + "\"", "\"mismatches\": 0");
    }
    Cli.Result refused = Cli.run("bench", "contracts", "--calls-made-by", "nobody");
    assertThat(refused.exitCode()).isNotEqualTo(ExitCodes.OK);
    assertThat(refused.err()).contains("--calls-made-by must be caller, runner, ledger or ledger-eager");
  }

  @Test
  void phasesAreTimedPerThreadCountAndRate() throws Exception {
    Path json = tmp.resolve("phases.json");
    Cli.Result result = Cli.run("bench", "contracts", "--forks", "0", "--block-calls", "300", "--rounds", "2", "--warmup", "0",
        "--rates", "0,0.5", "--threads", "1,2", "--executors", "declared,declared-last,declared-pinned,block-stm",
        "--no-ceiling", "--phases", "--json", json.toString());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out())
        .containsPattern("(?m)^ +phases declared +2 threads +50\\.0% conflicts +us/tx CPU/wall: +prepare [0-9.]+/[0-9.]+ +hand-off"
            + " .* plan .* wait-plan .* run .* join .* deferred .* merge [0-9.]+/[0-9.]+$")
        // each thread's run per call it ran, and the calls per block adding up to the calls that were not deferred
        .containsPattern("(?m)^ +threads declared +2 threads +0\\.0% conflicts +run us/call CPU/wall: +t0 [0-9.]+/[0-9.]+"
            + " \\([0-9,]+ calls/block\\) +t1 [0-9.]+/[0-9.]+ \\([0-9,]+ calls/block\\)$")
        .containsPattern("(?m)^ +threads declared +1 threads +0\\.0% conflicts +run us/call CPU/wall: +t0 [0-9.]+/[0-9.]+"
            + " \\(300 calls/block\\)$")
        .containsPattern("(?m)^ +phases declared-last +2 threads +0\\.0% conflicts ")
        // session 19: per thread and block, how the chunks went and the idle time at the join
        .containsPattern("(?m)^ +chunks declared +2 threads +50\\.0% conflicts +per block: +t0 chunks [0-9.]+ pinned [0-9.]+"
            + " took [0-9.]+ taken [0-9.]+ deferred [0-9.]+\\+[0-9.]+ idle [0-9.]+ us +t1 chunks [0-9.]+ .* idle [0-9.]+ us$")
        .containsPattern("(?m)^ +phases declared-pinned +2 threads +50\\.0% conflicts ")
        .containsPattern("(?m)^ +declared +2 threads +0\\.0% conflicts .* GC in [0-2]/2 blocks$")
        .containsPattern("(?m)^ +serial per CPU second of its thread: [0-9,]+ tx/s; [0-9]+ warm-up rounds, JIT compiling"
            + " [0-9,]+ ms during the measured ones$")
        .doesNotContainPattern("(?m)^ +phases block-stm");
    String text = Files.readString(json);
    assertThat(text).contains("\"phases\": [", "\"blocks\": 2", "\"prepare\": {", "\"hand-off\": {", "\"merge\": {",
        "\"wall_us_per_tx\"", "\"threads_run\": [", "\"run_cpu_us_per_call\"", "\"run_calls\": 600", "\"gc_blocks\"",
        "\"executor\": \"declared-last\"", "\"jit\": {", "\"jit_ms_measured\"", "\"executor\": \"declared-pinned\"",
        "\"per_block\": {", "\"chunks\": ", "\"pinned\": ", "\"taken_from\": ", "\"deferred_taken\": ",
        "\"deferred_planned\": ", "\"join_idle_ns\": ");
  }

  @Test
  void noCeilingSkipsIt() {
    Cli.Result result = Cli.run("bench", "contracts", "--forks", "0", "--block-calls", "100", "--rounds", "1", "--warmup", "0",
        "--rates", "0,0.5", "--threads", "2", "--executors", "declared,declared-after", "--no-ceiling");
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out()).doesNotContain("ceiling")
        .containsPattern("(?m)^ +declared-after +2 threads +50\\.0% conflicts ");
  }

  /**
   * Session 15: {@code --forks 2} measures in two fresh JVMs and merges them: each fork's output
   * comes through after its {@code fork k/2} line, a {@code forks} line per parallel configuration
   * gives the median of the forks' speedups with their range, and the JSON keeps the issue's keys
   * with each run's forks; the result check of every fork counts; a negative count is refused.
   */
  @Test
  void forksMeasureInFreshJvmsAndReportTheMedianAndRange() throws Exception {
    Path json = tmp.resolve("forks.json");
    Cli.Result result = Cli.run("bench", "contracts", "--forks", "2", "--fork-heap", "256m", "--block-calls", "300",
        "--rounds", "3", "--warmup", "0", "--rates", "0,0.5", "--threads", "1,2", "--executors", "declared",
        "--no-ceiling", "--json", json.toString());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out()).containsPattern("(?m)^fork 1/2: a fresh JVM, load average ")
        .containsPattern("(?m)^fork 2/2: ")
        .containsPattern("(?m)^bench contracts: blocks of 300 token transfers") // a fork's own output
        .containsPattern("(?m)^ +forks +declared +2 threads +50\\.0% conflicts +[0-9.]+x serial \\(median of 2 forks;"
            + " range [0-9.]+x-[0-9.]+x: [0-9.]+x, [0-9.]+x\\) ");
    String text = Files.readString(json);
    assertThat(text).contains("\"runs\"", "\"executor\": \"declared\"", "\"threads\": 2", "\"conflict_rate\": 0.5",
        "\"tx_per_s\"", "\"speedup_vs_serial\"", "\"mismatches\": 0", "\"forks\": 2", "\"failed_forks\": 0");
    java.util.regex.Matcher forks = java.util.regex.Pattern.compile("\"speedup_vs_serial\": ([0-9.]+),(?s:.*?)\"forks\":"
        + " \\{\\s*\"speedup\": \\[\\s*([0-9.]+),\\s*([0-9.]+)\\s*\\],\\s*\"median\": ([0-9.]+),\\s*\"min\": ([0-9.]+),"
        + "\\s*\"max\": ([0-9.]+)").matcher(text);
    int found = 0;
    while (forks.find()) {
      found++;
      double a = Double.parseDouble(forks.group(2));
      double b = Double.parseDouble(forks.group(3));
      assertThat(Double.parseDouble(forks.group(1))).isCloseTo((a + b) / 2, org.assertj.core.data.Offset.offset(0.002));
      assertThat(Double.parseDouble(forks.group(5))).isEqualTo(Math.min(a, b));
      assertThat(Double.parseDouble(forks.group(6))).isEqualTo(Math.max(a, b));
    }
    // session 17: serial, serial-declared, serial-x2, serial-declared-x2, declared on 1 and 2 threads, at 2 rates
    assertThat(found).as("the baselines, the ceilings and declared on 1 and 2 threads at 2 rates").isEqualTo(12);
    Cli.Result refused = Cli.run("bench", "contracts", "--forks", "-1");
    assertThat(refused.exitCode()).isNotEqualTo(ExitCodes.OK);
    assertThat(refused.err()).contains("--warmup and --forks at least 0");
  }

  /**
   * Session 14: {@code --repeats} runs the sweep again in the same JVM; each configuration gets a
   * line per repeat with its speedup in that repeat alone, and a spread line and JSON object with
   * the quantiles of its per-round speedup over serial's of the same round (ordered) and one
   * speedup per repeat; the totals count the blocks of every repeat; 0 repeats is refused.
   */
  @Test
  void repeatsReportTheSpreadOfTheSpeedup() throws Exception {
    Path json = tmp.resolve("repeats.json");
    Cli.Result result = Cli.run("bench", "contracts", "--forks", "0", "--block-calls", "300", "--rounds", "3", "--warmup", "0",
        "--rates", "0,0.5", "--threads", "1,2", "--executors", "declared", "--no-ceiling", "--repeats", "2",
        "--json", json.toString());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out())
        .containsPattern("(?m)^ +repeat 1/2 +0\\.0% conflicts: +declared 1 threads [0-9.]+x +declared 2 threads [0-9.]+x$")
        .containsPattern("(?m)^ +repeat 2/2 +50\\.0% conflicts: ")
        .containsPattern("(?m)^ +declared +2 threads +50\\.0% conflicts .* GC in [0-6]/6 blocks$")
        .containsPattern("(?m)^ +spread +declared +2 threads +0\\.0% conflicts +per round over serial's: p10 [0-9.]+x"
            + " +median [0-9.]+x +p90 [0-9.]+x; +per repeat: [0-9.]+x, [0-9.]+x$");
    String text = Files.readString(json);
    assertThat(text).contains("\"repeats\": 2", "\"speedup_spread\": {", "\"mismatches\": 0");
    java.util.regex.Matcher spread = java.util.regex.Pattern.compile("\"speedup_spread\": \\{\\s*\"p10\": ([0-9.]+),"
        + "\\s*\"median\": ([0-9.]+),\\s*\"p90\": ([0-9.]+),\\s*\"repeats\": \\[([^\\]]*)\\]").matcher(text);
    int found = 0;
    while (spread.find()) {
      found++;
      double p10 = Double.parseDouble(spread.group(1));
      double median = Double.parseDouble(spread.group(2));
      double p90 = Double.parseDouble(spread.group(3));
      assertThat(p10).isLessThanOrEqualTo(median);
      assertThat(median).isLessThanOrEqualTo(p90);
      assertThat(spread.group(4).split(",")).hasSize(2);
    }
    assertThat(found).as("a spread per run: the baselines, the ceilings and declared on 1 and 2 threads at 2 rates")
        .isEqualTo(12);
    Cli.Result refused = Cli.run("bench", "contracts", "--repeats", "0");
    assertThat(refused.exitCode()).isNotEqualTo(ExitCodes.OK);
    assertThat(refused.err()).contains("and --repeats must be at least 1");
  }

  /**
   * Session 17: every round also runs the serial executor on the declared block ({@code
   * serial-declared}) and the machine's ceiling, two copies of the serial loop at once on blocks of
   * their own ({@code serial-x2}, {@code serial-declared-x2}); each row reports its speedup over
   * both baselines and its share of its ceiling, and copy 0's result is checked against serial's.
   */
  @Test
  void reportsBothBaselinesAndTheShareOfTheCeilingInTheSameRounds() throws Exception {
    Path json = tmp.resolve("baselines.json");
    Cli.Result result = Cli.run("bench", "contracts", "--forks", "0", "--block-calls", "300", "--rounds", "3",
        "--warmup", "0", "--rates", "0,0.5", "--threads", "1,2", "--executors", "declared,block-stm", "--no-ceiling",
        "--json", json.toString());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out())
        .containsPattern("(?m)^ +serial-declared +1 threads +0\\.0% conflicts .* 1\\.00x serial-declared ")
        .containsPattern("(?m)^ +serial-x2 +2 threads +50\\.0% conflicts .* 100\\.0% of copies ")
        .containsPattern("(?m)^ +serial-declared-x2 +2 threads +0\\.0% conflicts ")
        .containsPattern("(?m)^ +declared +2 threads +0\\.0% conflicts .*x serial-declared +[0-9.]+% of copies ");
    jakarta.json.JsonObject report;
    try (var reader = jakarta.json.Json.createReader(Files.newBufferedReader(json))) {
      report = reader.readObject();
    }
    assertThat(report.getInt("mismatches")).isZero();
    java.util.Map<String, jakarta.json.JsonObject> runs = new java.util.HashMap<>();
    for (jakarta.json.JsonValue value : report.getJsonArray("runs")) {
      jakarta.json.JsonObject run = value.asJsonObject();
      runs.put(run.getString("executor") + "/" + run.getInt("threads") + "/"
          + run.getJsonNumber("conflict_rate").doubleValue(), run);
    }
    assertThat(runs).containsKeys("serial/1/0.0", "serial-declared/1/0.0", "serial-x2/2/0.0",
        "serial-declared-x2/2/0.5", "declared/1/0.5", "declared/2/0.5", "block-stm/2/0.5");
    for (double rate : new double[] {0.0, 0.5}) {
      // each baseline against itself, in the same rounds
      assertThat(number(runs.get("serial/1/" + rate), "speedup_vs_serial")).isEqualTo(1.0);
      assertThat(number(runs.get("serial/1/" + rate), "ceiling_share")).isEqualTo(1.0);
      assertThat(number(runs.get("serial-declared/1/" + rate), "speedup_vs_serial_declared")).isEqualTo(1.0);
      assertThat(number(runs.get("serial-declared/1/" + rate), "ceiling_share")).isEqualTo(1.0);
      assertThat(number(runs.get("serial-x2/2/" + rate), "ceiling_share")).isEqualTo(1.0);
      assertThat(number(runs.get("serial-declared-x2/2/" + rate), "ceiling_share")).isEqualTo(1.0);
      // one thread's ceiling is the serial loop on its kind of block: declared's share is its speedup over that
      jakarta.json.JsonObject one = runs.get("declared/1/" + rate);
      assertThat(number(one, "ceiling_share")).isEqualTo(number(one, "speedup_vs_serial_declared"));
      for (String executor : new String[] {"declared/2/", "block-stm/2/"}) {
        jakarta.json.JsonObject run = runs.get(executor + rate);
        assertThat(number(run, "ceiling_share")).as(executor).isPositive();
        assertThat(number(run, "speedup_vs_serial_declared")).as(executor).isPositive();
      }
    }
  }

  private static double number(jakarta.json.JsonObject run, String member) {
    return run.getJsonNumber(member).doubleValue();
  }
}
