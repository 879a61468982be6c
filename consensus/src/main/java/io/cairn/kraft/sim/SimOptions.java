package io.cairn.kraft.sim;

import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.api.AckPath;
import io.cairn.kraft.api.Mode;
import java.util.EnumSet;
import java.util.Set;

/**
 * Everything that defines one simulated run except its seed: the same options and seed always
 * give the same run, event for event.
 *
 * @param mode protocol variant
 * @param ackPath KRaft acknowledgement path
 * @param nodes founding voters
 * @param faults faults to inject during the chaos phase
 * @param chaosMillis virtual milliseconds with faults
 * @param quietMillis virtual milliseconds after healing during which clients keep working
 * @param drainMillis the most virtual milliseconds clients get afterwards to finish (liveness)
 * @param clients concurrent clients
 * @param keys distinct keys
 * @param tickMicros virtual microseconds per tick
 * @param electionTicks election timeout / lease in ticks
 * @param heartbeatTicks heartbeat interval in ticks
 * @param rankStaggerTicks KRaft delay per candidate rank
 * @param relayTimeoutTicks KRaft relay timeout
 * @param relayBundleTicks KRaft relay bundling delay
 * @param relayVotes KRaft routes votes through relays
 * @param snapshotEveryEntries a node snapshots its state machine after applying this many entries
 * @param valueBytes extra payload bytes carried by every write (larger log entries)
 * @param wireRoundTrip every message is encoded and decoded by the canonical codec on the way
 * @param resources what messages, steps and applies cost ({@link ResourceModel#OFF}: nothing)
 * @param bugs deliberately planted driver bugs (tests only)
 */
public record SimOptions(
    Mode mode, AckPath ackPath, int nodes, Set<Fault> faults, int chaosMillis, int quietMillis,
    int drainMillis, int clients, int keys, int tickMicros, int electionTicks, int heartbeatTicks,
    int rankStaggerTicks, int relayTimeoutTicks, int relayBundleTicks, boolean relayVotes, int snapshotEveryEntries,
    int valueBytes, boolean wireRoundTrip, ResourceModel resources, Set<SimBug> bugs) {

  /** Validates and copies. */
  public SimOptions {
    if (nodes < 1 || nodes > 1000) {
      throw new InvalidArgumentException("nodes must be in [1, 1000], was " + nodes);
    }
    if (clients < 1 || keys < 1) {
      throw new InvalidArgumentException("clients and keys must be positive");
    }
    if (chaosMillis < 0 || quietMillis < 0 || drainMillis < 100) {
      throw new InvalidArgumentException("bad phase lengths");
    }
    if (valueBytes < 0 || valueBytes > 1 << 20) {
      throw new InvalidArgumentException("valueBytes must be in [0, 1 MiB], was " + valueBytes);
    }
    if (tickMicros < 100) {
      throw new InvalidArgumentException("tickMicros must be at least 100");
    }
    java.util.Objects.requireNonNull(resources, "resources");
    faults = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
    bugs = bugs.isEmpty() ? EnumSet.noneOf(SimBug.class) : EnumSet.copyOf(bugs);
  }

  /** Defaults for {@code nodes} founding voters in {@code mode}, all faults on. */
  public static Builder builder(Mode mode, int nodes) {
    return new Builder(mode, nodes);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder(mode, nodes);
    b.ackPath = ackPath;
    b.faults = faults;
    b.chaosMillis = chaosMillis;
    b.quietMillis = quietMillis;
    b.drainMillis = drainMillis;
    b.clients = clients;
    b.keys = keys;
    b.tickMicros = tickMicros;
    b.electionTicks = electionTicks;
    b.heartbeatTicks = heartbeatTicks;
    b.rankStaggerTicks = rankStaggerTicks;
    b.relayTimeoutTicks = relayTimeoutTicks;
    b.relayBundleTicks = relayBundleTicks;
    b.relayVotes = relayVotes;
    b.snapshotEveryEntries = snapshotEveryEntries;
    b.valueBytes = valueBytes;
    b.wireRoundTrip = wireRoundTrip;
    b.resources = resources;
    b.bugs = bugs;
    return b;
  }

  /** Mutable builder. */
  public static final class Builder {
    private Mode mode;
    private final int nodes;
    private AckPath ackPath = AckPath.VIA_RELAY;
    private Set<Fault> faults = Fault.chaos();
    private int chaosMillis = 4000;
    private int quietMillis = 2000;
    private int drainMillis = 3000;
    private int clients = 4;
    private int keys = 3;
    private int tickMicros = 1000;
    private int electionTicks = 200;
    private int heartbeatTicks = 20;
    private int rankStaggerTicks = 20;
    private int relayTimeoutTicks = 40;
    private int relayBundleTicks = 8;
    private boolean relayVotes = false;
    private int snapshotEveryEntries = 64;
    private int valueBytes;
    private boolean wireRoundTrip = true;
    private ResourceModel resources = ResourceModel.OFF;
    private Set<SimBug> bugs = EnumSet.noneOf(SimBug.class);

    private Builder(Mode mode, int nodes) {
      this.mode = mode;
      this.nodes = nodes;
    }

    public Builder mode(Mode value) { mode = value; return this; }
    public Builder ackPath(AckPath value) { ackPath = value; return this; }
    public Builder faults(Set<Fault> value) { faults = value; return this; }
    public Builder chaosMillis(int value) { chaosMillis = value; return this; }
    public Builder quietMillis(int value) { quietMillis = value; return this; }
    public Builder drainMillis(int value) { drainMillis = value; return this; }
    public Builder clients(int value) { clients = value; return this; }
    public Builder keys(int value) { keys = value; return this; }
    public Builder tickMicros(int value) { tickMicros = value; return this; }
    public Builder electionTicks(int value) { electionTicks = value; return this; }
    public Builder heartbeatTicks(int value) { heartbeatTicks = value; return this; }
    public Builder rankStaggerTicks(int value) { rankStaggerTicks = value; return this; }
    public Builder relayTimeoutTicks(int value) { relayTimeoutTicks = value; return this; }
    public Builder relayBundleTicks(int value) { relayBundleTicks = value; return this; }
    public Builder relayVotes(boolean value) { relayVotes = value; return this; }
    public Builder snapshotEveryEntries(int value) { snapshotEveryEntries = value; return this; }
    public Builder valueBytes(int value) { valueBytes = value; return this; }
    public Builder wireRoundTrip(boolean value) { wireRoundTrip = value; return this; }
    public Builder resources(ResourceModel value) { resources = value; return this; }
    public Builder bugs(Set<SimBug> value) { bugs = value; return this; }

    public SimOptions build() {
      return new SimOptions(mode, ackPath, nodes, faults, chaosMillis, quietMillis, drainMillis, clients, keys,
          tickMicros, electionTicks, heartbeatTicks, rankStaggerTicks, relayTimeoutTicks, relayBundleTicks, relayVotes,
          snapshotEveryEntries, valueBytes, wireRoundTrip, resources, bugs);
    }
  }
}
