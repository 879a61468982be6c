package io.cairn.replication.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.AnchorEntry;
import io.cairn.chain.api.AnchorTransaction;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.ReadParameters;
import io.cairn.chain.api.Transaction;
import io.cairn.replication.api.TransactionReceipt;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The commit signal of {@link Submissions}: ahead of the receipt, only for the block's own waiters. */
class SubmissionsTest {
  private final Identity identity = Identity.generate();
  private final Submissions submissions = new Submissions(Runnable::run, 60_000_000_000L);

  private Transaction transaction(long nonce) {
    byte[] hash = new byte[Hash32.BYTES];
    hash[0] = (byte) nonce;
    return AnchorTransaction.sign(identity, nonce,
        List.of(AnchorEntry.of(HashAlgorithm.SHA_256, Hash32.of(hash), ReadParameters.of("records", ("k" + nonce).getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
  }

  @Test
  void aCommittedBlockTellsItsWaitersBeforeTheirReceipts() {
    Transaction inBlock = transaction(1);
    Transaction later = transaction(2);
    Transaction unasked = transaction(3);
    CompletableFuture<TransactionReceipt> receipt = new CompletableFuture<>();
    CompletableFuture<Void> committed = new CompletableFuture<>();
    CompletableFuture<Void> laterCommitted = new CompletableFuture<>();
    submissions.add(inBlock, receipt, committed, 0);
    submissions.add(later, new CompletableFuture<>(), laterCommitted, 0);
    submissions.add(unasked, new CompletableFuture<>(), 0);
    Block block = Block.propose(identity, 1, Hash32.ZERO, 1, List.of(inBlock, unasked));

    submissions.committed(block);

    assertThat(committed).as("the block's waiter that asked").isCompleted();
    assertThat(receipt).as("the receipt waits for the apply").isNotDone();
    assertThat(laterCommitted).as("a waiter of another block").isNotDone();
    assertThat(submissions.size()).as("committed waiters still wait for their apply").isEqualTo(3);

    submissions.committed(block); // told twice: nothing more happens
    submissions.applied(block);
    assertThat(receipt).isCompleted();
    assertThat(receipt.join().height()).isEqualTo(1);
    assertThat(laterCommitted).isNotDone();
    assertThat(submissions.size()).isEqualTo(1);
  }
}
