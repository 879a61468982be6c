package io.cairn.kraft.api;

import java.util.List;

/**
 * A batch of work the driver must do, in this order, before calling {@link RawKraft#advance}:
 *
 * <ol>
 *   <li>write {@link #snapshot()} (if any), then {@link #entries()}, then {@link #hardState()}
 *       (if any) to the {@link LogStorage}, and {@link LogStorage#sync() sync} when {@link
 *       #mustSync()} says so — nothing of this batch may be sent before that;
 *   <li>send {@link #messages()}, each to {@link Message#destination()};
 *   <li>apply the snapshot's data and then {@link #committedEntries()} to the state machine;
 *   <li>serve the reads of {@link #readStates()} once the state machine has applied their index.
 * </ol>
 *
 * <p>Why the order matters: a vote, an acknowledgement or a forwarded response in {@code
 * messages} promises that this node's term, vote and log are on stable storage (a node that
 * forgot its vote after a crash could vote twice in one term). Committed entries may include
 * entries of this same batch; they are safe to apply once step 1 is done. A message whose {@link
 * Message#from()} is another node (a KRaft relay passing on the leader's request or a member's
 * response) promises nothing about this node and may be sent before the sync: a relay is, for
 * safety, only a network.
 *
 * <p>Thread-safety: immutable; the lists are unmodifiable.
 *
 * @param hardState the hard state to write, or null when it did not change
 * @param entries entries to append (the first one may overwrite a suffix of the stored log)
 * @param snapshot a snapshot received from the leader to install, or null
 * @param messages messages to send after the writes are durable
 * @param committedEntries entries to apply, in log order
 * @param readStates confirmed read indexes for earlier {@link RawKraft#readIndex} calls
 * @param mustSync true when term, vote or entries changed: the writes must be synced first
 */
public record Ready(
    HardState hardState, List<Entry> entries, Snapshot snapshot, List<Message> messages,
    List<Entry> committedEntries, List<ReadState> readStates, boolean mustSync) {
  /** Copies the lists. */
  public Ready {
    entries = List.copyOf(entries);
    messages = List.copyOf(messages);
    committedEntries = List.copyOf(committedEntries);
    readStates = List.copyOf(readStates);
  }
}
