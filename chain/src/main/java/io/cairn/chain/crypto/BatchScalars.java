package io.cairn.chain.crypto;

import java.math.BigInteger;

/**
 * The scalar side of {@link Ed25519Batch}: little-endian scalars as Ed25519 encodes them, and their
 * signed-window (width-w NAF) digits, which let the multi-scalar multiplication add one of 2^(w-2)
 * precomputed odd multiples at most every w bits.
 *
 * <p>Thread-safety: stateless.
 */
final class BatchScalars {
  private BatchScalars() {}

  /** Signed digits of {@code scalar} (below 2^253), one per bit: odd, below 2^(w-1) in magnitude, w apart. */
  static byte[] naf(BigInteger scalar, int w) {
    long[] limbs = new long[5];
    byte[] le = littleEndianBytes(scalar);
    for (int i = 0; i < 32; i++) {
      limbs[i >> 3] |= (le[i] & 0xffL) << ((i & 7) * 8);
    }
    byte[] digits = new byte[256];
    int width = 1 << w;
    long mask = width - 1;
    int carry = 0;
    int pos = 0;
    while (pos < 256) {
      int index = pos >> 6;
      int shift = pos & 63;
      long buffer = shift < 64 - w ? limbs[index] >>> shift
          : (limbs[index] >>> shift) | (limbs[index + 1] << (64 - shift));
      int window = carry + (int) (buffer & mask);
      if ((window & 1) == 0) {
        pos++;
        continue;
      }
      if (window < width / 2) {
        carry = 0;
        digits[pos] = (byte) window;
      } else {
        carry = 1;
        digits[pos] = (byte) (window - width);
      }
      pos += w;
    }
    return digits;
  }

  static BigInteger littleEndian(byte[] bytes, int offset, int length) {
    byte[] be = new byte[length + 1];
    for (int i = 0; i < length; i++) {
      be[length - i] = bytes[offset + i];
    }
    return new BigInteger(be);
  }

  static byte[] littleEndianBytes(BigInteger value) {
    byte[] be = value.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < be.length && i < 32; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }
}
