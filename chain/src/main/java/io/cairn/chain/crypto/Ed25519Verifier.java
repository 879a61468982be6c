package io.cairn.chain.crypto;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Ed25519 (RFC 8032, pure, no context) signature checks through BouncyCastle's implementation,
 * which measured about six times cheaper in CPU than the JDK's SunEC provider on this machine
 * (docs/chain.md, "Signature checks"), and the process's one cache of public keys, keyed by their
 * raw 32 bytes.
 *
 * <p>A key is screened and decoded once, on its first use, and the outcome is remembered: usable
 * when {@link WeakKeys} finds no weakness (canonical encoding, not of small order) and the JDK's
 * provider decodes it into a curve point ({@link Ed25519#decodePublicKey}, the acceptance rule the
 * ledger's admission has always applied); for a usable key BouncyCastle's decoded point is kept,
 * so a check costs no point decompression and no re-encoding of a JDK key. BouncyCastle refuses a
 * non-canonical S (S at or above the group order) and an R whose y is not below the field prime,
 * as the JDK does; the check is cofactorless on both.
 *
 * <p>The cache is direct-mapped, 4,096 slots (a ledger has few signing keys; a consortium a few
 * hundred enterprises). A slot holds an immutable entry; two keys sharing a slot only cost
 * decodes, never a wrong answer (the entry's raw bytes are compared in full).
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

  /**
   * A screened key: {@code key} is BouncyCastle's decoded point, null when the key is not usable
   * (or, should it ever differ from the JDK, when BouncyCastle cannot decode it: such a key
   * verifies nothing).
   */
  private record Entry(byte[] raw, boolean usable, Ed25519PublicKeyParameters key) {}

  private Ed25519Verifier() {}

  /** Whether {@code raw} is a usable key (see the class comment). Never throws. */
  static boolean usable(byte[] raw) {
    return raw != null && raw.length == Ed25519.PUBLIC_KEY_BYTES && entry(raw).usable;
  }

  /**
   * Whether {@code signature} (64 bytes) is {@code raw}'s signature of {@code message}: false for a
   * key that is not usable, a malformed signature, anything wrong. Never throws.
   */
  static boolean verify(byte[] raw, byte[] message, byte[] signature) {
    if (raw == null || raw.length != Ed25519.PUBLIC_KEY_BYTES || message == null || signature == null
        || signature.length != Ed25519.SIGNATURE_BYTES) {
      return false;
    }
    Ed25519PublicKeyParameters key = entry(raw).key;
    if (key == null) {
      return false;
    }
    try {
      return key.verify(PURE_ED25519, null, message, 0, message.length, signature, 0);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Entry entry(byte[] raw) {
    int slot = ((raw[0] & 0xff) | (raw[1] & 0xff) << 8 | (raw[2] & 0xff) << 16) & (SLOTS - 1);
    Entry known = CACHE.get(slot);
    if (known != null && Arrays.equals(known.raw, raw)) {
      return known;
    }
    Entry entry = screen(raw.clone());
    CACHE.set(slot, entry);
    return entry;
  }

  private static Entry screen(byte[] raw) {
    if (Ed25519.decodePublicKey(raw) == null) {
      return new Entry(raw, false, null);
    }
    try {
      return new Entry(raw, true, new Ed25519PublicKeyParameters(raw, 0));
    } catch (RuntimeException e) {
      return new Entry(raw, true, null);
    }
  }
}
