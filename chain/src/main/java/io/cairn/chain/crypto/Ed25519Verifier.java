package io.cairn.chain.crypto;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Ed25519 (RFC 8032, pure, no context) signature checks through BouncyCastle's implementation,
 * which measured about six times cheaper in CPU than the JDK's SunEC provider on this machine
 * (docs/chain.md, "Signature checks"). Only verification goes through here: keys are still made,
 * decoded and screened (canonical point, not of small order) by {@link Ed25519}, which calls
 * this only with a key it accepted. BouncyCastle refuses a non-canonical S (S at or above the
 * group order) and an R whose y is not below the field prime, as the JDK does; the check is
 * cofactorless on both.
 *
 * <p>The decoded point of a key is kept in a direct-mapped cache of 4,096 slots (a ledger has few
 * signing keys; a consortium a few hundred enterprises), so a check costs no point decompression.
 *
 * <p>Thread-safety: stateless apart from the cache, whose entries are immutable and safely
 * published; BouncyCastle's key parameters are immutable.
 */
final class Ed25519Verifier {
  /** Slots of the cache (a power of two). */
  private static final int SLOTS = 4096;
  private static final AtomicReferenceArray<Entry> CACHE = new AtomicReferenceArray<>(SLOTS);
  /** BouncyCastle's code for pure Ed25519 ({@code Ed25519.Algorithm.Ed25519}). */
  private static final int PURE_ED25519 = 0;

  private record Entry(byte[] raw, Ed25519PublicKeyParameters key) {}

  private Ed25519Verifier() {}

  /**
   * Whether {@code signature} (64 bytes) is {@code raw}'s signature of {@code message}; {@code raw}
   * is a key {@link Ed25519#decodePublicKey} accepted. Never throws.
   */
  static boolean verify(byte[] raw, byte[] message, byte[] signature) {
    try {
      return key(raw).verify(PURE_ED25519, null, message, 0, message.length, signature, 0);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Ed25519PublicKeyParameters key(byte[] raw) {
    int slot = ((raw[0] & 0xff) | (raw[1] & 0xff) << 8 | (raw[2] & 0xff) << 16) & (SLOTS - 1);
    Entry known = CACHE.get(slot);
    if (known != null && Arrays.equals(known.raw, raw)) {
      return known.key;
    }
    Ed25519PublicKeyParameters key = new Ed25519PublicKeyParameters(raw, 0);
    CACHE.set(slot, new Entry(raw.clone(), key));
    return key;
  }
}
