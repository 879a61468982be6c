package io.cairn.bft.sim;

import io.cairn.bft.api.Signer;
import io.cairn.bft.api.Verifier;

/** Every replica's signing key (handed out one per replica) and one verifier for all of them. */
public interface KeyRing {
  /** Replica {@code replica}'s signer; a Byzantine replica in the simulator gets only its own. */
  Signer signer(int replica);

  /** Checks signatures of every replica. */
  Verifier verifier();

  /** Length of a signature in bytes. */
  int signatureBytes();
}
