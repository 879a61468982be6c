package io.cairn.replication.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.RecordStore;
import io.cairn.chain.api.Transaction;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.replication.api.TransactionReceipt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When an anchor round returns its permit: at its commit (session 11), so the next round starts
 * while the committed one applies; its calls still answer only with the receipt.
 */
class AnchorBatcherTest {
  /** One transaction the batcher handed over, with what the test completes. */
  private record Handed(Transaction transaction, CompletableFuture<TransactionReceipt> receipt,
      CompletableFuture<Void> committed) {}

  @TempDir
  Path directory;
  private Db db;
  private AnchorBatcher batcher;
  private final LinkedBlockingQueue<Handed> handed = new LinkedBlockingQueue<>();

  @BeforeEach
  void open() {
    db = Cairn.open(directory.resolve("records"), Options.defaults());
    RecordStore records = new RecordStore(RecordStore.DEFAULT_NAME, db, WriteOptions.DEFAULT);
    batcher = new AnchorBatcher(Identity.generate(), records, (transaction, committed) -> {
      CompletableFuture<TransactionReceipt> receipt = new CompletableFuture<>();
      handed.add(new Handed(transaction, receipt, committed));
      return receipt;
    }, () -> 1, "test-anchors");
    batcher.start();
  }

  @AfterEach
  void close() {
    batcher.close();
    db.close();
  }

  private static List<byte[]> call(int n) {
    return List.of(("record " + n).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The next transaction handed over; fails if none comes (the batcher stalled). */
  private Handed next() throws InterruptedException {
    Handed next = handed.poll(30, TimeUnit.SECONDS);
    assertThat(next).as("a round was handed over").isNotNull();
    return next;
  }

  @Test
  void aRoundsPermitReturnsAtItsCommitAndItsCallsAnswerAtTheReceipt() throws InterruptedException {
    assertThat(AnchorBatcher.PERMIT_AT_COMMIT).as("the default").isTrue();
    assertThat(AnchorBatcher.ROUNDS_IN_FLIGHT_MAX).isEqualTo(2);
    CompletableFuture<AnchorBatcher.Committed> first = batcher.anchor(call(1));
    Handed one = next();
    batcher.anchor(call(2));
    Handed two = next(); // the second round starts beside the first once its call waited the gate's bound
    assertThat(one.committed()).as("a permit at commit asks for the commit").isNotNull();
    CompletableFuture<AnchorBatcher.Committed> third = batcher.anchor(call(3));
    assertThat(handed.poll(200, TimeUnit.MILLISECONDS)).as("two rounds uncommitted: the third waits").isNull();

    one.committed().complete(null);
    Handed three = next();
    assertThat(three.transaction().nonce()).as("nonces in call order").isEqualTo(two.transaction().nonce() + 1);
    assertThat(first).as("committed, not applied: the call still waits").isNotDone();

    one.receipt().complete(new TransactionReceipt(one.transaction().id(), 1, 0, io.cairn.chain.api.Hash32.ZERO, null));
    assertThat(first.join().records()).hasSize(1);
    three.receipt().completeExceptionally(new IllegalStateException("refused"));
    // The batcher thread may still be registering round three's answer when the test fails its receipt:
    // the call then fails on that thread a moment later, so wait for it rather than look at once.
    assertThat(third).failsWithin(Duration.ofSeconds(30));
    // A failed round's permit returns too: with round two still uncommitted, a fourth starts.
    batcher.anchor(call(4));
    assertThat(next().transaction().nonce()).isEqualTo(three.transaction().nonce() + 1);
  }
}
