package io.cairn.chain.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.random.RandomGenerator;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Ed25519 batch verification (docs/chain.md, "Batch verification"): whether every one of k
 * signatures is valid, at a fraction of k single checks' cost. With random 128-bit weights z_i
 * it checks the single equation
 *
 * <pre>
 *   [8] ( [-(sum z_i s_i) mod L] B + sum [z_i] R_i + sum [z_i h_i mod L] A_i ) = identity,
 *   h_i = SHA-512(R_i || A_i || M_i) mod L
 * </pre>
 *
 * by one multi-scalar multiplication (Straus, signed windows of width 5, the doublings shared by
 * all 2k+1 points). A batch with one invalid signature passes with probability at most 2^-128.
 * The check is <b>cofactored</b> (it multiplies by 8): a signature whose R or A carries a
 * small-order component can pass here and fail the cofactorless single check of {@link
 * Ed25519Verifier}; honest signers never make such signatures, and every replica that checks a
 * certificate with this class decides alike (the factor 8 removes the torsion whatever z_i is).
 * Rejected before any arithmetic, as by the single check: S not below L, a point encoding whose y
 * is not below p or that decodes to no point.
 *
 * <p>Field arithmetic is BouncyCastle's {@link X25519Field} (the one behind its Ed25519); the
 * points, their formulas (extended twisted Edwards coordinates, a = -1, Hisil et al. 2008) and the
 * multi-scalar multiplication are here.
 *
 * <p>Like the single check ({@link Ed25519Verifier}), it caches what it decoded of a key: a
 * direct-mapped cache of 1,024 keys' tables of odd multiples (a replica group's keys are few and
 * fixed), so a batch decodes only the signatures' R points.
 *
 * <p>Thread-safety: thread-safe; the base point's table and the cached entries are immutable and
 * safely published.
 */
public final class Ed25519Batch {
  private static final BigInteger L = BigInteger.ONE.shiftLeft(252)
      .add(new BigInteger("27742317777372353535851937790883648493"));
  private static final int WINDOW = 5;
  private static final int TABLE = 1 << (WINDOW - 2);
  private static final int[] INV2 = inverseOfTwo();
  private static final int[] D2 = twoD();
  private static final Cached[] BASE_TABLE = table(decode(hex(
      "5866666666666666666666666666666666666666666666666666666666666666")));

  /** Slots of the cache of keys' tables (a power of two): a group has a few dozen replica keys. */
  private static final int KEY_SLOTS = 1024;
  private static final java.util.concurrent.atomic.AtomicReferenceArray<KeyEntry> KEYS =
      new java.util.concurrent.atomic.AtomicReferenceArray<>(KEY_SLOTS);

  /** A decoded key: its raw bytes and table; table null when the key names no point. Immutable once published. */
  private record KeyEntry(byte[] raw, Cached[] table) {}

  private Ed25519Batch() {}

  /** A point in extended coordinates: x = X/Z, y = Y/Z, xy = T/Z. */
  private record Point(int[] x, int[] y, int[] z, int[] t) {
    static Point identity() {
      int[] one = X25519Field.create();
      X25519Field.one(one);
      int[] alsoOne = X25519Field.create();
      X25519Field.one(alsoOne);
      return new Point(X25519Field.create(), one, alsoOne, X25519Field.create());
    }
  }

  /** A point ready to be added: (Y - X, Y + X, 2dT, 2Z). */
  private record Cached(int[] yMinusX, int[] yPlusX, int[] t2d, int[] z2) {}

  /**
   * Whether every {@code signatures[i]} is {@code keys[i]}'s signature of {@code messages[i]} (raw
   * 32-byte keys, 64-byte signatures); false when any is malformed or invalid. An empty batch is
   * valid. Never throws for bad input.
   */
  public static boolean verify(byte[][] keys, byte[][] messages, byte[][] signatures, RandomGenerator random) {
    int k = keys.length;
    if (messages.length != k || signatures.length != k) {
      return false;
    }
    if (k == 0) {
      return true;
    }
    Cached[][] tables = new Cached[2 * k + 1][];
    byte[][] nafs = new byte[2 * k + 1][];
    BigInteger baseScalar = BigInteger.ZERO;
    MessageDigest sha512 = sha512();
    for (int i = 0; i < k; i++) {
      byte[] key = keys[i];
      byte[] sig = signatures[i];
      if (key == null || key.length != 32 || sig == null || sig.length != 64 || messages[i] == null) {
        return false;
      }
      BigInteger s = BatchScalars.littleEndian(sig, 32, 32);
      Point r = decode(java.util.Arrays.copyOf(sig, 32));
      Cached[] keyTable = keyTable(key);
      if (s.compareTo(L) >= 0 || r == null || keyTable == null) {
        return false;
      }
      sha512.update(sig, 0, 32);
      sha512.update(key);
      BigInteger h = BatchScalars.littleEndian(sha512.digest(messages[i]), 0, 64).mod(L);
      BigInteger z = weight(random);
      baseScalar = baseScalar.add(z.multiply(s));
      tables[2 * i] = table(r);
      nafs[2 * i] = BatchScalars.naf(z, WINDOW);
      tables[2 * i + 1] = keyTable;
      nafs[2 * i + 1] = BatchScalars.naf(z.multiply(h).mod(L), WINDOW);
    }
    tables[2 * k] = BASE_TABLE;
    nafs[2 * k] = BatchScalars.naf(baseScalar.negate().mod(L), WINDOW);
    Point sum = straus(tables, nafs);
    Scratch scratch = new Scratch();
    for (int i = 0; i < 3; i++) {
      twice(sum, scratch, sum);
    }
    return isIdentity(sum);
  }

