package io.cairn.kraft.api;

import io.cairn.common.InvalidArgumentException;
import java.util.Objects;

/**
 * Settings of one {@link RawKraft} node. Times are in ticks: the driver calls {@link
 * RawKraft#tick()} at a fixed rate (for example every 5 ms) and every timeout below counts those
 * calls. Build with {@link #builder(NodeId)}; defaults suit a LAN with ticks of a few milliseconds.
 *
 * <p>Thread-safety: immutable.
 *
 * @param id this node's identifier
 * @param mode plain Raft or Kademlia-Raft (KRaft)
 * @param ackPath how KRaft group members acknowledge relayed appends and heartbeats
 * @param electionTicks minimum election timeout; also the leader lease during which votes are
 *     refused (thesis §4.2.3) and the CheckQuorum period
 * @param heartbeatTicks interval between leader heartbeats
 * @param preVote run a Pre-Vote round before raising the term (thesis §9.6)
 * @param checkQuorum a leader that has not heard from a quorum for {@code electionTicks} steps down
 * @param maxEntriesBytesPerMessage cap on entry bytes in one append (at least one entry is sent)
 * @param maxInflightAppends appends sent to one follower and not yet acknowledged
 * @param maxCommittedBytesPerReady cap on committed-entry bytes in one {@link Ready}
 * @param snapshotChunkBytes bytes per {@link SnapshotChunk}
 * @param snapshotChunksInFlight snapshot chunks sent to one member ahead of its acknowledgement (1:
 *     stop-and-wait)
 * @param catchUpRoundsMax learner catch-up rounds before a promotion is abandoned (thesis §4.2.1)
 * @param fallbackElectionFactor KRaft: nodes outside the candidate layer wait this many election
 *     timeouts before campaigning (liveness when every candidate is down)
 * @param rankStaggerTicks KRaft: extra delay per XOR rank between candidate-layer timeouts
 * @param relayTimeoutTicks KRaft: ticks without word from a relay before its group is served directly
 * @param relayBundleTicks KRaft: the longest a relay holds collected answers before returning them
 * @param relayVotes KRaft: send vote requests through relays (false: candidates ask every voter directly)
 * @param appliedIndex on restart, the index the application has already applied (0: the snapshot's)
 * @param snapshotBytesPerTick pace of a snapshot transfer: snapshot bytes a leader may send one
 *     member per tick on average (a burst is at most the window); 0: no pace, the window alone
 * @param snapshotSentOutside the leader's snapshot chunks are streamed by a sender outside the
 *     protocol: the leader still decides when a member needs a snapshot and tracks its answers,
 *     but sends only an <em>offer</em> (a {@link SnapshotChunk} at offset 0 without data, again
 *     after a silence) and no chunk of data; the sender streams the bytes (docs/replication.md)
 * @param leaderMatchAtPersist the leader counts its own copy of an entry towards commit only once
 *     the driver reports it durable ({@link RawKraft#persisted}), not when it appends it: the
 *     driver may then advance a leader's Ready before its log sync and sync beside the protocol
 *     (thesis §10.2.1; session 17). Off, the leader matches itself at append time and every
 *     Ready's entries must be durable before it is advanced
 */
