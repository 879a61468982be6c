package io.cairn.bench.workload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The data of the paper's experiment (§5.2) for one value size: {@code records} values of random
 * bytes from a seeded generator, each stored under the 32-byte SHA-256 of its value (so keys are
 * uniformly distributed, as in the paper), then {@code reads} reads drawn uniformly, with
 * replacement, from the keys written.
 *
 * <p>Every engine gets the same values in the same order and the same reads, because both streams
 * are pure functions of the seed. The keys (32 bytes each, about 3 MB for 100,000 records) are
 * kept in memory for the read phase; values are regenerated, never kept.
 *
 * <p>Thread-safety: one thread.
 */
public final class PaperDataset {
  /** Key width: a SHA-256 digest. */
  public static final int KEY_BYTES = 32;

  private final long seed;
  private final int valueBytes;
  private final int records;
  private final int reads;
  private final byte[][] keys;
  private final MessageDigest sha256 = newSha256();
  private int keysKnown;

  /**
   * @param seed the run's seed
   * @param valueBytes bytes per value, at least 1
   * @param records records written, at least 1
   * @param reads reads after the writes, at least 0
   */
  public PaperDataset(long seed, int valueBytes, int records, int reads) {
    if (valueBytes < 1 || records < 1 || reads < 0) {
      throw new IllegalArgumentException(
          "need valueBytes >= 1, records >= 1, reads >= 0; was " + valueBytes + ", " + records + ", " + reads);
    }
    this.seed = seed;
    this.valueBytes = valueBytes;
    this.records = records;
    this.reads = reads;
    this.keys = new byte[records][];
  }

  /** Bytes per value. */
  public int valueBytes() {
    return valueBytes;
  }

  /** Records written. */
  public int records() {
    return records;
  }

  /** Reads after the writes. */
  public int reads() {
    return reads;
  }

  /** The writes: record {@code i} is (SHA-256(value i), value i), {@code i} = 0, 1, ... */
  public OpSource writeSource() {
    return new Writes();
  }

  /**
   * The reads, uniform over the records written. Every key is present, and a value must hash to
   * its key: the check proves each answer right.
   *
   * @throws IllegalStateException when no writes source of this dataset has been drained yet
   */
  public OpSource readSource() {
    if (keysKnown < records) {
      throw new IllegalStateException("the reads need the keys: run the writes first");
    }
    return new Reads();
  }

  /** Value {@code i}'s key, once the writes have produced it. */
  byte[] key(int i) {
    return keys[i];
  }

  private byte[] hash(byte[] value) {
    return sha256.digest(value);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private final class Writes implements OpSource {
    private final SplittableRandom values = new SplittableRandom(Seeds.derive(seed, "paper.values", valueBytes));
    private int next;

    @Override
    public long total() {
      return records;
    }

    @Override
    public int valueBytes() {
      return valueBytes;
    }

    @Override
    public boolean writes() {
      return true;
    }

    @Override
    public void fill(OpBatch batch) {
      batch.clear();
      while (next < records && !batch.isFull()) {
        byte[] value = new byte[valueBytes];
        values.nextBytes(value);
        byte[] key = hash(value);
        if (next >= keysKnown) {
          keys[next] = key;
          keysKnown = next + 1;
        }
        batch.add(key.clone(), value);
        next++;
      }
    }

    @Override
    public boolean check(byte[] key, byte[] value) {
      throw new UnsupportedOperationException("a write source has no reads to check");
    }
  }

  private final class Reads implements OpSource {
    private final SplittableRandom picks = new SplittableRandom(Seeds.derive(seed, "paper.reads", valueBytes));
    private int done;

    @Override
    public long total() {
      return reads;
    }

    @Override
    public int valueBytes() {
      return 0;
    }

    @Override
    public boolean writes() {
      return false;
    }

    @Override
    public void fill(OpBatch batch) {
      batch.clear();
      while (done < reads && !batch.isFull()) {
        batch.add(keys[picks.nextInt(records)].clone());
        done++;
      }
    }

    @Override
    public boolean check(byte[] key, byte[] value) {
      if (value == null) {
        throw new WrongAnswerException("key " + HexFormat.of().formatHex(key)
            + " was written but the engine says it is absent");
      }
      if (value.length != valueBytes || !Arrays.equals(hash(value), key)) {
        throw new WrongAnswerException("key " + HexFormat.of().formatHex(key)
            + " returned a value of " + value.length + " bytes that does not hash to the key");
      }
      return true;
    }
  }
}
