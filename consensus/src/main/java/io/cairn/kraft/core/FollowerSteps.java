package io.cairn.kraft.core;

import io.cairn.kraft.api.AppendRequest;
import io.cairn.kraft.api.AppendResponse;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.HeartbeatRequest;
import io.cairn.kraft.api.HeartbeatResponse;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.kraft.api.SnapshotResponse;
import java.util.List;

/**
 * A follower's (and a relay's own) handling of the leader's appends, heartbeats and snapshot
 * chunks. These are Raft's receiver rules; whether the request came straight from the leader or
 * through a relay makes no difference, except that the answer goes back the same way.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class FollowerSteps {
  private final Raft raft;

  FollowerSteps(Raft raft) {
    this.raft = raft;
  }

  /**
   * AppendEntries: succeed only if our entry at {@code prevIndex} has {@code prevTerm} (Log
   * Matching); then append from the first conflicting entry and commit up to {@code min(commit,
   * last new index)}. A rejection carries a hint that lets the leader skip a whole term.
   */
  void handleAppend(AppendRequest request) {
    RaftLog log = raft.log;
    if (request.prevIndex() < log.committed()) {
      // Everything up to our commit index is known to match: report it.
      raft.send(response(request, log.committed(), false, 0, 0));
      return;
    }
    if (!log.matchTerm(request.prevIndex(), request.prevTerm())) {
      long hint = log.findConflictByTerm(Math.min(request.prevIndex(), log.lastIndex()), request.prevTerm());
      long hintTerm = Math.max(0, log.term(hint));
      raft.send(response(request, request.prevIndex(), true, hint, hintTerm));
      return;
    }
    List<Entry> entries = request.entries();
    if (!Raft.configurationsDecode(entries)) {
      return;
    }
    long conflict = log.findConflict(entries);
    if (conflict != 0) {
      if (conflict <= log.committed()) {
        throw new IllegalStateException(raft.id + ": entry " + conflict + " from " + request.from()
            + " conflicts with committed index " + log.committed());
      }
      raft.appendToLog(entries.subList((int) (conflict - request.prevIndex() - 1), entries.size()));
    }
    long lastNew = request.lastIndex();
    raft.leaderMatchIndex = Math.max(raft.leaderMatchIndex, lastNew);
    log.commitTo(Math.min(request.commit(), lastNew));
    raft.send(response(request, lastNew, false, 0, 0));
  }

  /**
   * A heartbeat carries the leader's commit index unchanged (it may have travelled through a
   * relay to many followers), so we commit only up to the prefix verified against this leader.
   */
  void handleHeartbeat(HeartbeatRequest request) {
    raft.log.commitTo(Math.min(request.commit(), raft.leaderMatchIndex));
    raft.send(new HeartbeatResponse(raft.id, request.from(), raft.term, request.context(),
        raft.responseRelay(request)));
  }

  /** InstallSnapshot, one chunk at a time; the last chunk installs it. */
  void handleSnapshotChunk(SnapshotChunk chunk) {
    if (chunk.metadata().index() <= raft.log.committed()) {
      // Old news (restore would ignore it): most often the leader probed with the last chunk while
      // this member's answer to it was still on its way. Asking for offset 0 would start the whole
      // transfer again; say instead where the committed log stands (committed entries match the
      // leader's), which ends the transfer on the leader.
      raft.snapshotReceiver.reset();
      raft.send(new AppendResponse(raft.id, chunk.from(), raft.term, raft.log.committed(), false, 0, 0, null));
      return;
    }
    Snapshot complete = raft.snapshotReceiver.accept(chunk);
    if (complete == null) {
      raft.send(new SnapshotResponse(raft.id, chunk.from(), raft.term, chunk.metadata().index(),
          raft.snapshotReceiver.nextOffset()));
      return;
    }
    long index = restore(complete) ? raft.log.lastIndex() : raft.log.committed();
    raft.send(new AppendResponse(raft.id, chunk.from(), raft.term, index, false, 0, 0, null));
  }

  /**
   * Installs {@code snapshot} unless it is old news. Returns true when the log was replaced; when
   * our log already holds the snapshot's last entry we only advance the commit index (the entries
   * after it are kept, thesis §5.2).
   */
  boolean restore(Snapshot snapshot) {
    RaftLog log = raft.log;
    if (snapshot.index() <= log.committed()) {
      return false;
    }
    if (log.matchTerm(snapshot.index(), snapshot.term())) {
      log.commitTo(snapshot.index());
      raft.leaderMatchIndex = Math.max(raft.leaderMatchIndex, snapshot.index());
      return false;
    }
    log.restore(snapshot);
    raft.configs.reset(snapshot.index(), snapshot.metadata().configuration());
    raft.reconfigure();
    raft.leaderMatchIndex = snapshot.index();
    return true;
  }

  private AppendResponse response(AppendRequest request, long index, boolean reject, long hint, long hintTerm) {
    return new AppendResponse(raft.id, request.from(), raft.term, index, reject, hint, hintTerm,
        raft.responseRelay(request));
  }
}
