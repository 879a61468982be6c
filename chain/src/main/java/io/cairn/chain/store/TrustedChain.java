package io.cairn.chain.store;

import io.cairn.chain.api.BlockHeader;
import io.cairn.common.CorruptionException;
import java.util.Arrays;

/**
 * The block hashes this process has checked to be linked, by previous-hash links, from the
 * ledger's head down to them, each header validly signed by an admitted proposer. Trust grows
 * downwards from the head lazily, the first time a record in an older block is verified, so each
 * header is read and its signature checked once per process, and a verification afterwards only
 * compares the stored header's hash with the trusted one (which also catches a header changed
 * after it was trusted).
 *
 * <p>The trusted region is the heights {@code [low, count)}; appending a block extends it upwards.
 *
 * <p>Thread-safety: {@link #check} is lock-free when the height is already trusted; growing the
 * region and appending are serialised on this object. Arrays are published before the bounds that
 * make them visible.
 */
public final class TrustedChain {
  /** Reads the stored header at a height: null when absent. */
  interface HeaderLoader {
    BlockHeader load(long height);
  }

  /** Checks a header's own signature and proposer: null when fine, else what failed. */
  interface HeaderCheck {
    String check(BlockHeader header);
  }

  private final byte[] genesisHash;
  private volatile byte[][] hashes;
  private volatile byte[][] previousHashes;
  private volatile long low;
  private volatile long count;
  private volatile byte[] headHash;

  /** A chain of {@code count} blocks whose last block has hash {@code headHash} (the genesis hash when none). */
  public TrustedChain(byte[] genesisHash, long count, byte[] headHash) {
    this.genesisHash = genesisHash.clone();
    this.hashes = new byte[(int) Math.max(16, count + 16)][];
    this.previousHashes = new byte[hashes.length][];
    this.low = count;
    this.count = count;
    this.headHash = headHash.clone();
  }

  /** Records block {@code height} (the new head), already checked by the ledger when applied. */
  public synchronized void appended(long height, byte[] hash, byte[] previousHash) {
    assert height == count : height + " != " + count;
    if (height >= hashes.length) {
      int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(height + 1, (long) hashes.length * 2));
      previousHashes = Arrays.copyOf(previousHashes, capacity);
      hashes = Arrays.copyOf(hashes, capacity);
    }
    hashes[(int) height] = hash.clone();
    previousHashes[(int) height] = previousHash.clone();
    headHash = hash.clone();
    count = height + 1;
  }

  /**
   * Whether a header with hash {@code headerHash} at {@code height} is the one linked into the
   * chain: null when it is, else a sentence naming the broken link.
   */
  String check(long height, byte[] headerHash, HeaderLoader loader, HeaderCheck headerCheck) {
    long end = count;
    if (height >= end) {
      return "block " + height + " is beyond the ledger's head (it has " + end + " blocks)";
    }
    if (height < low) {
      String failure = extendTo(height, loader, headerCheck);
      if (failure != null) {
        return failure;
      }
    }
    byte[] trusted = hashes[(int) height];
    if (!Arrays.equals(trusted, headerHash)) {
      return "block " + height + "'s header hash " + hex(headerHash)
          + " is not the hash linked into the chain, " + hex(trusted);
    }
    return null;
  }

  private synchronized String extendTo(long height, HeaderLoader loader, HeaderCheck headerCheck) {
    for (long k = low - 1; k >= height; k--) {
      byte[] expected = k == count - 1 ? headHash : previousHashes[(int) k + 1];
      BlockHeader header;
      try {
        header = loader.load(k);
      } catch (CorruptionException e) {
        return "block " + k + "'s header, between this block and the head, is corrupt: " + e.getMessage();
      }
      if (header == null) {
        return "block " + k + "'s header, between this block and the head, is missing";
      }
      if (header.height() != k) {
        return "the header stored at height " + k + " says height " + header.height();
      }
      byte[] hash = header.hash().bytes();
      if (!Arrays.equals(hash, expected)) {
        return "block " + k + "'s hash " + hex(hash) + " is not the previous hash named by "
            + (k == count - 1 ? "the ledger's head record" : "block " + (k + 1)) + ", " + hex(expected);
      }
      String failure = headerCheck.check(header);
      if (failure != null) {
        return "block " + k + " (between this block and the head): " + failure;
      }
      byte[] previous = header.previousHash().bytes();
      if (k == 0 && !Arrays.equals(previous, genesisHash)) {
        return "block 0's previous hash " + hex(previous) + " is not the genesis hash " + hex(genesisHash);
      }
      hashes[(int) k] = hash;
      previousHashes[(int) k] = previous;
      low = k;
    }
    return null;
  }

  private static String hex(byte[] hash) {
    return hash == null ? "(none)" : java.util.HexFormat.of().formatHex(hash, 0, 6);
  }
}
