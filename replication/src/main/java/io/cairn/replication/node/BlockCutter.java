package io.cairn.replication.node;

import io.cairn.chain.api.Admission;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LedgerEntry;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.api.Role;
import io.cairn.chain.api.StateTransaction;
import io.cairn.chain.api.Transaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The leader's block assembly. Transactions (local or forwarded) wait in a queue; while this node
 * leads, it cuts the next block from them, signs it and proposes it as one log entry, so the
 * block's bytes are in the log and every member applies the same block: same height, same hash.
 *
 * <p>Before a transaction enters a block it passes the ledger's rules as they will stand when the
 * block applies (signature, checked before {@link #offer}; requester admitted with SUBMIT; nonce
 * above the requester's last one on the ledger and in earlier blocks still in flight; state for
 * the requester's own organisation), so one bad transaction never makes a whole block fail. Blocks are pipelined: the
 * next one names the hash of the last one proposed. If a proposed block is rejected anyway (a
 * leadership change put another block first), proposing pauses until everything in flight has
 * applied, and the next block starts again from the ledger's head.
 *
 * <p>Thread-safety: not thread-safe; the driver thread owns it.
 */
final class BlockCutter {
  static final int TRANSACTIONS_PER_BLOCK_MAX = 4096;
  static final long BLOCK_BYTES_TARGET = 4L << 20;
  static final int BLOCKS_IN_FLIGHT_MAX = 4;

  /** A transaction waiting for a block, and the member to tell if it is refused (0: this node). */
  record Queued(Transaction transaction, int origin) {}

  /** A block proposed at log index {@code index}. */
  record InFlight(long index, Block block) {}

  /** What the cutter wants refused. */
  interface Refusals {
    void refuse(Queued queued, int kind, String reason);
  }

  private final Identity identity;
  private final LongSupplier clockMillis;
  private final LinkedHashMap<Hash32, Queued> queue = new LinkedHashMap<>();
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
  private final Set<Hash32> inFlightIds = new HashSet<>();
  private final Map<MemberKey, Long> inFlightNonces = new HashMap<>();
  private boolean leading;
  private long leadStartIndex;
  private boolean resync;
  private long nextHeight;
  private Hash32 nextPrevious;
  private long nextTimestamp;
  /** The ledger the last block was cut against: told of each block proposed ({@link Ledger#proposed}). */
  private Ledger cutFrom;

  BlockCutter(Identity identity, LongSupplier clockMillis) {
    this.identity = identity;
    this.clockMillis = clockMillis;
  }

  /**
   * Queues {@code transaction}, whose signature the caller has checked (off this thread: it is the
   * costly check); a duplicate of a queued or in-flight one is ignored.
   */
  void offer(Transaction transaction, int origin) {
    Hash32 id = transaction.id();
    if (!inFlightIds.contains(id)) {
      queue.putIfAbsent(id, new Queued(transaction, origin));
    }
  }

  /** Transactions waiting for a block. */
  int queued() {
    return queue.size();
  }

  /**
   * This node's role changed. On becoming leader it waits until the log up to {@code lastIndex}
   * (everything earlier leaders appended, plus its own no-op) has applied before it cuts a block.
   * On losing the lead it forgets what it had in flight; the submitters resend.
   */
  void leadership(boolean leader, long lastIndex) {
    if (leader == leading) {
      return;
    }
    leading = leader;
    leadStartIndex = lastIndex;
    inFlight.clear();
    inFlightIds.clear();
    inFlightNonces.clear();
    resync = true;
    if (!leader) {
      queue.clear();
    }
  }

  /**
   * The next block to propose, or null: not leading, nothing queued, too much in flight, or still
   * catching up with the log. {@code proposed} must be called with its log index if it is proposed.
   */
  Block cut(Ledger ledger, long appliedIndex, Refusals refusals) {
    if (!leading || queue.isEmpty() || inFlight.size() >= BLOCKS_IN_FLIGHT_MAX || appliedIndex < leadStartIndex) {
      return null;
    }
    if (resync) {
      if (!inFlight.isEmpty()) {
        return null;
      }
      nextHeight = ledger.blockCount();
      nextPrevious = ledger.headHash();
      nextTimestamp = ledger.headTimestampMillis();
      resync = false;
    }
    cutFrom = ledger;
    List<Transaction> chosen = choose(ledger, refusals);
    if (chosen.isEmpty()) {
      return null;
    }
    long timestamp = Math.max(clockMillis.getAsLong(), nextTimestamp);
    return Block.propose(identity, nextHeight, nextPrevious, timestamp, chosen);
  }

  private List<Transaction> choose(Ledger ledger, Refusals refusals) {
    List<Queued> batch = new ArrayList<>();
    long bytes = 0;
    var iterator = queue.values().iterator();
    while (iterator.hasNext() && batch.size() < TRANSACTIONS_PER_BLOCK_MAX && bytes < BLOCK_BYTES_TARGET) {
      Queued queued = iterator.next();
      iterator.remove();
      batch.add(queued);
      bytes += queued.transaction().encodedBytes();
    }
    // A requester's transactions go in nonce order, whatever order they arrived in.
    batch.sort(Comparator.comparingLong(queued -> queued.transaction().nonce()));
    Map<MemberKey, Long> nonces = new HashMap<>(inFlightNonces);
    List<Transaction> chosen = new ArrayList<>(batch.size());
    for (Queued queued : batch) {
      String problem = problem(queued.transaction(), ledger, nonces);
      if (problem == null) {
        nonces.put(queued.transaction().requester(), queued.transaction().nonce());
        chosen.add(queued.transaction());
      } else {
        refusals.refuse(queued, problem.startsWith("nonce") ? Wire.REFUSAL_STALE : Wire.REFUSAL_DEFINITIVE, problem);
      }
    }
    return chosen;
  }

  /** Why {@code transaction} cannot go into the next block now, or null ({@code nonces}: in-flight nonces). */
  static String problem(Transaction transaction, Ledger ledger, Map<MemberKey, Long> nonces) {
    MemberKey requester = transaction.requester();
    Admission admission = ledger.members().admission(requester).orElse(null);
    if (admission == null || !admission.has(Role.SUBMIT)) {
      return "requester " + requester.shortHex() + " is not admitted with the SUBMIT role";
    }
    Long pending = nonces.get(requester);
    long last = pending != null ? pending : ledger.nextNonce(requester) - 1;
    if (transaction.nonce() <= last) {
      return "nonce " + transaction.nonce() + " is not above the requester's last nonce " + last;
    }
    if (transaction instanceof StateTransaction state && !state.organization().equals(admission.organization())) {
      return "state for '" + state.organization() + "' by a member of '" + admission.organization() + "'";
    }
    return null;
  }

  /** {@code block} (from {@link #cut}) was proposed at log index {@code index}. */
  void proposed(long index, Block block) {
    if (cutFrom != null) {
      cutFrom.proposed(block); // it applies this object when the entry commits, instead of decoding it
    }
    inFlight.add(new InFlight(index, block));
    for (Transaction transaction : block.transactions()) {
      inFlightIds.add(transaction.id());
      inFlightNonces.merge(transaction.requester(), transaction.nonce(), Math::max);
    }
    nextHeight = block.height() + 1;
    nextPrevious = block.hash();
    nextTimestamp = block.header().timestampMillis();
  }

  /**
   * Log entry {@code index} applied ({@code accepted}: the ledger took it); returns the block this
   * node proposed at that index when the ledger took it (the entry is that block: a leader never
   * overwrites its own entries, and losing the lead clears what is in flight), else null.
   */
  Block applied(long index, boolean accepted) {
    Block appliedBlock = null;
    while (!inFlight.isEmpty() && inFlight.peek().index() <= index) {
      InFlight done = inFlight.poll();
      for (Transaction transaction : done.block().transactions()) {
        inFlightIds.remove(transaction.id());
      }
      if (done.index() == index) {
        if (accepted) {
          appliedBlock = done.block();
        } else {
          resync = true;
        }
      }
    }
    if (inFlight.isEmpty()) {
      inFlightNonces.clear();
    }
    return appliedBlock;
  }

  /** The block this node proposed at log index {@code index} and has not yet seen applied, or null. */
  Block proposedAt(long index) {
    for (InFlight proposed : inFlight) {
      if (proposed.index() == index) {
        return proposed.block();
      }
    }
    return null;
  }

  /** The log entry of {@code block}. */
  static byte[] entry(Block block) {
    return LedgerEntry.encode(block);
  }
}