  /** A key's table of odd multiples, null when it names no point (the key's decoding is cached). */
  private static Cached[] keyTable(byte[] key) {
    int slot = ((key[0] & 0xff) | (key[1] & 0xff) << 8) & (KEY_SLOTS - 1);
    KeyEntry known = KEYS.get(slot);
    if (known != null && java.util.Arrays.equals(known.raw, key)) {
      return known.table;
    }
    Point point = decode(key);
    KeyEntry entry = new KeyEntry(key.clone(), point == null ? null : table(point));
    KEYS.set(slot, entry);
    return entry.table;
  }

  /** A random 128-bit weight, odd so that it is never zero. */
  private static BigInteger weight(RandomGenerator random) {
    byte[] bytes = java.nio.ByteBuffer.allocate(16).putLong(random.nextLong()).putLong(random.nextLong()).array();
    return new BigInteger(1, bytes).setBit(0);
  }

  /** sum over j of [scalar_j] P_j, the scalars as signed-window digits, the doublings shared. */
  private static Point straus(Cached[][] tables, byte[][] nafs) {
    Point acc = Point.identity();
    Scratch scratch = new Scratch();
    int top = 255;
    while (top > 0 && allZero(nafs, top)) {
      top--;
    }
    for (int bit = top; bit >= 0; bit--) {
      twice(acc, scratch, acc);
      for (int j = 0; j < tables.length; j++) {
        int digit = nafs[j][bit];
        if (digit > 0) {
          add(acc, tables[j][digit >> 1], false, scratch, acc);
        } else if (digit < 0) {
          add(acc, tables[j][-digit >> 1], true, scratch, acc);
        }
      }
    }
    return acc;
  }

  private static boolean allZero(byte[][] nafs, int bit) {
    for (byte[] naf : nafs) {
      if (naf[bit] != 0) {
        return false;
      }
    }
    return true;
  }

  /** The odd multiples P, 3P, ..., 15P, cached for addition. */
  private static Cached[] table(Point p) {
    Scratch scratch = new Scratch();
    Cached[] table = new Cached[TABLE];
    table[0] = cached(p);
    Point twiceP = Point.identity();
    twice(p, scratch, twiceP);
    Cached step = cached(twiceP);
    Point current = Point.identity();
    X25519Field.copy(p.x, 0, current.x, 0);
    X25519Field.copy(p.y, 0, current.y, 0);
    X25519Field.copy(p.z, 0, current.z, 0);
    X25519Field.copy(p.t, 0, current.t, 0);
    for (int i = 1; i < TABLE; i++) {
      add(current, step, false, scratch, current);
      table[i] = cached(current);
    }
    return table;
  }

  private static Cached cached(Point p) {
    int[] ymx = X25519Field.create();
    int[] ypx = X25519Field.create();
    X25519Field.apm(p.y, p.x, ypx, ymx);
    X25519Field.carry(ymx);
    X25519Field.carry(ypx);
    int[] t2d = X25519Field.create();
    X25519Field.mul(p.t, D2, t2d);
    int[] z2 = X25519Field.create();
    X25519Field.add(p.z, p.z, z2);
    X25519Field.carry(z2);
    return new Cached(ymx, ypx, t2d, z2);
  }

  /** Temporaries of one point operation, reused so that the inner loop allocates nothing. */
  private static final class Scratch {
    final int[] a = X25519Field.create();
    final int[] b = X25519Field.create();
    final int[] c = X25519Field.create();
    final int[] d = X25519Field.create();
    final int[] e = X25519Field.create();
    final int[] f = X25519Field.create();
    final int[] g = X25519Field.create();
    final int[] h = X25519Field.create();
  }

  /** out = p + q (or p - q when {@code negate}): add-2008-hwcd-3 with a cached q; out may be p. */
  private static void add(Point p, Cached q, boolean negate, Scratch s, Point out) {
    X25519Field.apm(p.y, p.x, s.b, s.a);
    X25519Field.mul(s.a, negate ? q.yPlusX : q.yMinusX, s.a);
    X25519Field.mul(s.b, negate ? q.yMinusX : q.yPlusX, s.b);
    X25519Field.mul(p.t, q.t2d, s.c);
    if (negate) {
      X25519Field.negate(s.c, s.c);
    }
    X25519Field.mul(p.z, q.z2, s.d);
    X25519Field.apm(s.b, s.a, s.h, s.e);
    X25519Field.apm(s.d, s.c, s.g, s.f);
    fromEfgh(s, out);
  }