public record KraftConfig(
    NodeId id, Mode mode, AckPath ackPath, int electionTicks, int heartbeatTicks, boolean preVote,
    boolean checkQuorum, long maxEntriesBytesPerMessage, int maxInflightAppends,
    long maxCommittedBytesPerReady, int snapshotChunkBytes, int snapshotChunksInFlight, int catchUpRoundsMax,
    int fallbackElectionFactor, int rankStaggerTicks, int relayTimeoutTicks, int relayBundleTicks,
    boolean relayVotes, long appliedIndex, long snapshotBytesPerTick, boolean snapshotSentOutside,
    boolean leaderMatchAtPersist) {

  /**
   * Checks the settings.
   *
   * @throws InvalidArgumentException when a value is out of range
   */
  public KraftConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(ackPath, "ackPath");
    require(heartbeatTicks >= 1, "heartbeatTicks must be at least 1");
    require(electionTicks > heartbeatTicks, "electionTicks must exceed heartbeatTicks");
    require(maxEntriesBytesPerMessage >= 1, "maxEntriesBytesPerMessage must be positive");
    require(maxInflightAppends >= 1, "maxInflightAppends must be positive");
    require(maxCommittedBytesPerReady >= 1, "maxCommittedBytesPerReady must be positive");
    require(snapshotChunkBytes >= 1, "snapshotChunkBytes must be positive");
    require(snapshotChunksInFlight >= 1, "snapshotChunksInFlight must be positive");
    require(catchUpRoundsMax >= 1, "catchUpRoundsMax must be positive");
    require(fallbackElectionFactor >= 2, "fallbackElectionFactor must be at least 2");
    require(rankStaggerTicks >= 1, "rankStaggerTicks must be positive");
    require(relayTimeoutTicks >= 1, "relayTimeoutTicks must be positive");
    require(relayBundleTicks >= 1, "relayBundleTicks must be positive");
    require(appliedIndex >= 0, "appliedIndex must not be negative");
    require(snapshotBytesPerTick >= 0, "snapshotBytesPerTick must not be negative");
  }

  /** A builder with the defaults for node {@code id}. */
  public static Builder builder(NodeId id) {
    return new Builder(id);
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    Builder builder = new Builder(id);
    builder.mode = mode;
    builder.ackPath = ackPath;
    builder.electionTicks = electionTicks;
    builder.heartbeatTicks = heartbeatTicks;
    builder.preVote = preVote;
    builder.checkQuorum = checkQuorum;
    builder.maxEntriesBytesPerMessage = maxEntriesBytesPerMessage;
    builder.maxInflightAppends = maxInflightAppends;
    builder.maxCommittedBytesPerReady = maxCommittedBytesPerReady;
    builder.snapshotChunkBytes = snapshotChunkBytes;
    builder.snapshotChunksInFlight = snapshotChunksInFlight;
    builder.catchUpRoundsMax = catchUpRoundsMax;
    builder.fallbackElectionFactor = fallbackElectionFactor;
    builder.rankStaggerTicks = rankStaggerTicks;
    builder.relayTimeoutTicks = relayTimeoutTicks;
    builder.relayBundleTicks = relayBundleTicks;
    builder.relayVotes = relayVotes;
    builder.appliedIndex = appliedIndex;
    builder.snapshotBytesPerTick = snapshotBytesPerTick;
    builder.snapshotSentOutside = snapshotSentOutside;
    builder.leaderMatchAtPersist = leaderMatchAtPersist;
    return builder;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new InvalidArgumentException(message);
    }
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private NodeId id;
    private Mode mode = Mode.RAFT;
    private AckPath ackPath = AckPath.VIA_RELAY;
    private int electionTicks = 40;
    private int heartbeatTicks = 4;
    private boolean preVote = true;
    private boolean checkQuorum = true;
    private long maxEntriesBytesPerMessage = 1 << 20;
    private int maxInflightAppends = 256;
    private long maxCommittedBytesPerReady = 4 << 20;
    private int snapshotChunkBytes = 64 << 10;
    private int snapshotChunksInFlight = 1;
    private int catchUpRoundsMax = 10;
    private int fallbackElectionFactor = 3;
    private int rankStaggerTicks = 4;
    private int relayTimeoutTicks = 8;
    private int relayBundleTicks = 2;
    private boolean relayVotes = true;
    private long appliedIndex;
    private long snapshotBytesPerTick;
    private boolean snapshotSentOutside;
    private boolean leaderMatchAtPersist;

    private Builder(NodeId id) {
      this.id = id;
    }

    /** The node's identifier. */
    public Builder id(NodeId value) { id = value; return this; }

    /** Protocol variant (default RAFT). */
    public Builder mode(Mode value) { mode = value; return this; }

    /** KRaft acknowledgement path (default VIA_RELAY). */
    public Builder ackPath(AckPath value) { ackPath = value; return this; }

    /** Minimum election timeout and lease (default 40). */
    public Builder electionTicks(int value) { electionTicks = value; return this; }

    /** Heartbeat interval (default 4). */
    public Builder heartbeatTicks(int value) { heartbeatTicks = value; return this; }

    /** Pre-Vote on or off (default on). */
    public Builder preVote(boolean value) { preVote = value; return this; }

    /** CheckQuorum on or off (default on). */
    public Builder checkQuorum(boolean value) { checkQuorum = value; return this; }

    /** Entry bytes per append (default 1 MiB). */
    public Builder maxEntriesBytesPerMessage(long value) { maxEntriesBytesPerMessage = value; return this; }

    /** Unacknowledged appends per follower (default 256). */
    public Builder maxInflightAppends(int value) { maxInflightAppends = value; return this; }

    /** Committed-entry bytes per Ready (default 4 MiB). */
    public Builder maxCommittedBytesPerReady(long value) { maxCommittedBytesPerReady = value; return this; }

    /** Snapshot chunk size (default 64 KiB). */
    public Builder snapshotChunkBytes(int value) { snapshotChunkBytes = value; return this; }

    /** Snapshot chunks in flight to one member (default 1: stop-and-wait). */
    public Builder snapshotChunksInFlight(int value) { snapshotChunksInFlight = value; return this; }

    /** Catch-up rounds before promotion is abandoned (default 10). */
    public Builder catchUpRoundsMax(int value) { catchUpRoundsMax = value; return this; }

    /** KRaft fallback factor for non-candidates (default 3). */
    public Builder fallbackElectionFactor(int value) { fallbackElectionFactor = value; return this; }

    /** KRaft delay per rank (default 4 ticks). */
    public Builder rankStaggerTicks(int value) { rankStaggerTicks = value; return this; }

    /** KRaft relay timeout (default 8 ticks). */
    public Builder relayTimeoutTicks(int value) { relayTimeoutTicks = value; return this; }

    /** KRaft relay bundling delay (default 2 ticks). */
    public Builder relayBundleTicks(int value) { relayBundleTicks = value; return this; }

    /** KRaft vote routing through relays (default on). */
    public Builder relayVotes(boolean value) { relayVotes = value; return this; }

    /** Index already applied by the application on restart (default 0). */
    public Builder appliedIndex(long value) { appliedIndex = value; return this; }

    /** Snapshot bytes per tick to one member (default 0: unpaced). */
    public Builder snapshotBytesPerTick(long value) { snapshotBytesPerTick = value; return this; }

    /** Snapshot chunks streamed by a sender outside the protocol (default false: the protocol sends them). */
    public Builder snapshotSentOutside(boolean value) { snapshotSentOutside = value; return this; }

    /** The leader's own match moves at {@link RawKraft#persisted}, not at append (default false). */
    public Builder leaderMatchAtPersist(boolean value) { leaderMatchAtPersist = value; return this; }

    /** The validated settings. */
    public KraftConfig build() {
      return new KraftConfig(id, mode, ackPath, electionTicks, heartbeatTicks, preVote, checkQuorum,
          maxEntriesBytesPerMessage, maxInflightAppends, maxCommittedBytesPerReady, snapshotChunkBytes, snapshotChunksInFlight,
          catchUpRoundsMax, fallbackElectionFactor, rankStaggerTicks, relayTimeoutTicks, relayBundleTicks, relayVotes,
          appliedIndex, snapshotBytesPerTick, snapshotSentOutside, leaderMatchAtPersist);
    }
  }
}
