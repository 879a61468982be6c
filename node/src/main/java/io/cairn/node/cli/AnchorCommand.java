package io.cairn.node.cli;

import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.NodeHome;
import io.cairn.chain.api.RecordStore;
import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.client.NodeClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cairn anchor FILE...}: stores each file's bytes in the node's off-chain record store under
 * their hash and anchors all of them in one new block, then prints each file's key, block and
 * position. See {@code docs/chain.md}.
 */
@Command(
    name = "anchor",
    mixinStandardHelpOptions = true,
    description = "Store files off-chain and anchor their SHA-256 on the ledger.",
    footer = {"", "Output, one line per file: KEY  block H  tx T  entry E  FILE",
        "Verify later with: cairn verify KEY",
        "With --node URL the files go to a running node (one anchor each); the output is the same."})
public final class AnchorCommand implements Callable<Integer> {
  @Mixin ChainCommand.Home home;

  @Mixin Remote remote;

  @Option(names = "--hash", paramLabel = "ALGORITHM", defaultValue = "sha-256",
      description = "Key algorithm: sha-256 (default) or improved-sha-256-nonstandard, the seeds'"
          + " NON-STANDARD 80-round variant (not a NIST hash; only to reproduce the seed's scheme).")
  String algorithm;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to anchor (each at most 64 MiB).")
  List<Path> files;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    HashAlgorithm hash = HashAlgorithm.fromLabel(algorithm);
    List<byte[]> raws = new ArrayList<>(files.size());
    for (Path file : files) {
      raws.add(read(file));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (remote.given()) {
      if (hash != HashAlgorithm.SHA_256) {
        throw new InvalidArgumentException("--hash " + algorithm + " is for a home; a node anchors with sha-256");
      }
      NodeClient client = remote.client();
      for (int i = 0; i < raws.size(); i++) {
        JsonObject receipt = client.anchor(raws.get(i));
        out.println(receipt.getString("key") + "  block " + receipt.getJsonNumber("height") + "  tx "
            + receipt.getInt("transaction") + "  entry " + receipt.getInt("entry") + "  " + files.get(i));
        out.flush();
      }
      return ExitCodes.OK;
    }
    try (NodeHome node = home.open()) {
      List<AnchorReceipt> receipts = node.node().anchor(raws, hash);
      for (int i = 0; i < receipts.size(); i++) {
        AnchorReceipt receipt = receipts.get(i);
        out.println(receipt.key() + "  block " + receipt.position().height() + "  tx "
            + receipt.position().transactionIndex() + "  entry " + receipt.position().entryIndex() + "  " + files.get(i));
      }
      if (!hash.standard()) {
        spec.commandLine().getErr().println("cairn anchor: keys computed with " + hash);
      }
    }
    return ExitCodes.OK;
  }

  private static byte[] read(Path file) {
    try {
      long size = Files.size(file);
      if (size > RecordStore.RECORD_BYTES_MAX) {
        throw new InvalidArgumentException(file + " is " + size + " bytes, over the 64 MiB record limit");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidArgumentException("no such file: " + file);
    } catch (IOException e) {
      throw CairnIoException.wrap("read " + file, e);
    }
  }
}
