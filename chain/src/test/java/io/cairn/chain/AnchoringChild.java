package io.cairn.chain;

import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.NodeHome;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A child JVM for the kill -9 test: anchors blocks of records in a node home forever, printing
 * {@code anchored KEY HEIGHT} for each record once {@code anchor} has returned (synced). The
 * parent kills it with SIGKILL at an arbitrary moment.
 */
public final class AnchoringChild {
  private AnchoringChild() {}

  public static void main(String[] args) {
    SplittableRandom random = new SplittableRandom(Long.parseLong(args[1]));
    try (NodeHome home = NodeHome.open(Path.of(args[0]))) {
      while (true) {
        List<AnchorReceipt> receipts = home.node().anchor(Fixtures.records(random, 25, 512), HashAlgorithm.SHA_256);
        StringBuilder lines = new StringBuilder();
        for (AnchorReceipt receipt : receipts) {
          lines.append("anchored ").append(receipt.key()).append(' ').append(receipt.position().height()).append('\n');
        }
        System.out.print(lines);
        System.out.flush();
      }
    }
  }
}
