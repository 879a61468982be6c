package io.cairn.consortium;

import io.cairn.chain.api.MemberKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One HQ node's view of who the regulator admitted and revoked. Certificates and revocations are
 * applied in the order the Byzantine core committed them, so every honest HQ node holds the same
 * registry at the same point of the ordered log.
 *
 * <p>Thread-safety: safe; the record pool reads it from many threads while the driver applies.
 */
public final class AdmissionRegistry {
  /** Where an enterprise key stands. */
  public enum Status { UNKNOWN, ADMITTED, REVOKED }

  private final MemberKey regulator;
  private final Map<MemberKey, EnterpriseCertificate> certificates = new ConcurrentHashMap<>();
  private final Map<MemberKey, Revocation> revocations = new ConcurrentHashMap<>();

  public AdmissionRegistry(MemberKey regulator) {
    this.regulator = regulator;
  }

  public MemberKey regulator() {
    return regulator;
  }

  /** Applies an admission; null when applied, else why it was refused. */
  public String admit(EnterpriseCertificate certificate) {
    if (!certificate.signedBy(regulator)) {
      return "not signed by the regulator " + regulator.shortHex();
    }
    if (!certificate.enterprise().usable()) {
      return "the enterprise key is unusable: " + certificate.enterprise().weakness();
    }
    if (revocations.containsKey(certificate.enterprise())) {
      return "the key " + certificate.enterprise().shortHex() + " was revoked";
    }
    EnterpriseCertificate earlier = certificates.putIfAbsent(certificate.enterprise(), certificate);
    return earlier == null || earlier.equals(certificate) ? null
        : "the key " + certificate.enterprise().shortHex() + " is already admitted";
  }

  /** Applies a revocation; null when applied, else why it was refused. */
  public String revoke(Revocation revocation) {
    if (!revocation.signedBy(regulator)) {
      return "not signed by the regulator " + regulator.shortHex();
    }
    EnterpriseCertificate certificate = certificates.get(revocation.enterprise());
    if (certificate == null || certificate.serial() != revocation.serial()) {
      return "no admission #" + revocation.serial() + " of " + revocation.enterprise().shortHex();
    }
    revocations.putIfAbsent(revocation.enterprise(), revocation);
    return null;
  }

  public Status status(MemberKey enterprise) {
    if (revocations.containsKey(enterprise)) {
      return Status.REVOKED;
    }
    return certificates.containsKey(enterprise) ? Status.ADMITTED : Status.UNKNOWN;
  }

  /** The certificate of {@code enterprise} (revoked or not), or null. */
  public EnterpriseCertificate certificate(MemberKey enterprise) {
    return certificates.get(enterprise);
  }

  /** Every certificate, by serial. */
  public List<EnterpriseCertificate> certificates() {
    List<EnterpriseCertificate> all = new ArrayList<>(certificates.values());
    all.sort(Comparator.comparingLong(EnterpriseCertificate::serial));
    return all;
  }
}
