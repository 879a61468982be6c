package io.cairn.chain.api;

import io.cairn.chain.crypto.Digests;
import io.cairn.chain.crypto.ImprovedSha256;
import io.cairn.common.InvalidArgumentException;
import java.util.Locale;

/**
 * How a record's key is computed from its raw bytes. {@link #SHA_256} (FIPS 180-4, the JDK's
 * digest) is the default everywhere. {@link #IMPROVED_SHA_256_NONSTANDARD} is the seeds' 80-round
 * variant, offered only because the seed describes it: it is <b>not a standard hash</b>, has no
 * published analysis, and is slower; choose it only to reproduce the seed's scheme.
 *
 * <p>Blocks, transactions and Merkle trees always use standard SHA-256; the algorithm only picks
 * the record key. Each anchored entry records its algorithm, so verification recomputes the key
 * the same way.
 */
public enum HashAlgorithm {
  /** Standard SHA-256 (FIPS 180-4). The default. */
  SHA_256(1, "sha-256", true),
  /**
   * NON-STANDARD: SHA-256 with 80 rounds (seed 004 §3.1): schedule extended to 80 words, extra
   * constants = high 32 bits of SHA-512's K[64..79]. Not interoperable with any SHA-256 tool.
   */
  IMPROVED_SHA_256_NONSTANDARD(2, "improved-sha-256-nonstandard", false);

  private final int id;
  private final String label;
  private final boolean standard;

  HashAlgorithm(int id, String label, boolean standard) {
    this.id = id;
    this.label = label;
    this.standard = standard;
  }

  /** The one-byte identifier used in encodings. */
  public int id() {
    return id;
  }

  /** The name used on the command line and in printed output. */
  public String label() {
    return label;
  }

  /** Whether this is a standard (NIST) hash function. */
  public boolean standard() {
    return standard;
  }

  /** The key of {@code raw}: its hash under this algorithm. */
  public Hash32 hash(byte[] raw) {
    return Hash32.wrap(this == SHA_256 ? Digests.sha256(raw) : ImprovedSha256.digest(raw));
  }

  /**
   * The algorithm with encoding identifier {@code id}.
   *
   * @throws InvalidArgumentException for an unknown identifier
   */
  public static HashAlgorithm fromId(int id) {
    for (HashAlgorithm algorithm : values()) {
      if (algorithm.id == id) {
        return algorithm;
      }
    }
    throw new InvalidArgumentException("unknown hash algorithm id " + id);
  }

  /**
   * The algorithm called {@code label} (case-insensitive).
   *
   * @throws InvalidArgumentException listing the known labels
   */
  public static HashAlgorithm fromLabel(String label) {
    for (HashAlgorithm algorithm : values()) {
      if (algorithm.label.equals(label.toLowerCase(Locale.ROOT))) {
        return algorithm;
      }
    }
    throw new InvalidArgumentException(
        "unknown hash algorithm '" + label + "': use sha-256 or improved-sha-256-nonstandard");
  }

  @Override
  public String toString() {
    return standard ? label : label + " (NON-STANDARD)";
  }
}
