package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.NodeHome;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.http.HttpApi;
import io.cairn.node.http.WriteGuard;
import io.cairn.node.service.LocalLedgerService;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn anchor|verify|chain --node URL} against a node's client API (served in-process). */
class RemoteCommandsTest {
  @TempDir Path directory;
  private LocalLedgerService service;
  private HttpApi api;
  private String url;
  private Path tokenFile;

  private record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    service = new LocalLedgerService(NodeHome.open(directory.resolve("home")));
    api = HttpApi.start(service, new InetSocketAddress("127.0.0.1", 0), WriteGuard.token("s3cret"), 1 << 20);
    url = "http://127.0.0.1:" + api.port();
    tokenFile = Files.writeString(directory.resolve("token"), "s3cret\n");
  }

  @AfterEach
  void stop() {
    api.close();
    service.close();
  }

  private static Run run(String... args) {
    CliRun run = CliRun.of(args);
    return new Run(run.exit(), run.out(), run.err());
  }

  @Test
  void anchorThroughTheNodeThenVerifyAndSeeItOnTheChain() throws Exception {
    Path file = Files.writeString(directory.resolve("r.txt"), "remote record", StandardCharsets.UTF_8);
    Run anchored = run("anchor", "--node", url, "--token-file", tokenFile.toString(), file.toString());
    assertThat(anchored.exit()).as(anchored.err()).isEqualTo(ExitCodes.OK);
    String key = anchored.out().strip().split("\\s+")[0];
    assertThat(anchored.out()).matches("[0-9a-f]{64}  block 0  tx 0  entry 0  .*r\\.txt\\s*");

    Run verified = run("verify", "--node", url, key);
    assertThat(verified.exit()).as(verified.out() + verified.err()).isEqualTo(ExitCodes.OK);
    assertThat(verified.out()).startsWith(key + "  VERIFIED");

    Run consensus = run("verify", "--node", url, "--token-file", tokenFile.toString(), "--consensus", key);
    assertThat(consensus.exit()).as(consensus.out() + consensus.err()).isEqualTo(ExitCodes.OK);
    assertThat(consensus.out()).contains("VERIFIED  attempts 1").contains(key + "  AGREED  1 of 1")
        .contains("outcome record ").contains(" in block 1");

    Run chain = run("chain", "--node", url);
    assertThat(chain.exit()).isEqualTo(ExitCodes.OK);
    assertThat(chain.out()).contains("2 blocks").contains("  0  ").contains("  1  ");
    Run show = run("chain", "show", "--node", url, "--height", "0", "--entries");
    assertThat(show.exit()).as(show.err()).isEqualTo(ExitCodes.OK);
    assertThat(show.out()).contains("block 0").contains("    0  " + key);
  }

  @Test
  void verifyOfAnUnknownKeyFailsAndBadInputIsRefusedClearly() {
    Run unknown = run("verify", "--node", url, "ab".repeat(32));
    assertThat(unknown.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(unknown.out()).contains("UNKNOWN_ANCHOR");

    Run badKey = run("verify", "--node", url, "xyz");
    assertThat(badKey.exit()).isEqualTo(ExitCodes.USAGE);

    Run noToken = run("anchor", "--node", url, directory.resolve("home").resolve("node.key").toString());
    assertThat(noToken.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(noToken.err()).contains("401").contains("UNAUTHORIZED");

    Run unreachable = run("chain", "--node", "http://127.0.0.1:1");
    assertThat(unreachable.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(unreachable.err()).contains("no answer from the node");

    Run badUrl = run("chain", "--node", "ftp://x");
    assertThat(badUrl.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(badUrl.err()).contains("http://HOST:PORT");
  }
}
