package io.cairn.consortium.sim;

import io.cairn.chain.api.Identity;
import io.cairn.consortium.BlockFault;
import io.cairn.consortium.ConsortiumBlock;
import io.cairn.consortium.DataSet;
import io.cairn.consortium.HqMessage;
import io.cairn.consortium.StateUpload;
import io.cairn.consortium.VerificationReply;
import io.cairn.consortium.VerificationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Rewrites what a malicious HQ node sends, per {@link Attack}. It holds only the malicious HQ's own
 * key (and, for the bad block signature, a key that is not any HQ's): it cannot forge another HQ's
 * or an enterprise's signature.
 */
final class Adversary {
  private Adversary() {}

  /** The message to send instead of {@code message}, or null to send nothing. */
  static HqMessage rewrite(HqMessage message, Attack attack, List<Identity> hqs, List<Identity> enterprises,
      SplittableRandom random) {
    Identity own = hqs.get(message.from());
    return switch (attack) {
      case NONE -> message;
      case FORGED_RECORD -> switch (message.body()) {
        case HqMessage.DataSetBody(DataSet dataSet) -> with(message, new HqMessage.DataSetBody(forged(own, dataSet,
            enterprises, random)));
        case HqMessage.Proposal(ConsortiumBlock block) when block.proposer() == message.from() -> with(message,
            new HqMessage.Proposal(reproposed(own, block, forgedSets(own, block, enterprises, random), block.root(),
                true)));
        default -> message;
      };
      case BAD_BLOCK_SIGNATURE -> message.body() instanceof HqMessage.Proposal(ConsortiumBlock block)
          && block.proposer() == message.from()
          ? with(message, new HqMessage.Proposal(reproposed(Identity.fromSeed(new byte[32]), block, block.dataSets(),
              block.root(), false)))
          : message;
      case WRONG_MERKLE_ROOT -> message.body() instanceof HqMessage.Proposal(ConsortiumBlock block)
          && block.proposer() == message.from()
          ? with(message, new HqMessage.Proposal(reproposed(own, block, block.dataSets(), new byte[32], false)))
          : message;
      case WITHHOLD_RESULTS -> message.body() instanceof HqMessage.Result || message.body() instanceof HqMessage.Reply
          ? null : message;
      case CONTRADICTORY_RESULTS -> message.body() instanceof HqMessage.Reply(VerificationReply reply)
          ? with(message, new HqMessage.Reply(VerificationReply.sign(own, reply.verifier(),
              VerificationResult.sign(own, reply.verifier(), reply.mine().height(), reply.mine().blockHash(),
                  BlockFault.BAD_RECORD), reply.received())))
          : message;
    };
  }

  private static HqMessage with(HqMessage message, HqMessage.Body body) {
    return new HqMessage(message.from(), message.to(), body);
  }

  /** The data set plus a record under an admitted enterprise's key with a signature that is not its own. */
  private static DataSet forged(Identity own, DataSet dataSet, List<Identity> enterprises, SplittableRandom random) {
    List<StateUpload> records = new ArrayList<>(dataSet.records());
    Identity victim = enterprises.get(dataSet.hq() % enterprises.size());
    byte[] state = new byte[12];
    random.nextBytes(state);
    records.add(StateUpload.withSignature(victim.key(), dataSet.hq(), 5_000_000 + dataSet.period(), 0, state,
        own.sign(state)));
    return DataSet.seal(own, dataSet.hq(), dataSet.period(), records);
  }

  private static List<DataSet> forgedSets(Identity own, ConsortiumBlock block, List<Identity> enterprises,
      SplittableRandom random) {
    List<DataSet> sets = new ArrayList<>();
    for (DataSet dataSet : block.dataSets()) {
      sets.add(dataSet.hq() == block.proposer() ? forged(own, dataSet, enterprises, random) : dataSet);
    }
    if (sets.stream().noneMatch(d -> d.hq() == block.proposer())) {
      sets.add(forged(own, DataSet.seal(own, block.proposer(), block.period(), List.of()), enterprises, random));
      sets.sort(java.util.Comparator.comparingInt(DataSet::hq));
    }
    return sets;
  }

  private static ConsortiumBlock reproposed(Identity signer, ConsortiumBlock block, List<DataSet> dataSets,
      byte[] root, boolean recomputeRoot) {
    return ConsortiumBlock.forge(signer, block.height(), block.previousHash(), block.period(), block.timestampMillis(),
        block.proposer(), block.x(), recomputeRoot ? ConsortiumBlock.merkleRoot(dataSets) : root, dataSets);
  }
}
