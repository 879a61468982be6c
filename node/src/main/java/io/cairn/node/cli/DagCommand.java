package io.cairn.node.cli;

import io.cairn.chain.dag.CompleteDag;
import io.cairn.chain.dag.ConfluxOrder;
import io.cairn.chain.dag.DagBlock;
import io.cairn.chain.dag.DagEpoch;
import io.cairn.chain.dag.DagId;
import io.cairn.common.CairnException;
import io.cairn.node.api.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn dag}: the Conflux order of a block DAG. See {@code docs/dag.md}. */
@Command(
    name = "dag",
    mixinStandardHelpOptions = true,
    description = "The DAG chain: order a block DAG the Conflux way (pivot chain, epochs, total order).",
    subcommands = {DagCommand.Order.class, DagCommand.Show.class},
    commandListHeading = "%nCommands:%n")
public final class DagCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** The DAG in {@code input} ("-" for standard input), ordered; errors name the file. */
  static ConfluxOrder load(Path input) {
    String name = input.toString();
    try (InputStream in = name.equals("-") ? System.in : Files.newInputStream(input)) {
      List<DagBlock> blocks = DagJson.read(in, name);
      return CompleteDag.order(blocks);
    } catch (NoSuchFileException e) {
      throw new io.cairn.common.InvalidArgumentException(name + ": no such file");
    } catch (IOException e) {
      throw new io.cairn.common.CairnIoException(name + ": " + e.getMessage(), e);
    }
  }

  /** {@code cairn dag order --input F.json}. */
  @Command(name = "order", mixinStandardHelpOptions = true,
      description = {"Order a DAG given as JSON and print the order as one JSON object.",
          "Input: {\"blocks\": [{\"id\", \"parent\", \"refs\": [...], \"txs\": [...]}]}, the genesis with"
              + " \"parent\": null; ids stand for hashes and compare as strings; unit weights.",
          "Output: {\"pivot_chain\", \"epochs\": [{\"pivot\", \"blocks\"}], \"block_order\", \"tx_order\","
              + " \"dropped_txs\", \"unordered_blocks\"}."})
  static final class Order implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "F.json", description = "The DAG (\"-\" reads standard input).")
    Path input;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try {
        ConfluxOrder order = load(input);
        PrintWriter out = spec.commandLine().getOut();
        out.println(DagJson.write(order));
        out.flush();
        return ExitCodes.OK;
      } catch (CairnException e) {
        spec.commandLine().getErr().println("cairn dag order: " + e.getMessage());
        return ExitCodes.FAILED;
      }
    }
  }

  /** {@code cairn dag show --input F.json}: the order for a reader. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print a DAG given as JSON for a reader: epochs with their blocks, subtree sizes,"
          + " tips, confirmation at depth k.")
  static final class Show implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "F.json", description = "The DAG (\"-\" reads standard input).")
    Path input;

    @Option(names = "-k", defaultValue = "6", paramLabel = "K",
        description = "Confirmation depth: an epoch is confirmed with K pivot blocks after it (default ${DEFAULT-VALUE}).")
    int k;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (k < 0) {
        spec.commandLine().getErr().println("cairn dag show: -k must not be negative, was " + k);
        return ExitCodes.USAGE;
      }
      try {
        ConfluxOrder order = load(input);
        PrintWriter out = spec.commandLine().getOut();
        int confirmed = order.confirmedEpochs(k);
        out.printf("%d blocks, %d epochs (%d confirmed at k=%d), %d ordered transactions, %d dropped%n",
            order.size(), order.pivotLength(), confirmed, k, order.orderedTxCount(), order.droppedTxs().size());
        for (DagEpoch epoch : order.epochs()) {
          out.printf("epoch %d%s  pivot %s (subtree %d): %s%n", epoch.height(), epoch.height() < confirmed ? " confirmed" : "",
              epoch.pivot(), order.subtreeWeight(epoch.pivot()), epoch.blocks());
        }
        out.println("tips: " + order.tips());
        List<DagId> unordered = order.unorderedBlocks();
        if (!unordered.isEmpty()) {
          out.println("not yet ordered: " + unordered);
        }
        out.flush();
        return ExitCodes.OK;
      } catch (CairnException e) {
        spec.commandLine().getErr().println("cairn dag show: " + e.getMessage());
        return ExitCodes.FAILED;
      }
    }
  }
}
