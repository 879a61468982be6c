package io.cairn.consortium;

import io.cairn.bft.api.BftMessage;

/**
 * A message between two HQ nodes. The bodies are the signed objects of docs/formats/consortium.md
 * (each encodes under its own magic) and the Byzantine core's messages (docs/formats/bft-messages.md).
 */
public record HqMessage(int from, int to, Body body) {
  /** What an HQ node sends another. */
  public sealed interface Body {}

  /** A period's data set, sent to the leader. */
  public record DataSetBody(DataSet dataSet) implements Body {}

  /** The leader's block (also a resend, and the answer to a fetch). */
  public record Proposal(ConsortiumBlock block) implements Body {}

  /** A slave's signed result, broadcast to the other HQ nodes. */
  public record Result(VerificationResult result) implements Body {}

  /** A slave's reply to the leader. */
  public record Reply(VerificationReply reply) implements Body {}

  /** Asks for the block with this hash (an HQ that must apply a commit without having the block). */
  public record Fetch(byte[] blockHash) implements Body {}

  /** Asks for the committed blocks from {@code fromHeight} on (an HQ that fell behind: state transfer, {@link CatchUp}). */
  public record SyncRequest(long fromHeight) implements Body {}

  /**
   * The answer to a {@link SyncRequest}: committed blocks from the asked height on, each with its
   * commit record (as many as fit {@link CatchUp#ANSWER_BYTES_MAX}), and the sender's chain height.
   */
  public record SyncAnswer(long height, java.util.List<ConsortiumBlock> blocks, java.util.List<CommitRecord> commits)
      implements Body {
    public SyncAnswer {
      blocks = java.util.List.copyOf(blocks);
      commits = java.util.List.copyOf(commits);
      if (blocks.size() != commits.size()) {
        throw new io.cairn.common.InvalidArgumentException("a sync answer has one commit record per block");
      }
    }
  }

  /** A message of the Byzantine core that orders commits and admissions. */
  public record Bft(BftMessage message) implements Body {}
}
