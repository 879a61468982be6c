package io.cairn.replication.ledger;

import io.cairn.chain.api.ApplyResult;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.Genesis;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LedgerEntry;
import io.cairn.chain.api.LedgerOptions;
import io.cairn.chain.api.MemberKey;
import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotMetadata;
import io.cairn.lsm.api.Db;
import io.cairn.replication.api.NodeChange;
import io.cairn.replication.codec.ArrivingBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger as KRaft's state machine: committed log entries go to {@link Ledger#apply(long,
 * byte[])} in log order; configuration entries and the leaders' empty no-ops carry no ledger
 * change and are applied as empty entries (the ledger records them as rejected, which only moves
 * its applied index, identically on every node). It also takes and installs snapshots of the
 * ledger database ({@link LedgerSnapshot}).
 *
 * <p>Thread-safety: {@link #apply}, {@link #snapshot} and {@link #install} are called by one
 * thread only (the KRaft member's apply thread, the BFT runner); {@link #ledger()}, {@link
 * #configuration()} and {@link #nodes()} may be read from any thread (the ledger object is
 * replaced when a snapshot is installed, and a reader holding the old one may see it closed).
 */
public final class LedgerMachine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerMachine.class);
  private static final byte[] NO_CHANGE = new byte[0];

  private final Db db;
  private final LedgerOptions options;
  private volatile Ledger ledger;
  private volatile Configuration configuration;
  private final NodeList nodes;
  private NodeChangeOutcome lastNodeChange;
  private Set<Hash32> lastAnchoredElsewhere = Set.of();

  /**
   * What became of a node change entry.
   *
   * @param index its log index
   * @param change the change, or null when the entry did not decode
   * @param refusal why it was refused, or null when the node list reflects it
   */
  public record NodeChangeOutcome(long index, NodeChange change, String refusal) {}

  /** The ledger in {@code db}; {@code configuration} is the membership as of its applied index. */
  public LedgerMachine(Db db, LedgerOptions options, Configuration configuration) {
    this.db = Objects.requireNonNull(db, "db");
    this.options = Objects.requireNonNull(options, "options");
    this.configuration = Objects.requireNonNull(configuration, "configuration");
    this.ledger = Ledger.open(db, options);
    this.nodes = new NodeList(db);
  }

  /** The cluster's node list (ledger state). */
  public NodeList nodes() {
    return nodes;
  }

  /** The outcome of the last node change entry applied since the previous call, or null. */
  public NodeChangeOutcome pollNodeChange() {
    NodeChangeOutcome outcome = lastNodeChange;
    lastNodeChange = null;
    return outcome;
  }

  /** The current ledger object. */
  public Ledger ledger() {
    return ledger;
  }

  /** Index of the last log entry applied. */
  public long appliedIndex() {
    return ledger.lastAppliedIndex();
  }

  /** The membership as of {@link #appliedIndex()} (as far as this machine has seen configuration entries). */
  public Configuration configuration() {
    return configuration;
  }

  /**
   * Applies the committed {@code entry}; returns the block it applied, or null when it applied
   * anything else, was skipped or was rejected.
   */
  public Block apply(Entry entry) {
    return apply(entry.index(), ledgerBytes(entry));
  }

  /**
   * Applies the committed {@code entry} like {@link #apply(Entry)} without decoding the block it
   * carries a second time (the ledger decodes it once to apply it); returns whether the ledger
   * applied it. A caller that needs the block takes it from where it has it ({@link #blockOf}).
   */
  public boolean applyEntry(Entry entry) {
    return applyBytes(entry.index(), ledgerBytes(entry));
  }

  /**
   * What became of one entry of {@link #applyEntries}: whether the ledger applied it, the node
   * change it carried (or null), and, for a block, the record hashes among its entries whose first
   * anchor is elsewhere.
   */
  public record Applied(Entry entry, boolean accepted, NodeChangeOutcome nodeChange, Set<Hash32> anchoredElsewhere) {}

  /**
   * Applies the committed {@code entries} (consecutive, in log order, above the applied index)
   * with the outcome of {@link #applyEntry} of each in turn, one result per entry in order. Runs
   * of plain ledger entries (not configurations, not node changes) go to {@link
   * Ledger#applyAll} together, which writes consecutive blocks as one engine batch
   * (docs/replication.md, "session 14"); the others apply one at a time, in their place.
   */
  public List<Applied> applyEntries(List<Entry> entries) {
    List<Applied> applied = new ArrayList<>(entries.size());
    int i = 0;
    while (i < entries.size()) {
      Entry first = entries.get(i);
      if (!plain(first)) {
        boolean accepted = applyEntry(first);
        applied.add(new Applied(first, accepted, pollNodeChange(), lastAnchoredElsewhere));
        i++;
        continue;
      }
      int end = i;
      List<byte[]> run = new ArrayList<>();
      while (end < entries.size() && plain(entries.get(end))) {
        run.add(entries.get(end).data());
        end++;
      }
      List<ApplyResult> results = ledger.applyAll(first.index(), run);
      for (int k = 0; k < results.size(); k++) {
        ApplyResult result = results.get(k);
        if (result.outcome() == ApplyResult.Outcome.REJECTED && run.get(k).length > 0) {
          LOG.warn("entry {} rejected by the ledger: {}", result.logIndex(), result);
        }
        lastAnchoredElsewhere = result.anchoredElsewhere();
        applied.add(new Applied(entries.get(i + k), result.outcome() == ApplyResult.Outcome.APPLIED, null,
            result.anchoredElsewhere()));
      }
      i = end;
    }
    return applied;
  }

  /** Whether {@code entry} is a plain ledger entry: its data goes to the ledger as it is. */
  private static boolean plain(Entry entry) {
    return entry.type() != EntryType.CONFIG && !NodeChange.isLogEntry(entry.data());
  }

  /** The block a committed entry's data carries, or null when it carries anything else. */
  public static Block blockOf(byte[] bytes) {
    try {
      return bytes.length > 0 && LedgerEntry.decode(bytes) instanceof Block block ? block : null;
    } catch (CorruptionException e) {
      return null;
    }
  }

  /** What the ledger applies for {@code entry}: its data, a node change's admission, or nothing. */
  private byte[] ledgerBytes(Entry entry) {
    if (entry.type() == EntryType.CONFIG) {
      configuration = Configuration.decode(entry.data());
      return NO_CHANGE;
    }
    return NodeChange.isLogEntry(entry.data()) ? applyNodeChange(entry) : entry.data();
  }

  /**
   * Applies ledger entry {@code bytes} (empty: no change) at index {@code index}, the next one;
   * returns the block it applied, or null when it applied anything else, was skipped or rejected.
   * Used by the BFT driver, whose decisions carry ledger entries without a KRaft log.
   */
  public Block apply(long index, byte[] bytes) {
    if (!applyBytes(index, bytes)) {
      return null;
    }
    try {
      return LedgerEntry.decode(bytes) instanceof Block block ? block : null;
    } catch (CorruptionException e) {
      throw new IllegalStateException("the ledger applied entry " + index + " that does not decode", e);
    }
  }

  /**
   * For the block the last {@link #applyEntry}/{@link #apply} applied, the record hashes among its
   * entries whose first anchor is elsewhere ({@link ApplyResult#anchoredElsewhere()}); empty when
   * that call applied no block.
   */
  public Set<Hash32> lastAnchoredElsewhere() {
    return lastAnchoredElsewhere;
  }

  private boolean applyBytes(long index, byte[] bytes) {
    ApplyResult result = ledger.apply(index, bytes);
    lastAnchoredElsewhere = result.anchoredElsewhere();
    if (result.outcome() == ApplyResult.Outcome.REJECTED && bytes.length > 0) {
      LOG.warn("entry {} rejected by the ledger: {}", index, result);
    }
    return result.outcome() == ApplyResult.Outcome.APPLIED;
  }

  /**
   * Applies a node change to the node list; returns what the ledger applies at the same index:
   * the added node's admission, or nothing.
   */
  private byte[] applyNodeChange(Entry entry) {
    NodeChange change;
    try {
      change = NodeChange.fromLogEntry(entry.data());
    } catch (CorruptionException e) {
      lastNodeChange = new NodeChangeOutcome(entry.index(), null, "malformed: " + e.getMessage());
      return NO_CHANGE;
    }
    MemberKey regulator = ledger.genesis().map(Genesis::regulator).orElse(null);
    String refusal = nodes.apply(change, regulator, ledger.blockCount() == 0);
    lastNodeChange = new NodeChangeOutcome(entry.index(), change, refusal);
    if (refusal != null) {
      LOG.warn("node change at log index {} refused: {} ({})", entry.index(), refusal, change);
      return NO_CHANGE;
    }
    LOG.info("node list: {} applied at log index {}", change, entry.index());
    return change.admission() == null ? NO_CHANGE : LedgerEntry.encode(change.admission());
  }

  /** Whether the last {@link #apply} of {@code index} was accepted: the ledger state names it. */
  public boolean applied(long index) {
    return ledger.lastAppliedIndex() >= index;
  }

  /** A snapshot of the ledger at its applied index, whose entry has term {@code term}. */
  public Snapshot snapshot(long term) {
    return new Snapshot(new SnapshotMetadata(appliedIndex(), term, configuration), LedgerSnapshot.capture(db));
  }

  /**
   * Replaces the ledger by {@code snapshot}'s (received from the leader, or this node's own
   * stored snapshot when its ledger fell behind it after a crash).
   *
   * @throws CorruptionException when the snapshot's data is not a ledger snapshot
   */
  public void install(Snapshot snapshot) {
    install(snapshot, null);
  }

  /**
   * Replaces the ledger by {@code snapshot}'s, committing {@code streamed} (its pairs already
   * ingested as they arrived) when it holds this snapshot, else from the snapshot's bytes.
   *
   * @throws CorruptionException when the snapshot's data is not a ledger snapshot
   */
  public void install(Snapshot snapshot, StreamedInstall streamed) {
    Ledger old = ledger;
    boolean committed = false;
    if (streamed != null) {
      if (streamed.matches(snapshot.data().length, Crc32c.of(snapshot.data()))) {
        committed = streamed.commit();
      } else {
        streamed.abandon();
      }
    }
    if (!committed) {
      LedgerSnapshot.restore(db, snapshot.data());
    }
    ledger = Ledger.open(db, options);
    old.close();
    configuration = snapshot.metadata().configuration();
    nodes.reload();
    if (ledger.lastAppliedIndex() != snapshot.index()) {
      throw new CorruptionException("snapshot at " + snapshot.index() + " holds a ledger applied up to "
          + ledger.lastAppliedIndex());
    }
    LOG.info("installed the ledger snapshot at log index {} ({} blocks)", snapshot.index(), ledger.blockCount());
  }

  /**
   * Starts ingesting a snapshot that is still arriving ({@code bytes}, whose data must have
   * CRC32C {@code checksum}) into the ledger database, to be committed by {@link #install(Snapshot,
   * StreamedInstall)} (any thread: the ingest runs on its own).
   */
  public StreamedInstall streamInstall(ArrivingBytes bytes, int checksum) {
    return new StreamedInstall(db, bytes, checksum, "cairn-snapshot-ingest");
  }

  /** Closes the ledger object (the database belongs to the caller). */
  @Override
  public void close() {
    ledger.close();
  }
}
