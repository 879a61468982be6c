package io.cairn.replication.node;

import io.cairn.chain.api.Block;
import io.cairn.chain.api.Ledger;
import io.cairn.common.CairnException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * State transfer of the ledger between PBFT/SBFT members ({@code docs/bft.md} §9): a member whose
 * bft core jumped over decisions (it restarted, or fell behind a stable checkpoint and installed
 * the core's state from peers) fetches the blocks it misses from its peers. A {@code REQUEST} of
 * kind {@link Wire#KIND_BLOCKS} carries {@code varint fromHeight}; the answer is {@code varint
 * decidedSeq, varint blockCount, varint n, n × bytes block} (at most {@link #BLOCKS_MAX} blocks).
 *
 * <p>The rule that keeps it safe against f lying peers: a round counts only answers from peers that
 * decided at least the target sequence number, and needs 2f+1 of them; a block is taken only when
 * f+1 of them return it byte for byte (so one honest member holds it), and the round's target
 * height is the (f+1)-th largest block count among them, which is at least the true height at the
 * target sequence number (f+1 of the answers are honest and hold all of it). Taking more blocks
 * than that is harmless: the decisions that follow re-apply them, and the ledger rejects a block
 * at a height it already holds, as every other member rejected or applied it.
 *
 * <p>Thread-safety: {@link #serve} answers on worker threads; {@link #round} runs on a worker and
 * calls back with its result.
 */
final class BftLedgerSync {
  /** Most blocks in one answer. */
  static final int BLOCKS_MAX = 64;
  /** Most bytes of blocks in one answer (one frame holds 16 MiB). */
  static final long BYTES_MAX = 8L << 20;
  private static final long CALL_MILLIS = 3_000;

  /**
   * What one round confirmed: blocks from the asked height on, the height to reach, and the
   * sequence number that every counted answer had decided (at least the asked target).
   */
  record Result(List<Block> blocks, long targetHeight, long decidedSeq) {}

  private final Calls calls;
  private final ExecutorService workers;
  private final Supplier<int[]> peers;
  private final int f;

  /** Asks {@code peers} (read at each round: the group grows) and tolerates {@code f} lying ones. */
  BftLedgerSync(Calls calls, ExecutorService workers, Supplier<int[]> peers, int f) {
    this.calls = calls;
    this.workers = workers;
    this.peers = peers;
    this.f = f;
  }

  /** Answers peers' block requests from {@code ledger} and this member's decided sequence number. */
  static void serve(Calls calls, Supplier<Ledger> ledger, LongSupplier decidedSeq) {
    calls.handle(Wire.KIND_BLOCKS, body -> {
      long from = Wire.blocksQuery(body);
      long seq = decidedSeq.getAsLong();
      Ledger current = ledger.get();
      long count = current.blockCount();
      List<byte[]> blocks = new ArrayList<>();
      long bytes = 0;
      for (long height = from; height < count && blocks.size() < BLOCKS_MAX && bytes < BYTES_MAX; height++) {
        byte[] block = current.block(height).orElseThrow().encode();
        blocks.add(block);
        bytes += block.length;
      }
      return Wire.blocksAnswer(new Wire.BlocksAnswer(seq, count, blocks));
    });
  }

  /**
   * Asks every peer for the blocks from {@code fromHeight} (on a worker) and completes with what
   * 2f+1 peers that decided at least {@code targetSeq} confirm; null when too few answered.
   */
  CompletableFuture<Result> round(long fromHeight, long targetSeq) {
    byte[] body = Wire.blocksQuery(fromHeight);
    List<CompletableFuture<Wire.BlocksAnswer>> asked = new ArrayList<>();
    for (int peer : peers.get()) {
      asked.add(CompletableFuture.supplyAsync(() -> ask(peer, body), workers));
    }
    return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(done -> {
      List<Wire.BlocksAnswer> qualified = new ArrayList<>();
      for (CompletableFuture<Wire.BlocksAnswer> answer : asked) {
        Wire.BlocksAnswer value = answer.join();
        if (value != null && value.decidedSeq() >= targetSeq) {
          qualified.add(value);
        }
      }
      return confirm(qualified, fromHeight);
    });
  }

  private Result confirm(List<Wire.BlocksAnswer> qualified, long fromHeight) {
    if (qualified.size() < 2 * f + 1) {
      return null;
    }
    // The 2f+1 answers that decided the most: every one of them decided at least the last one's.
    List<Wire.BlocksAnswer> answers = qualified.stream()
        .sorted(java.util.Comparator.comparingLong(Wire.BlocksAnswer::decidedSeq).reversed()).limit(2L * f + 1).toList();
    long decided = answers.getLast().decidedSeq();
    long[] counts = answers.stream().mapToLong(Wire.BlocksAnswer::blockCount).sorted().toArray();
    long target = counts[counts.length - 1 - f];
    List<Block> confirmed = new ArrayList<>();
    for (int i = 0; ; i++) {
      Map<ByteBuffer, Integer> votes = new HashMap<>();
      byte[] chosen = null;
      for (Wire.BlocksAnswer answer : answers) {
        if (i < answer.blocks().size()) {
          ByteBuffer key = ByteBuffer.wrap(answer.blocks().get(i));
          if (votes.merge(key, 1, Integer::sum) >= f + 1) {
            chosen = answer.blocks().get(i);
          }
        }
      }
      if (chosen == null) {
        return new Result(confirmed, Math.max(target, fromHeight), decided);
      }
      confirmed.add(Block.decode(chosen));
    }
  }

  private Wire.BlocksAnswer ask(int peer, byte[] body) {
    try {
      byte[] answer = calls.call(peer, Wire.KIND_BLOCKS, body, CALL_MILLIS);
      return answer == null ? null : Wire.blocksAnswer(answer);
    } catch (CairnException unreachable) {
      return null; // down, slow, or answered garbage: counts as no answer
    }
  }
}
