package io.cairn.consortium;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What anyone holding the consortium's settings (the HQ nodes' keys) can check of the chain without
 * trusting the HQ node that served it: a commit record signed by its leader with a quorum (2f+1)
 * of VALID results from distinct HQ nodes on one block, and the block index table (blocks with
 * their commit records) linked from the genesis, each block signed by its proposer under its
 * Merkle root and certified. An HQ node's own commit checks ({@code CommitChecks}) use the first;
 * clients ({@code cairn consortium blocks|history}) both.
 *
 * <p>Thread-safety: stateless.
 */
public final class CertifiedChain {
  private CertifiedChain() {}

  /** Null when {@code record} is signed by its leader and certifies {@code blockHash} at its height; else why not. */
  public static String commitFailure(ConsortiumSettings settings, CommitRecord record, byte[] blockHash) {
    if (record.leader() >= settings.n() || !record.signedBy(settings.hqs().get(record.leader()).signingKey())) {
      return "not signed by its leader hq" + record.leader();
    }
    if (!Arrays.equals(record.blockHash(), blockHash)) {
      return "it commits another block";
    }
    Set<Integer> signers = new HashSet<>();
    for (VerificationResult certificate : record.certificates()) {
      if (certificate.fault() != BlockFault.VALID || !certificate.about(blockHash)
          || certificate.height() != record.height() || certificate.verifier() >= settings.n()
          || !certificate.signedBy(settings.hqs().get(certificate.verifier()).signingKey())
          || !signers.add(certificate.verifier())) {
        return "certificate " + certificate + " is not a valid result on this block";
      }
    }
    if (signers.size() < settings.quorum()) {
      return signers.size() + " certificates, " + settings.quorum() + " needed";
    }
    return null;
  }

  /**
   * Null when {@code blocks} (heights {@code 0..}) with {@code commits} form a certified chain
   * from the genesis; else the first failure, naming its height.
   */
  public static String chainFailure(ConsortiumSettings settings, List<ConsortiumBlock> blocks,
      List<CommitRecord> commits) {
    if (blocks.size() != commits.size()) {
      return blocks.size() + " blocks but " + commits.size() + " commit records";
    }
    byte[] previous = new byte[Wire.HASH_BYTES];
    for (int h = 0; h < blocks.size(); h++) {
      ConsortiumBlock block = blocks.get(h);
      String failure;
      if (block.height() != h || commits.get(h).height() != h) {
        failure = "holds height " + block.height();
      } else if (!Arrays.equals(block.previousHash(), previous)) {
        failure = "does not link to the block before";
      } else if (block.proposer() >= settings.n()
          || !block.signedBy(settings.hqs().get(block.proposer()).signingKey())) {
        failure = "is not signed by its proposer hq" + block.proposer();
      } else if (!block.rootMatches()) {
        failure = "has a Merkle root that its data sets do not give";
      } else {
        failure = commitFailure(settings, commits.get(h), block.hash());
      }
      if (failure != null) {
        return "block " + h + " " + failure;
      }
      previous = block.hash();
    }
    return null;
  }
}
