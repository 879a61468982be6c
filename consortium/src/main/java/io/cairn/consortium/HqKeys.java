package io.cairn.consortium;

import io.cairn.bft.api.Signer;
import io.cairn.bft.api.Verifier;
import io.cairn.chain.api.Identity;
import java.util.List;

/**
 * Adapts the HQ nodes' Ed25519 identities from {@code chain} to the Byzantine core's {@link Signer}
 * and {@link Verifier} (docs/bft.md §5): one key per HQ node signs both its consortium objects and
 * its consensus messages.
 */
final class HqKeys implements Verifier {
  private final List<HqInfo> hqs;

  HqKeys(List<HqInfo> hqs) {
    this.hqs = List.copyOf(hqs);
  }

  static Signer signer(Identity identity) {
    return identity::sign;
  }

  @Override
  public boolean verify(int replica, byte[] payload, byte[] signature) {
    return replica >= 0 && replica < hqs.size() && hqs.get(replica).signingKey().verify(payload, signature);
  }
}
