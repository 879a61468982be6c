package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.CairnException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.node.api.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cairn anchor}, {@code cairn verify} and {@code cairn chain show} on a node home. */
class LedgerCommandsTest {
  @TempDir Path directory;

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine root = CairnCommand.create();
    root.setOut(new PrintWriter(out, true));
    root.setErr(new PrintWriter(err, true));
    root.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
      if (exception instanceof CairnException) {
        commandLine.getErr().println("cairn " + commandLine.getCommandName() + ": " + exception.getMessage());
        return ExitCodes.FAILED;
      }
      throw exception;
    });
    return new Run(root.execute(args), out.toString(), err.toString());
  }

  private String home() {
    return directory.resolve("home").toString();
  }

  private Path file(String name, String content) throws Exception {
    Path file = directory.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void anchorPrintsKeyBlockAndPositionOfEachFileAndVerifyPasses() throws Exception {
    Path first = file("a.txt", "first record");
    Path second = file("b.txt", "second record");
    Run anchored = run("anchor", "--home", home(), first.toString(), second.toString());
    assertThat(anchored.exit()).as(anchored.err()).isEqualTo(ExitCodes.OK);
    String[] lines = anchored.out().strip().split("\n");
    assertThat(lines).hasSize(2);
    String key = sha256("first record");
    assertThat(lines[0]).isEqualTo(key + "  block 0  tx 0  entry 0  " + first);
    assertThat(lines[1]).startsWith(sha256("second record") + "  block 0  tx 0  entry 1");
    Run verified = run("verify", "--home", home(), key);
    assertThat(verified.exit()).isEqualTo(ExitCodes.OK);
    assertThat(verified.out()).contains("VERIFIED").contains("block 0 tx 0 entry 0");
  }

  @Test
  void homeIsCreatedOnceWithAnOwnerOnlyIdentity() throws Exception {
    run("anchor", "--home", home(), file("a.txt", "x").toString());
    Path key = Path.of(home(), "node.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    String firstKey = Files.readString(key);
    run("anchor", "--home", home(), file("b.txt", "y").toString());
    assertThat(Files.readString(key)).isEqualTo(firstKey);
    Run shown = run("chain", "show", "--home", home(), "--height", "1");
    assertThat(shown.out()).contains("block 1").contains("signature      valid");
  }

  @Test
  void tamperedRecordFailsVerificationWithItsReason() throws Exception {
    run("anchor", "--home", home(), file("a.txt", "ledger entry").toString());
    String key = sha256("ledger entry");
    try (Db records = Cairn.open(Path.of(home(), "records"), Options.defaults())) {
      records.put(HexFormat.of().parseHex(key), "ledger entrY".getBytes(StandardCharsets.UTF_8));
    }
    Run verified = run("verify", "--home", home(), key);
    assertThat(verified.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(verified.out()).contains("TAMPERED_DATA");
  }

  @Test
  void unknownKeyFailsAndMalformedKeyIsAUsageError() throws Exception {
    Run unknown = run("verify", "--home", home(), sha256("never anchored"));
    assertThat(unknown.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(unknown.out()).contains("UNKNOWN_ANCHOR");
    Run malformed = run("verify", "--home", home(), "xyz");
    assertThat(malformed.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(malformed.err()).contains("64 hex digits");
  }

  @Test
  void chainShowPrintsABlockByHeightOrHash() throws Exception {
    run("anchor", "--home", home(), file("a.txt", "one").toString(), file("b.txt", "two").toString());
    Run byHeight = run("chain", "show", "--home", home(), "--height", "0", "--entries");
    assertThat(byHeight.exit()).isEqualTo(ExitCodes.OK);
    assertThat(byHeight.out()).contains("block 0").contains("previous hash").contains("merkle root")
        .contains("tx 0  anchor").contains(sha256("one")).contains(sha256("two"));
    String hash = byHeight.out().lines().filter(l -> l.strip().startsWith("hash")).findFirst().orElseThrow()
        .strip().split("\\s+")[1];
    Run byHash = run("chain", "show", "--home", home(), "--hash", hash);
    assertThat(byHash.out()).contains("block 0");
    Run missing = run("chain", "show", "--home", home(), "--height", "5");
    assertThat(missing.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(missing.err()).contains("no such block");
  }

  @Test
  void homeDefaultsToCairnHomeElseDotCairnInTheUserHome() {
    String environment = System.getenv("CAIRN_HOME");
    Path expected = environment != null && !environment.isBlank()
        ? Path.of(environment) : Path.of(System.getProperty("user.home"), ".cairn");
    assertThat(new ChainCommand.Home().directory()).isEqualTo(expected);
  }

  @Test
  void missingFileIsAClearError() {
    Run run = run("anchor", "--home", home(), directory.resolve("nope.txt").toString());
    assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).contains("no such file");
  }

  @Test
  void nonStandardHashIsLabelled() throws Exception {
    Run run = run("anchor", "--home", home(), "--hash", "improved-sha-256-nonstandard", file("a.txt", "z").toString());
    assertThat(run.exit()).isEqualTo(ExitCodes.OK);
    assertThat(run.err()).contains("NON-STANDARD");
    String key = run.out().split("\\s+")[0];
    assertThat(run("verify", "--home", home(), key).exit()).isEqualTo(ExitCodes.OK);
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
