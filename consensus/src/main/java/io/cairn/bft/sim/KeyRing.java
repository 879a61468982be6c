package io.cairn.bft.sim;

import io.cairn.bft.api.Signer;
import io.cairn.bft.api.Verifier;

/** Every replica's signing key (handed out one per replica) and one verifier for all of them. */
public interface KeyRing {
  /** Replica {@code replica}'s signer; a Byzantine replica in the simulator gets only its own. */
  Signer signer(int replica);

  /** Checks signatures of every replica. */
  Verifier verifier();

  /** The admission authority's (the regulator's) signer for {@code AddReplica} transactions. */
  Signer admission();

  /** Replica {@code replica}'s public identity as an {@code AddReplica} transaction carries it. */
  byte[] identity(int replica);

  /** Length of a signature in bytes. */
  int signatureBytes();
}
