package io.cairn.bench.workload;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Keys and values of db_bench-style runs: key {@code i} is {@code i} in decimal, zero-padded to
 * the key width ({@code 0000000000000042} for 16 bytes, as LevelDB's db_bench writes it); values
 * are random bytes from a seeded generator. Random key choices are uniform over {@code [0, num)},
 * with repeats, and the same for every engine.
 *
 * <p>Thread-safety: the sources it makes are for one thread each.
 */
public final class DbBenchData {
  private final long seed;
  private final int num;
  private final int reads;
  private final int keyBytes;
  private final int valueBytes;

  /**
   * @param seed the run's seed
   * @param num the key space {@code [0, num)} and the operations of each write workload
   * @param reads the operations of each read workload ({@code readrandom}, {@code readseq},
   *     {@code seekrandom}), as db_bench's {@code --reads}
   * @param keyBytes key width; wide enough for {@code num - 1} in decimal
   * @param valueBytes bytes per value
   * @throws IllegalArgumentException when the keys do not fit the width or a count is below 1
   */
  public DbBenchData(long seed, int num, int reads, int keyBytes, int valueBytes) {
    if (num < 1 || reads < 1 || valueBytes < 1) {
      throw new IllegalArgumentException("num, reads and valueBytes must be at least 1");
    }
    if (Integer.toString(num - 1).length() > keyBytes) {
      throw new IllegalArgumentException(
          "keys of " + keyBytes + " bytes cannot hold " + num + " distinct decimal numbers");
    }
    this.seed = seed;
    this.num = num;
    this.reads = reads;
    this.keyBytes = keyBytes;
    this.valueBytes = valueBytes;
  }

  /** The smallest key width that holds {@code num} distinct keys. */
  public static int minimumKeyBytes(int num) {
    return Integer.toString(Math.max(0, num - 1)).length();
  }

  /** Size of the key space and operations of each write workload. */
  public int num() {
    return num;
  }

  /** Operations of each read workload. */
  public int reads() {
    return reads;
  }

  /** Bytes per value. */
  public int valueBytes() {
    return valueBytes;
  }

  /** Key {@code index}: its decimal digits, left-padded with '0' to the key width. */
  public byte[] key(long index) {
    byte[] key = new byte[keyBytes];
    long rest = index;
    for (int i = keyBytes - 1; i >= 0; i--) {
      key[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    return key;
  }

  /**
   * The operations of {@code workload} in round {@code occurrence} (the n-th time it appears in
   * the list, so that a repeated workload draws new keys).
   *
   * @throws IllegalArgumentException for {@link Workload#READSEQ}, which is a scan, not a list of
   *     operations
   */
  public OpSource source(Workload workload, int occurrence) {
    SplittableRandom random = new SplittableRandom(
        Seeds.derive(seed, "dbbench." + workload.label() + "." + occurrence, valueBytes));
    return switch (workload) {
      case FILLSEQ -> new Source(random, true, true);
      case FILLRANDOM, OVERWRITE -> new Source(random, true, false);
      case READRANDOM, SEEKRANDOM -> new Source(random, false, false);
      case READSEQ -> throw new IllegalArgumentException("readseq is a scan");
    };
  }

  /**
   * Checks an entry a scan or seek landed on: a key of the key width, a value of the value width.
   *
   * @throws WrongAnswerException otherwise
   */
  public void checkEntry(byte[] key, byte[] value) {
    if (key.length != keyBytes || value.length != valueBytes) {
      throw new WrongAnswerException("entry " + new String(key, StandardCharsets.US_ASCII)
          + " has a " + key.length + "-byte key and a " + value.length + "-byte value, expected "
          + keyBytes + " and " + valueBytes);
    }
  }

  private final class Source implements OpSource {
    private final SplittableRandom random;
    private final boolean writes;
    private final boolean sequential;
    private long done;

    Source(SplittableRandom random, boolean writes, boolean sequential) {
      this.random = random;
      this.writes = writes;
      this.sequential = sequential;
    }

    @Override
    public long total() {
      return writes ? num : reads;
    }

    @Override
    public int valueBytes() {
      return writes() ? valueBytes : 0;
    }

    @Override
    public boolean writes() {
      return writes;
    }

    @Override
    public void fill(OpBatch batch) {
      batch.clear();
      long total = total();
      while (done < total && !batch.isFull()) {
        byte[] key = key(sequential ? done : random.nextInt(num));
        if (writes) {
          byte[] value = new byte[valueBytes];
          random.nextBytes(value);
          batch.add(key, value);
        } else {
          batch.add(key);
        }
        done++;
      }
    }

    @Override
    public boolean check(byte[] key, byte[] value) {
      if (value == null) {
        return false;
      }
      if (value.length != valueBytes) {
        throw new WrongAnswerException("key " + new String(key, StandardCharsets.US_ASCII)
            + " returned " + value.length + " bytes, every value written has " + valueBytes);
      }
      return true;
    }
  }
}
