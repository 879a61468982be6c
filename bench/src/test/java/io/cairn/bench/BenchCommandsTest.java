package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./cairn bench paper|run} end to end, against the peers on a real directory. */
class BenchCommandsTest {
  @TempDir Path tmp;

  @Test
  void runMeasuresEveryWorkloadOnBothPeersAndWritesJson() throws Exception {
    Path json = tmp.resolve("out/run.json");
    Path dbs = tmp.resolve("dbs");
    Cli.Result result = Cli.run("bench", "run", "--heap", "none", "--workload",
        "fillseq,fillrandom,overwrite,readrandom,readseq,seekrandom", "--num", "2000", "--value-size", "64",
        "--engines", "rocksdb,leveldb-java", "--warmup", "200", "--dir", dbs.toString(), "--json", json.toString());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    for (String workload : new String[] {"fillseq", "fillrandom", "overwrite", "readrandom", "readseq", "seekrandom"}) {
      assertThat(result.out()).containsPattern("(?m)^rocksdb +" + workload + " ")
          .containsPattern("(?m)^leveldb-java +" + workload + " ");
    }
    assertThat(result.out()).contains("vs rocksdb", "durability: WAL on, no fsync per write");
    String text = Files.readString(json);
    assertThat(text).contains("\"runs\"", "\"engine\": \"leveldb-java\"", "\"workload\": \"seekrandom\"",
        "\"value_size\": 64", "\"records\": 2000", "\"p999_us\"", "\"cpu_model\"");
    // The run created the directory and removed it, databases and all, when it ended.
    assertThat(dbs).doesNotExist();
  }

