package io.cairn.bft.core;

import io.cairn.bft.api.Certificate;
import io.cairn.bft.api.Commit;
import io.cairn.bft.api.PrePrepare;
import io.cairn.bft.api.Prepare;
import io.cairn.bft.api.PreparedProof;
import io.cairn.bft.api.Request;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one replica knows about one sequence number. Fields of the current view are reset by
 * {@link #enterView}; {@link #accepted}, {@link #prepared} and the commit survive view changes
 * (they are what a view change reports and what execution needs).
 */
final class Slot {
  final long seq;
  /** The pre-prepare accepted in the current view, or null. */
  PrePrepare prePrepare;
  /** The highest-view pre-prepare this replica accepted (SBFT reports it in a view change). */
  PrePrepare accepted;
  /** The highest-view prepared certificate this replica holds. */
  PreparedProof prepared;
  boolean preparedInView;
  final VoteSet prepares = new VoteSet();
  final VoteSet commits = new VoteSet();
  /** SBFT: certificates that arrived before the pre-prepare. */
  final List<Certificate> held = new ArrayList<>();
  /** SBFT: this replica's shares in the current view and when the first went out. */
  Prepare myShare;
  Commit myCommitShare;
  long shareTick;
  boolean fallbackSent;
  /**
   * Whether this sequence number committed in the current view. A replica that committed it in an
   * earlier view must still send its shares (fallback included) when a new view re-proposes it,
   * or the others may never gather 2f+1 (found by seed 873 of the SBFT n = 4 sweep).
   */
  boolean committedInView;
  private byte[] committedDigest;
  private List<Request> committedBatch;

  Slot(long seq) {
    this.seq = seq;
  }

  void enterView() {
    prePrepare = null;
    preparedInView = false;
    prepares.clear();
    commits.clear();
    held.clear();
    myShare = null;
    myCommitShare = null;
    fallbackSent = false;
    committedInView = false;
  }

  boolean committed() {
    return committedDigest != null;
  }

  byte[] committedDigest() {
    return committedDigest;
  }

  List<Request> committedBatch() {
    return committedBatch;
  }

  /** Commits {@code digest}; committing a different digest at the same sequence number is a crash. */
  boolean commit(byte[] digest, List<Request> batch) {
    if (committedDigest != null) {
      Invariants.check(Arrays.equals(committedDigest, digest), "sequence number " + seq + " committed twice with"
          + " different digests");
      return false;
    }
    committedDigest = digest.clone();
    committedBatch = batch;
    return true;
  }
}