  /** out = 2p: dbl-2008-hwcd with a = -1; out may be p. */
  private static void twice(Point p, Scratch s, Point out) {
    X25519Field.sqr(p.x, s.a);
    X25519Field.sqr(p.y, s.b);
    X25519Field.sqr(p.z, s.c);
    X25519Field.add(s.c, s.c, s.c);
    X25519Field.add(p.x, p.y, s.e);
    X25519Field.sqr(s.e, s.e);
    X25519Field.sub(s.b, s.a, s.g); // G = -A + B
    X25519Field.add(s.a, s.b, s.h);
    X25519Field.negate(s.h, s.h); // H = -A - B
    X25519Field.add(s.e, s.h, s.e); // E = (X+Y)^2 - A - B
    X25519Field.sub(s.g, s.c, s.f);
    fromEfgh(s, out);
  }

  /** out = (E·F, G·H, F·G, E·H): the extended coordinates both the sum and the double end with. */
  private static void fromEfgh(Scratch s, Point out) {
    X25519Field.carry(s.e);
    X25519Field.carry(s.f);
    X25519Field.carry(s.g);
    X25519Field.carry(s.h);
    X25519Field.mul(s.e, s.f, out.x);
    X25519Field.mul(s.g, s.h, out.y);
    X25519Field.mul(s.f, s.g, out.z);
    X25519Field.mul(s.e, s.h, out.t);
  }

  private static boolean isIdentity(Point p) {
    int[] x = X25519Field.create();
    X25519Field.copy(p.x, 0, x, 0);
    X25519Field.normalize(x);
    int[] diff = X25519Field.create();
    X25519Field.sub(p.y, p.z, diff);
    X25519Field.normalize(diff);
    return X25519Field.isZeroVar(x) && X25519Field.isZeroVar(diff);
  }

  /** The point a 32-byte encoding names; null when y is not below p or no x exists (RFC 8032 5.1.3). */
  private static Point decode(byte[] encoded) {
    byte[] bytes = encoded.clone();
    int sign = (bytes[31] & 0x80) >>> 7;
    bytes[31] &= 0x7f;
    if (!belowP(bytes)) {
      return null;
    }
    int[] y = X25519Field.create();
    X25519Field.decode(bytes, 0, y);
    int[] u = X25519Field.create();
    int[] v = X25519Field.create();
    X25519Field.sqr(y, u);
    X25519Field.mul(u, D2, v);
    X25519Field.mul(v, INV2, v); // d y^2
    X25519Field.subOne(u); // y^2 - 1
    X25519Field.addOne(v); // d y^2 + 1
    X25519Field.carry(u);
    X25519Field.carry(v);
    int[] x = X25519Field.create();
    if (!X25519Field.sqrtRatioVar(u, v, x)) {
      return null;
    }
    X25519Field.normalize(x);
    if (X25519Field.isZeroVar(x) && sign == 1) {
      return null;
    }
    byte[] xBytes = new byte[32];
    X25519Field.encode(x, xBytes, 0);
    if ((xBytes[0] & 1) != sign) {
      X25519Field.negate(x, x);
      X25519Field.normalize(x);
    }
    int[] z = X25519Field.create();
    X25519Field.one(z);
    int[] t = X25519Field.create();
    X25519Field.mul(x, y, t);
    return new Point(x, y, z, t);
  }

  private static boolean belowP(byte[] y) {
    if ((y[31] & 0xff) != 0x7f || (y[0] & 0xff) < 0xed) {
      return true;
    }
    for (int i = 1; i < 31; i++) {
      if ((y[i] & 0xff) != 0xff) {
        return true;
      }
    }
    return false;
  }

  private static int[] fieldOf(long small) {
    byte[] bytes = new byte[32];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (small >>> (8 * i));
    }
    int[] f = X25519Field.create();
    X25519Field.decode(bytes, 0, f);
    return f;
  }

  private static int[] inverseOfTwo() {
    int[] inv = X25519Field.create();
    X25519Field.invVar(fieldOf(2), inv);
    return inv;
  }

  /** 2d, d = -121665 / 121666. */
  private static int[] twoD() {
    int[] d = X25519Field.create();
    X25519Field.invVar(fieldOf(121_666), d);
    X25519Field.mul(d, fieldOf(2 * 121_665), d);
    X25519Field.negate(d, d);
    X25519Field.normalize(d);
    return d;
  }

  private static byte[] hex(String text) {
    return java.util.HexFormat.of().parseHex(text);
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK provides SHA-512", e);
    }
  }
}
