package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.CairnException;
import io.cairn.node.api.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DbCommandTest {
  @TempDir Path directory;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int cairn(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine root = CairnCommand.create();
    root.setOut(new PrintWriter(out, true));
    root.setErr(new PrintWriter(err, true));
    // As io.cairn.node.Main does: an engine error is one line and exit status 1.
    root.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
      if (exception instanceof CairnException cairn) {
        commandLine.getErr().println("cairn " + commandLine.getCommandName() + ": " + cairn.getMessage());
        return ExitCodes.FAILED;
      }
      throw exception;
    });
    return root.execute(args);
  }

  private String dir() {
    return directory.resolve("db").toString();
  }

  @Test
  void putGetDeleteAndScanWorkOnARealDirectory() {
    assertThat(cairn("db", "put", "--dir", dir(), "apple", "red")).isEqualTo(ExitCodes.OK);
    assertThat(cairn("db", "put", "--dir", dir(), "banana", "yellow")).isEqualTo(ExitCodes.OK);
    assertThat(cairn("db", "put", "--dir", dir(), "cherry", "dark red")).isEqualTo(ExitCodes.OK);
    assertThat(cairn("db", "get", "--dir", dir(), "banana")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEqualTo("yellow" + System.lineSeparator());
    assertThat(cairn("db", "scan", "--dir", dir())).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().lines()).containsExactly("apple\tred", "banana\tyellow", "cherry\tdark red");
    assertThat(cairn("db", "scan", "--dir", dir(), "--from", "b", "--to", "c", "--keys-only")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().lines()).containsExactly("banana");
    assertThat(cairn("db", "scan", "--dir", dir(), "--reverse", "--limit", "2")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().lines()).containsExactly("cherry\tdark red", "banana\tyellow");
    assertThat(cairn("db", "delete", "--dir", dir(), "banana")).isEqualTo(ExitCodes.OK);
    assertThat(cairn("db", "get", "--dir", dir(), "banana")).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).contains("not found");
  }

  @Test
  void hexKeysAndValuesAndValueFiles() throws Exception {
    Path file = directory.resolve("value.bin");
    Files.write(file, new byte[] {0, 1, (byte) 0xff});
    assertThat(cairn("db", "put", "--dir", dir(), "--hex", "00ff", "--value-file", file.toString())).isEqualTo(ExitCodes.OK);
    assertThat(cairn("db", "get", "--dir", dir(), "--hex", "00ff")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().strip()).isEqualTo("0001ff");
    assertThat(cairn("db", "scan", "--dir", dir())).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().strip()).isEqualTo("\\x00\\xff\t\\x00\\x01\\xff");
    assertThat(cairn("db", "get", "--dir", dir(), "--hex", "zz")).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).contains("not hex");
  }

  @Test
  void readingAMissingDatabaseFailsCleanlyWithoutCreatingIt() {
    assertThat(cairn("db", "get", "--dir", dir(), "k")).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).contains("no database");
    assertThat(Files.exists(directory.resolve("db"))).isFalse();
  }

  @Test
  void statsReportsLevelsAndWritesJson() throws Exception {
    cairn("db", "put", "--dir", dir(), "k", "v");
    Path json = directory.resolve("stats.json");
    assertThat(cairn("db", "stats", "--dir", dir(), "--json", json.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("Level");
    assertThat(Files.readString(json)).contains("\"levels\"").contains("\"last_sequence\"");
    assertThat(cairn("db", "compact", "--dir", dir())).isEqualTo(ExitCodes.OK);
  }

  @Test
  void directIoFlagsReadAndWriteTablesBypassingThePageCache() throws Exception {
    String[] direct = {"--use-direct-reads", "--use-direct-io-for-flush-and-compaction"};
    assertThat(cairn(concat(new String[] {"db", "put", "--dir", dir()}, direct, "apple", "red"))).isEqualTo(ExitCodes.OK);
    assertThat(cairn(concat(new String[] {"db", "compact", "--dir", dir()}, direct))).isEqualTo(ExitCodes.OK);
    assertThat(cairn(concat(new String[] {"db", "get", "--dir", dir()}, direct, "apple"))).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().strip()).isEqualTo("red");
    Path json = directory.resolve("stats.json");
    assertThat(cairn(concat(new String[] {"db", "stats", "--dir", dir(), "--json", json.toString()}, direct)))
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("table I/O direct reads, direct flush and compaction writes");
    assertThat(Files.readString(json)).contains("\"block_cache_hit_rate\"").contains("\"stall_share\"");
  }

  private static String[] concat(String[] head, String[] middle, String... tail) {
    String[] all = java.util.Arrays.copyOf(head, head.length + middle.length + tail.length);
    System.arraycopy(middle, 0, all, head.length, middle.length);
    System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
    return all;
  }

  @Test
  void usageErrorsExitWithStatusTwo() {
    assertThat(cairn("db", "put", "--dir", dir(), "onlykey")).isEqualTo(ExitCodes.USAGE);
    assertThat(cairn("db", "get", "k")).isEqualTo(ExitCodes.USAGE);
    assertThat(cairn("db")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void pmemL0FlagsRunTheStoreOnPersistentMemory() {
    String pmem = directory.resolve("pmem-l0").toString();
    assertThat(cairn("db", "put", "--dir", dir(), "--l0", "pmem", "--pmem-dir", pmem, "--pmem-budget", "64m",
        "--pmem-backend", "ffm", "--latency-model", "optane", "apple", "red")).isEqualTo(ExitCodes.OK);
    assertThat(cairn("db", "compact", "--dir", dir(), "--pmem-dir", pmem)).isEqualTo(ExitCodes.OK);
    assertThat(cairn("db", "put", "--dir", dir(), "--pmem-dir", pmem, "pear", "green"))
        .isEqualTo(ExitCodes.OK);
    assertThat(cairn("db", "get", "--dir", dir(), "--pmem-dir", pmem, "apple")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEqualTo("red" + System.lineSeparator());
    assertThat(cairn("db", "scan", "--dir", dir(), "--pmem-dir", pmem, "--keys-only")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().lines()).containsExactly("apple", "pear");
    assertThat(cairn("db", "stats", "--dir", dir(), "--pmem-dir", pmem)).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("L0 on PMEM");
  }

  @Test
  void kvSeparationKeepsValuesOnPmemThroughCompaction() {
    String value = "v".repeat(200);
    assertThat(cairn("db", "put", "--dir", dir(), "--kv-separation", "apple", value)).isEqualTo(ExitCodes.OK);
    assertThat(cairn("db", "compact", "--dir", dir(), "--kv-separation")).isEqualTo(ExitCodes.OK);
    assertThat(cairn("db", "stats", "--dir", dir(), "--kv-separation")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("L0 on PMEM").contains("key-value separation on");
    assertThat(cairn("db", "get", "--dir", dir(), "apple")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEqualTo(value + System.lineSeparator());
    assertThat(cairn("db", "put", "--dir", directory.resolve("ssd").toString(), "--l0", "ssd", "--kv-separation", "k",
        "v")).isNotEqualTo(ExitCodes.OK);
    assertThat(err.toString()).contains("pmemValueSeparation");
  }

  @Test
  void theDefaultPmemDirectoryIsFoundAgain() {
    assertThat(cairn("db", "put", "--dir", dir(), "--l0", "pmem", "k", "v")).isEqualTo(ExitCodes.OK);
    assertThat(directory.resolve("db").resolve("pmem")).isDirectory();
    assertThat(cairn("db", "get", "--dir", dir(), "k")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEqualTo("v" + System.lineSeparator());
  }

  @Test
  void badPmemValuesAreUsageErrors() {
    assertThat(cairn("db", "get", "--dir", dir(), "--l0", "hdd", "k")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--l0").contains("expected ssd or pmem");
    assertThat(cairn("db", "get", "--dir", dir(), "--pmem-budget", "12x", "k")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--pmem-budget").contains("bad size");
    assertThat(cairn("db", "get", "--dir", dir(), "--pmem-backend", "nvdimm", "k")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("unknown pmem backend").contains("libpmem");
    assertThat(cairn("db", "get", "--dir", dir(), "--latency-model", "fast", "k")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("bad latency model");
    assertThat(cairn("db", "put", "--dir", dir(), "--l0", "ssd", "--pmem-dir", dir(), "k", "v"))
        .isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).contains("need the pmem L0");
    assertThat(cairn("db", "put", "--dir", dir(), "--l0-limit", "0", "k", "v")).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).contains("--l0-limit");
  }

  /**
   * Session 15: the WAL's place follows the engine's default (on pmem with the pmem L0), which
   * --wal-on-pmem=false overrides; a database written either way reads back either way.
   */
  @Test
  void theWalFollowsTheEnginesDefaultWithThePmemL0AndWalOnPmemFalseKeepsItOnDisk() throws Exception {
    Path db = directory.resolve("db");
    assertThat(cairn("db", "put", "--dir", dir(), "--l0", "pmem", "k1", "v1")).isEqualTo(ExitCodes.OK);
    assertThat(logs(db.resolve("pmem"))).as("segments on pmem").isNotEmpty();
    assertThat(logs(db)).as("segments on disk").isEmpty();
    assertThat(cairn("db", "put", "--dir", dir(), "--wal-on-pmem=false", "k2", "v2")).isEqualTo(ExitCodes.OK);
    assertThat(logs(db)).as("the new segment on disk").isNotEmpty();
    assertThat(cairn("db", "get", "--dir", dir(), "k1")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEqualTo("v1" + System.lineSeparator());
    assertThat(cairn("db", "get", "--dir", dir(), "--wal-on-pmem=false", "k2")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEqualTo("v2" + System.lineSeparator());
  }

  private static java.util.List<String> logs(Path where) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(where)) {
      return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".log")).toList();
    }
  }

  @Test
  void helpListsThePmemOptions() {
    assertThat(cairn("db", "put", "--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("--l0=MODE", "--pmem-dir=DIR", "--pmem-budget=SIZE", "--pmem-backend=BACKEND",
        "--latency-model=MODEL", "--wal-on-pmem", "--l0-limit=TABLES");
    assertThat(out.toString().replaceAll("\\s+", " ")).contains("default: true with the pmem L0, the engine's own default");
  }
}
