package io.cairn.consortium;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * State transfer of the consortium chain for an HQ node that fell behind (it restarted, or its
 * Byzantine replica missed decisions): it asks every other HQ node for the committed blocks from
 * its height on ({@link HqMessage.SyncRequest}) and appends a block only when f+1 answers hold the
 * same block and commit record at that height, so at least one honest HQ node applied it: the one
 * the Byzantine core ordered. Every block so taken still passes the node's own commit checks
 * (link, signatures, quorum of certificates, evidence) before it is appended.
 *
 * <p>One round at a time: a round ends when every other node answered, when it confirmed a block,
 * or after {@link #ROUND_MILLIS}; a new one starts when there is a reason to think the node is
 * behind ({@link #behind}: at start, a proposal for a later height, an ordered commit of a later
 * height, or answers that reach further than what was confirmed), and at least every {@link
 * #IDLE_ASK_MILLIS} (a node that restarted while the chain was idle learns of it so).
 *
 * <p>Thread-safety: not thread-safe; owned by its {@link HqNode}'s driver thread.
 */
final class CatchUp {
  /** Most blocks in one answer. */
  static final int ANSWER_BLOCKS_MAX = 64;
  /** Most bytes of encoded blocks in one answer (the member transport's frame holds 16 MiB). */
  static final long ANSWER_BYTES_MAX = 8L << 20;
  /** How long a round waits for answers. */
  static final long ROUND_MILLIS = 2_000;
  /** A node asks at least this often even with no sign of being behind (cheap: answers hold no block then). */
  static final long IDLE_ASK_MILLIS = 5_000;

  /** A block and its commit record that f+1 HQ nodes confirmed. */
  record Confirmed(ConsortiumBlock block, CommitRecord commit) {}

  private final int n;
  private final int f;
  private final Map<Integer, HqMessage.SyncAnswer> answers = new HashMap<>();
  private long askedFrom = -1;
  private long deadline;
  private boolean wanted = true;
  private long rounds;
  private long lastAsk;

  CatchUp(int n) {
    this.n = n;
    this.f = (n - 1) / 3;
  }

  /** Something suggests the chain moved on without this node: ask at the next tick. */
  void behind() {
    wanted = true;
  }

  /** The request to broadcast now, or null (a round runs, or there is no reason to ask). */
  HqMessage.SyncRequest tick(long nowMillis, long height) {
    if (askedFrom >= 0 && nowMillis < deadline) {
      return null;
    }
    askedFrom = -1;
    answers.clear();
    if (!wanted && nowMillis - lastAsk < IDLE_ASK_MILLIS) {
      return null;
    }
    wanted = false;
    lastAsk = nowMillis;
    askedFrom = height;
    deadline = nowMillis + ROUND_MILLIS;
    rounds++;
    return new HqMessage.SyncRequest(height);
  }

  /**
   * Takes {@code from}'s answer and returns the blocks from {@code height} on that f+1 answers of
   * this round now confirm, in height order (empty when none).
   */
  List<Confirmed> onAnswer(int from, HqMessage.SyncAnswer answer, long height) {
    if (askedFrom < 0 || answers.containsKey(from)) {
      return List.of();
    }
    answers.put(from, answer);
    List<Confirmed> confirmed = new ArrayList<>();
    for (long h = height; ; h++) {
      Confirmed next = confirmedAt(h);
      if (next == null) {
        break;
      }
      confirmed.add(next);
    }
    long reached = height + confirmed.size();
    long further = answers.values().stream().filter(a -> a.height() > reached).count();
    if (!confirmed.isEmpty() || answers.size() == n - 1) {
      askedFrom = -1;
      answers.clear();
      wanted = further > 0;
    }
    return confirmed;
  }

  /** The block at {@code h} that f+1 answers hold byte for byte (with the same commit record), or null. */
  private Confirmed confirmedAt(long h) {
    Map<String, Integer> votes = new HashMap<>();
    for (HqMessage.SyncAnswer answer : answers.values()) {
      for (int i = 0; i < answer.blocks().size(); i++) {
        ConsortiumBlock block = answer.blocks().get(i);
        CommitRecord commit = answer.commits().get(i);
        if (block.height() != h || commit.height() != h || !java.util.Arrays.equals(commit.blockHash(), block.hash())) {
          continue;
        }
        String key = HexFormat.of().formatHex(block.hash()) + HexFormat.of().formatHex(Wire.sha256(commit.encode()));
        if (votes.merge(key, 1, Integer::sum) >= f + 1) {
          return new Confirmed(block, commit);
        }
      }
    }
    return null;
  }

  /** Rounds started so far. */
  long rounds() {
    return rounds;
  }

  /** The answer to a {@link HqMessage.SyncRequest} from {@code ledger}: blocks from {@code from} on. */
  static HqMessage.SyncAnswer answer(ConsortiumLedger ledger, long from) {
    List<ConsortiumBlock> blocks = new ArrayList<>();
    List<CommitRecord> commits = new ArrayList<>();
    long height = ledger.height();
    long bytes = 0;
    for (long h = from; h < height && blocks.size() < ANSWER_BLOCKS_MAX && bytes < ANSWER_BYTES_MAX; h++) {
      ConsortiumBlock block = ledger.block(h);
      blocks.add(block);
      commits.add(ledger.commit(h));
      bytes += block.encode().length;
    }
    return new HqMessage.SyncAnswer(height, blocks, commits);
  }
}
