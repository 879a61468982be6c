package io.cairn.consortium;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.MemberKey;

/**
 * The regulator node: authenticates enterprise nodes and issues their certificates, and revokes
 * them. Its public key is what every HQ node trusts ({@link AdmissionRegistry}).
 *
 * <p>Thread-safety: not thread-safe (one serial counter).
 */
public final class Regulator {
  private final Identity identity;
  private long nextSerial = 1;

  public Regulator(Identity identity) {
    this.identity = identity;
  }

  public MemberKey key() {
    return identity.key();
  }

  /** Admits {@code enterprise} of {@code organization}, uploading to HQ node {@code homeHq}. */
  public EnterpriseCertificate admit(MemberKey enterprise, String organization, int homeHq, long nowMillis) {
    return EnterpriseCertificate.issue(identity, nextSerial++, enterprise, organization, homeHq, nowMillis);
  }

  /** Revokes the admission {@code certificate}. */
  public Revocation revoke(EnterpriseCertificate certificate, String reason, long nowMillis) {
    return Revocation.issue(identity, certificate.serial(), certificate.enterprise(), nowMillis, reason);
  }
}
