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
  private long nextSerial;

  public Regulator(Identity identity) {
    this(identity, 1);
  }

  /**
   * A regulator whose next certificate has serial {@code firstSerial} (a regulator that issues from
   * separate processes, such as {@code cairn consortium admit}, starts each at the clock's
   * milliseconds so serials stay distinct).
   */
  public Regulator(Identity identity, long firstSerial) {
    this.identity = identity;
    this.nextSerial = firstSerial;
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