  @Test
  void paperRunsThePeersReportsWhatCouldNotRunAndWritesTheReport() throws Exception {
    Path report = tmp.resolve("report");
    Cli.Result result = Cli.run("bench", "paper", "--quick", "--records", "300", "--value-sizes", "4096,8192",
        "--engines", "cairn-ssd,rocksdb,leveldb-java,cairn-pmem", "--warmup", "100", "--report", report.toString(), "--heap", "none");
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out()).containsPattern("(?m)^cairn-ssd +paper +4 KiB +read .* 300/300 +1\\.00$")
        .containsPattern("(?m)^rocksdb +paper +4 KiB +write ")
        .containsPattern("(?m)^leveldb-java +paper +8 KiB +read .* 300/300 ");
    assertThat(result.out()).containsPattern("(?m)^cairn-pmem +paper +8 KiB +read .* 300/300 ");
    assertThat(report.resolve("report.md")).exists();
    assertThat(report.resolve("read-latency-mean.png")).exists();
    assertThat(Files.readString(report.resolve("report.md")))
        .contains("`./cairn bench paper --quick --records 300");
  }

  @Test
  void anEmptyDirectoryGivenIsUsedAndLeftEmpty() throws Exception {
    Path dbs = Files.createDirectories(tmp.resolve("empty"));
    Cli.Result result = Cli.run("bench", "run", "--heap", "none", "--workload", "fillrandom,readrandom", "--num", "500",
        "--engines", "leveldb-java", "--warmup", "0", "--dir", dbs.toString());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    try (var left = Files.list(dbs)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void runMeasuresInAChildJvmWithTheFixedHeapItIsGiven() throws Exception {
    Path json = tmp.resolve("child.json");
    Cli.Result result = fillseqWithHeap("96m", json);
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    // The child's table and notes come through this command's output.
    assertThat(result.out()).containsPattern("(?m)^cairn-ssd +fillseq ");
    String text = Files.readString(json);
    assertThat(text).contains("\"heap_fixed\": true");
    long heapMax = Long.parseLong(text.replaceAll("(?s).*\"heap_max_bytes\": (\\d+).*", "$1"));
    assertThat(heapMax).isBetween(64L << 20, 96L << 20);
  }

  @Test
  void heapNoneMeasuresInThisJvmAndATooSmallHeapIsAUsageError() throws Exception {
    Path json = tmp.resolve("here.json");
    Cli.Result here = fillseqWithHeap("none", json);
    assertThat(here.exitCode()).as(here.err()).isEqualTo(ExitCodes.OK);
    assertThat(Files.readString(json)).contains("\"heap_fixed\": false");
    Cli.Result refused = Cli.run("bench", "paper", "--heap", "1m", "--quick");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("--heap must be at least 64m, or none");
  }

  /** A small {@code bench run fillseq} of cairn-ssd with {@code --heap heap}, its JSON to {@code json}. */
  private Cli.Result fillseqWithHeap(String heap, Path json) {
    return Cli.run("bench", "run", "--heap", heap, "--workload", "fillseq", "--num", "300", "--engines", "cairn-ssd",
        "--warmup", "0", "--io", "buffered", "--dir", tmp.resolve(json.getFileName() + "-db").toString(),
        "--json", json.toString());
  }

  @Test
  void keepLeavesTheDatabasesForInspection() throws Exception {
    Path dbs = tmp.resolve("kept");
    Cli.Result result = Cli.run("bench", "run", "--heap", "none", "--workload", "fillseq", "--num", "500",
        "--engines", "rocksdb", "--warmup", "0", "--keep", "--dir", dbs.toString());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(dbs.resolve("r1-rocksdb-100/db1/CURRENT")).exists();
    assertThat(result.err()).contains("databases kept in " + dbs);
  }

  @Test
  void unknownEngineIsAUsageErrorBeforeAnythingRuns() {
    Cli.Result result = Cli.run("bench", "paper", "--heap", "none", "--engines", "rocksdb,lmdb", "--dir", tmp.resolve("d").toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("unknown engine 'lmdb'", "known engines: cairn-pmem, cairn-ssd");
    assertThat(tmp.resolve("d")).doesNotExist();
  }

  @Test
  void unknownWorkloadIsAUsageError() {
    Cli.Result result = Cli.run("bench", "run", "--heap", "none", "--workload", "fillrandom,compact");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("unknown workload 'compact'");
  }

  @Test
  void readsWithoutAFillAreAUsageError() {
    Cli.Result result = Cli.run("bench", "run", "--heap", "none", "--workload", "readrandom");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("readrandom needs data");
  }

  @Test
  void aDirectoryThatIsNotEmptyIsRefused() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("busy"));
    Files.writeString(dir.resolve("precious.txt"), "keep me");
    Cli.Result result = Cli.run("bench", "run", "--heap", "none", "--quick", "--engines", "rocksdb", "--dir", dir.toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("exists and is not empty");
    assertThat(dir.resolve("precious.txt")).hasContent("keep me");
  }

  @Test
  void tooLittleDiskIsRefusedBeforeAnythingRuns() {
    Cli.Result result = Cli.run("bench", "paper", "--heap", "none", "--records", "2000000000", "--engines", "rocksdb",
        "--dir", tmp.resolve("huge").toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(result.err()).contains("not enough free disk", "needs about");
    assertThat(tmp.resolve("huge")).doesNotExist();
  }

  @Test
  void badNumbersAreUsageErrors() {
    assertThat(Cli.run("bench", "run", "--heap", "none", "--num", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("bench", "run", "--heap", "none", "--num", "100000", "--key-size", "4").err()).contains("--key-size");
    assertThat(Cli.run("bench", "paper", "--heap", "none", "--value-sizes", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("bench", "paper", "--heap", "none", "--rounds", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("bench", "paper", "--heap", "none", "--engines", "rocksdb", "--baseline", "cairn-ssd").err())
        .contains("--baseline cairn-ssd is not one of the engines");
  }

  @Test
  void cairnPmemTakesThePmemOptionsAndRemovesItsPmemDirectories() throws Exception {
    Path pmem = tmp.resolve("pmem");
    Path json = tmp.resolve("pmem.json");
    Cli.Result result = Cli.run("bench", "paper", "--heap", "none", "--quick", "--records", "200", "--value-sizes", "100",
        "--engines", "cairn-pmem", "--warmup", "50", "--pmem-dir", pmem.toString(), "--pmem-backend", "ffm",
        "--latency-model", "optane", "--wal-on-pmem", "--json", json.toString());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out()).containsPattern("(?m)^cairn-pmem +paper +100 B +read .* 200/200 ");
    assertThat(Files.readString(json)).contains("\"configured\": true", "\"backend\": \"ffm\"",
        "\"latency_model\": \"optane(", "\"wal_on_pmem\": true");
    // Session 14: the WAL on pmem is the pmem engines' default again; --wal-on-pmem=false turns it off.
    Path off = tmp.resolve("pmem-off.json");
    Cli.Result withoutPmemWal = Cli.run("bench", "paper", "--heap", "none", "--quick", "--records", "200", "--value-sizes",
        "100", "--engines", "cairn-pmem", "--warmup", "50", "--pmem-dir", pmem.toString(), "--wal-on-pmem=false",
        "--json", off.toString());
    assertThat(withoutPmemWal.exitCode()).as(withoutPmemWal.err()).isEqualTo(ExitCodes.OK);
    assertThat(Files.readString(off)).contains("\"wal_on_pmem\": false").doesNotContain("\"wal_on_pmem\": true");
    Path byDefault = tmp.resolve("pmem-default.json");
    Cli.Result defaults = Cli.run("bench", "paper", "--heap", "none", "--quick", "--records", "200", "--value-sizes",
        "100", "--engines", "cairn-pmem", "--warmup", "50", "--pmem-dir", pmem.toString(), "--json", byDefault.toString());
    assertThat(defaults.exitCode()).as(defaults.err()).isEqualTo(ExitCodes.OK);
    assertThat(Files.readString(byDefault)).contains("\"wal_on_pmem\": true").doesNotContain("\"wal_on_pmem\": false");
    try (var left = Files.list(pmem)) {
      assertThat(left).as("each store's pmem directory is removed with it").isEmpty();
    }
  }

  @Test
  void badPmemOptionsAreUsageErrors() {
    Cli.Result result = Cli.run("bench", "paper", "--heap", "none", "--quick", "--engines", "cairn-pmem", "--latency-model", "slow");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("--latency-model", "bad latency model");
  }
}
