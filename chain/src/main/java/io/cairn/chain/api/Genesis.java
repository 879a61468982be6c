package io.cairn.chain.api;

import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.codec.RegistryFormat;
import io.cairn.chain.crypto.Digests;
import io.cairn.common.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The first entry of every ledger: the chain's name and its regulator, the key that admits
 * members (seed 004: enterprise nodes are authenticated by the regulator node before they take
 * part). Block 0 names the genesis hash as its previous hash, so a block of another chain can never
 * be appended here.
 *
 * <p>Thread-safety: immutable.
 */
public final class Genesis implements LedgerEntry {
  private final RegistryFormat.Genesis fields;
  private final Hash32 hash;

  private Genesis(RegistryFormat.Genesis fields) {
    this.fields = fields;
    this.hash = Hash32.wrap(Digests.sha256(fields.encoded()));
  }

  /**
   * The genesis of chain {@code chainId} (1..255 UTF-8 bytes) regulated by {@code regulator}.
   *
   * @throws InvalidArgumentException for a bad chain id, a negative timestamp or a regulator key
   *     that is not {@link MemberKey#usable() usable}
   */
  public static Genesis create(String chainId, MemberKey regulator, long timestampMillis) {
    if (!regulator.usable()) {
      throw new InvalidArgumentException("regulator " + regulator.shortHex() + " cannot sign: " + regulator.weakness());
    }
    int bytes = chainId.getBytes(StandardCharsets.UTF_8).length;
    if (bytes < 1 || bytes > 255) {
      throw new InvalidArgumentException("chain id must be 1..255 UTF-8 bytes, was " + bytes);
    }
    if (timestampMillis < 0) {
      throw new InvalidArgumentException("timestamp must not be negative");
    }
    return decode(RegistryFormat.encodeGenesis(chainId, regulator.bytes(), timestampMillis));
  }

  /**
   * Decodes a genesis.
   *
   * @throws io.cairn.common.CorruptionException naming the failed check
   */
  public static Genesis decode(byte[] bytes) {
    ByteReader in = new ByteReader(bytes, "genesis");
    Genesis genesis = new Genesis(RegistryFormat.decodeGenesis(in));
    in.expectEnd();
    return genesis;
  }

  /** The chain's name. */
  public String chainId() {
    return fields.chainId();
  }

  /** The key that admits members. */
  public MemberKey regulator() {
    return MemberKey.of(fields.regulator());
  }

  /** When the chain was created, milliseconds since the Unix epoch. */
  public long timestampMillis() {
    return fields.timestampMillis();
  }

  /** SHA-256 of the encoding: block 0's previous hash. */
  public Hash32 hash() {
    return hash;
  }

  /** A copy of the canonical encoding. */
  public byte[] encode() {
    return fields.encoded().clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Genesis genesis && Arrays.equals(fields.encoded(), genesis.fields.encoded());
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "genesis of " + chainId() + ", regulator " + regulator().shortHex();
  }
}
