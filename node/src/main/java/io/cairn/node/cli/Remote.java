package io.cairn.node.cli;

import io.cairn.common.CairnIoException;
import io.cairn.node.client.NodeClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The {@code --node URL} options of the ledger commands: talk to a running node's client API
 * instead of opening a home. Writes carry the token from {@code --token-file}, else from {@code
 * $CAIRN_NODE_TOKEN}, when either is set.
 */
final class Remote {
  @Option(names = "--node", paramLabel = "URL",
      description = "A running node's client API base URL (e.g. http://127.0.0.1:8080), instead of --home.")
  String url;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "With --node: file holding the node's API token for writes (default: $CAIRN_NODE_TOKEN).")
  Path tokenFile;

  @Option(names = "--timeout-s", paramLabel = "S", defaultValue = "30",
      description = "With --node: seconds to wait for each answer (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  /** Whether {@code --node} was given. */
  boolean given() {
    return url != null;
  }

  /** A client of the node. */
  NodeClient client() {
    return new NodeClient(url, token(), Duration.ofSeconds(timeoutSeconds));
  }

  private String token() {
    if (tokenFile != null) {
      try {
        return Files.readString(tokenFile).strip();
      } catch (IOException e) {
        throw CairnIoException.wrap("read the token file " + tokenFile, e);
      }
    }
    String fromEnvironment = System.getenv("CAIRN_NODE_TOKEN");
    return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.strip();
  }
}
