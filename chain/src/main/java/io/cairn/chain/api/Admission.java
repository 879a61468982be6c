package io.cairn.chain.api;

import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.codec.RegistryFormat;
import io.cairn.chain.crypto.SigningDomain;
import io.cairn.common.ByteWriter;
import io.cairn.common.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * The regulator's signed statement that a key is a member of the consortium, for an
 * organisation, with some {@link Role}s. As a {@link LedgerEntry} it adds the member to the
 * ledger's registry; a later admission of the same key replaces its roles and organisation.
 *
 * <p>Thread-safety: immutable.
 */
public final class Admission implements LedgerEntry {
  private final RegistryFormat.Admission fields;

  private Admission(RegistryFormat.Admission fields) {
    this.fields = fields;
  }

  /**
   * {@code regulator} admits {@code member} for {@code organization} (1..255 UTF-8 bytes) with
   * {@code roles} (at least one).
   *
   * @throws InvalidArgumentException for an empty role set, a bad organisation, a negative time
   *     or a member key that is not {@link MemberKey#usable() usable}
   */
  public static Admission issue(Identity regulator, MemberKey member, String organization, Set<Role> roles,
      long admittedAtMillis) {
    if (!member.usable()) {
      throw new InvalidArgumentException("cannot admit " + member.shortHex() + ": " + member.weakness());
    }
    int bytes = organization.getBytes(StandardCharsets.UTF_8).length;
    if (bytes < 1 || bytes > 255) {
      throw new InvalidArgumentException("organization must be 1..255 UTF-8 bytes, was " + bytes);
    }
    if (roles.isEmpty()) {
      throw new InvalidArgumentException("an admission grants at least one role");
    }
    if (admittedAtMillis < 0) {
      throw new InvalidArgumentException("admission time must not be negative");
    }
    ByteWriter out = RegistryFormat.startAdmission(member.bytes(), Role.bits(roles), organization, admittedAtMillis);
    byte[] signature = regulator.sign(SigningDomain.ADMISSION.message(out.buffer(), out.size()));
    return decode(RegistryFormat.finishAdmission(out, signature));
  }

  /**
   * Decodes an admission (structure and CRC; not the signature).
   *
   * @throws io.cairn.common.CorruptionException naming the failed check
   */
  public static Admission decode(byte[] bytes) {
    ByteReader in = new ByteReader(bytes, "admission");
    Admission admission = new Admission(RegistryFormat.decodeAdmission(in, Role.knownBits()));
    in.expectEnd();
    return admission;
  }

  /** The admitted key. */
  public MemberKey member() {
    return MemberKey.of(fields.member());
  }

  /** What the member may do. */
  public Set<Role> roles() {
    return Role.fromBits(fields.roles());
  }

  /** Whether the member has {@code role}. */
  public boolean has(Role role) {
    return (fields.roles() & role.bit()) != 0;
  }

  /** The organisation the member acts for (its state transactions are for this organisation). */
  public String organization() {
    return fields.organization();
  }

  /** When the regulator admitted the member, milliseconds since the Unix epoch. */
  public long admittedAtMillis() {
    return fields.admittedAtMillis();
  }

  /** Whether {@code regulator} signed this admission. */
  public boolean signedBy(MemberKey regulator) {
    return regulator.verify(SigningDomain.ADMISSION.message(fields.encoded(), fields.signedBytes()),
        fields.signature());
  }

  /** A copy of the canonical encoding. */
  public byte[] encode() {
    return fields.encoded().clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Admission admission && Arrays.equals(fields.encoded(), admission.fields.encoded());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fields.member());
  }

  @Override
  public String toString() {
    return "admission of " + member().shortHex() + " for " + organization() + " as " + roles();
  }
}
