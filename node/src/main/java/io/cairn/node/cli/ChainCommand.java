package io.cairn.node.cli;

import io.cairn.chain.api.AnchorEntry;
import io.cairn.chain.api.AnchorTransaction;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.BlockHeader;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.NodeHome;
import io.cairn.chain.api.StateTransaction;
import io.cairn.chain.api.Transaction;
import io.cairn.chain.contract.ContractTransaction;
import io.cairn.common.InvalidArgumentException;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.OptionChecks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn chain}: inspect the ledger in a node home. See {@code docs/chain.md}. */
@Command(
    name = "chain",
    mixinStandardHelpOptions = true,
    description = {"Inspect the ledger: blocks by height or hash.",
        "With --node URL: a running node's chain (block count, head, the newest blocks)."},
    subcommands = ChainCommand.Show.class,
    commandListHeading = "%nCommands:%n")
public final class ChainCommand implements Callable<Integer> {
  @Mixin Remote remote;

  @Option(names = "--last", paramLabel = "K", defaultValue = "10",
      description = "With --node: how many of the newest blocks to list (default ${DEFAULT-VALUE}).")
  int last;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (!remote.given()) {
      spec.commandLine().usage(spec.commandLine().getErr());
      return ExitCodes.USAGE;
    }
    OptionChecks.requireRange(spec, "--last", last, 0, 1_000_000);
    return RemoteChain.summary(remote.client(), last, spec.commandLine().getOut());
  }

  /**
   * The {@code --home DIR} option of the ledger commands: the node's home, by default {@code
   * $CAIRN_HOME}, else {@code ~/.cairn}; created with a fresh identity on first use.
   */
  public static final class Home {
    @Option(names = "--home", paramLabel = "DIR",
        description = "Node home (identity, records, ledger). Default: $CAIRN_HOME, else ~/.cairn;"
            + " created with a fresh identity on first use.")
    private Path directory;

    /** The directory chosen by the option, the environment or the default. */
    public Path directory() {
      if (directory != null) {
        return directory;
      }
      String fromEnvironment = System.getenv("CAIRN_HOME");
      if (fromEnvironment != null && !fromEnvironment.isBlank()) {
        return Path.of(fromEnvironment);
      }
      return Path.of(System.getProperty("user.home"), ".cairn");
    }

    /** Opens (or creates) the home. */
    public NodeHome open() {
      return NodeHome.open(directory());
    }
  }

  /** {@code cairn chain show}: one block, header and transactions. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print a block: header fields and its transactions (the head when no block is named).")
  static final class Show implements Callable<Integer> {
    @Mixin Home home;

    @Mixin Remote remote;

    @ArgGroup(exclusive = true)
    Which which;

    @Option(names = "--entries", description = "Also list every anchored entry of each transaction.")
    boolean entries;

    @Spec CommandSpec spec;

    static final class Which {
      @Option(names = "--height", paramLabel = "H", description = "The block at height H (the first is 0).")
      Long height;

      @Option(names = "--hash", paramLabel = "HASH", description = "The block with this hash (64 hex digits).")
      String hash;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (remote.given()) {
        return RemoteChain.show(remote.client(), which == null ? null : which.height, which == null ? null : which.hash,
            entries, out, spec.commandLine().getErr());
      }
      try (NodeHome node = home.open()) {
        Ledger ledger = node.ledger();
        if (ledger.blockCount() == 0 && (which == null || which.hash == null)) {
          out.println("the ledger in " + node.directory() + " has no blocks yet");
          return which == null ? ExitCodes.OK : ExitCodes.FAILED;
        }
        Optional<Block> block = find(ledger);
        if (block.isEmpty()) {
          spec.commandLine().getErr().println("cairn chain show: no such block (the ledger has blocks 0.."
              + (ledger.blockCount() - 1) + ")");
          return ExitCodes.FAILED;
        }
        print(block.get(), out);
        return ExitCodes.OK;
      }
    }

    private Optional<Block> find(Ledger ledger) {
      if (which != null && which.hash != null) {
        return ledger.block(Hash32.parse(which.hash));
      }
      long height = which == null ? ledger.blockCount() - 1 : which.height;
      if (height < 0) {
        throw new InvalidArgumentException("--height must not be negative, was " + height);
      }
      return ledger.block(height);
    }

    private void print(Block block, PrintWriter out) {
      BlockHeader header = block.header();
      out.println("block " + header.height());
      out.println("  hash           " + header.hash());
      out.println("  previous hash  " + header.previousHash());
      out.println("  merkle root    " + header.merkleRoot());
      out.println("  timestamp      " + header.timestamp() + " (" + header.timestampMillis() + " ms)");
      out.println("  proposer       " + header.proposer());
      out.println("  signature      " + (header.signatureValid() ? "valid" : "INVALID"));
      out.println("  transactions   " + header.transactionCount());
      int index = 0;
      for (Transaction transaction : block.transactions()) {
        printTransaction(index++, transaction, out);
      }
    }

    private void printTransaction(int index, Transaction transaction, PrintWriter out) {
      String signature = transaction.signatureValid() ? "valid" : "INVALID";
      switch (transaction) {
        case AnchorTransaction anchor -> {
          out.println("  tx " + index + "  anchor  id " + anchor.id() + "  requester " + anchor.requester().shortHex()
              + "  nonce " + anchor.nonce() + "  entries " + anchor.entries().size() + "  signature " + signature);
          if (entries) {
            int position = 0;
            for (AnchorEntry entry : anchor.entries()) {
              out.println("    " + position++ + "  " + entry.recordHash() + "  " + entry.algorithm() + "  " + entry.read());
            }
          }
        }
        case StateTransaction state -> out.println("  tx " + index + "  state   id " + state.id() + "  requester "
            + state.requester().shortHex() + "  nonce " + state.nonce() + "  organization " + state.organization()
            + "  state " + state.state().length + " bytes " + HexFormat.of().formatHex(state.state(), 0,
                Math.min(16, state.state().length)) + (state.state().length > 16 ? "..." : "")
            + "  signature " + signature);
        case ContractTransaction contract -> out.println("  tx " + index + "  contract id " + contract.id()
            + "  requester " + contract.requester().shortHex() + "  nonce " + contract.nonce() + "  "
            + contract.call() + "  signature " + signature);
      }
    }
  }
}
