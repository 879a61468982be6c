package io.cairn.chain.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.AnchoringChild;
import io.cairn.chain.Fixtures;
import io.cairn.chain.TestLedger;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger and its indexes on the real engine come back intact after close and after kill -9. */
class EnginePersistenceTest {
  @TempDir Path directory;

  @Test
  void ledgerAndIndexesSurviveCloseAndReopen() {
    TestLedger t = TestLedger.create(directory);
    SplittableRandom random = new SplittableRandom(12);
    List<AnchorReceipt> receipts = new ArrayList<>();
    List<Block> blocks = new ArrayList<>();
    for (int block = 0; block < 8; block++) {
      t.clock.addAndGet(7);
      receipts.addAll(t.node.anchor(Fixtures.records(random, 40, 256), HashAlgorithm.SHA_256));
      blocks.add(t.ledger.block(block).orElseThrow());
    }
    t.node.publishState("acme", new byte[] {3, 1, 4});
    long applied = t.ledger.lastAppliedIndex();
    try (TestLedger reopened = t.reopen()) {
      Ledger ledger = reopened.ledger;
      assertThat(ledger.blockCount()).isEqualTo(9);
      assertThat(ledger.lastAppliedIndex()).isEqualTo(applied);
      assertThat(ledger.members().size()).isEqualTo(2);
      assertThat(ledger.genesis()).contains(t.genesis);
      for (Block block : blocks) {
        assertThat(ledger.block(block.height())).contains(block);
        assertThat(ledger.block(block.hash())).contains(block);
      }
      for (AnchorReceipt receipt : receipts) {
        assertThat(ledger.anchorOf(receipt.key())).contains(receipt.position());
        assertThat(ledger.verify(receipt.key()).code()).isEqualTo(VerdictCode.VERIFIED);
      }
      assertThat(ledger.latestState("acme").orElseThrow().transaction().state()).containsExactly(3, 1, 4);
      assertThat(ledger.nextNonce(t.member.key())).as("3 transactions per block, one state").isEqualTo(8 * 3 + 1);
    }
  }

  @Test
  void everyAcknowledgedAnchorSurvivesKillNine() throws Exception {
    Path home = directory.resolve("home");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), AnchoringChild.class.getName(), home.toString(), "77")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    Map<Hash32, Long> acknowledged = new HashMap<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acknowledged.size() < 300 && (line = out.readLine()) != null) {
        String[] parts = line.split(" ");
        acknowledged.put(Hash32.parse(parts[1]), Long.parseLong(parts[2]));
      }
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no final sync
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);
    try (NodeHome reopened = NodeHome.open(home)) {
      Ledger ledger = reopened.ledger();
      for (Map.Entry<Hash32, Long> anchor : acknowledged.entrySet()) {
        Verdict verdict = ledger.verify(anchor.getKey());
        assertThat(verdict.code()).as(verdict.detail()).isEqualTo(VerdictCode.VERIFIED);
        assertThat(verdict.position().height()).isEqualTo(anchor.getValue());
      }
      // Whatever the kill interrupted, the chain is whole: every block reassembles and links.
      Hash32 previous = ledger.genesis().orElseThrow().hash();
      for (long height = 0; height < ledger.blockCount(); height++) {
        Block block = ledger.block(height).orElseThrow();
        assertThat(block.header().previousHash()).isEqualTo(previous);
        previous = block.hash();
      }
      assertThat(ledger.headHash()).isEqualTo(previous);
      // And it keeps working.
      AnchorReceipt next = reopened.node().anchor(List.of(new byte[] {1, 2}), HashAlgorithm.SHA_256).getFirst();
      assertThat(ledger.verify(next.key()).passed()).isTrue();
    }
  }
}
