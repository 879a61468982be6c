package io.cairn.lsm.crash;

import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.MemTableRep;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.lsm.api.WriteOptions;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The deterministic operation sequence of the crash test: operation {@code i} is a put, a delete
 * of an earlier key or a three-key batch, chosen from {@code (seed, i)}. Both the writing child
 * and the checking parent derive it, so the parent knows the exact state after any prefix.
 */
final class CrashWorkload {
  private final long seed;

  CrashWorkload(long seed) {
    this.seed = seed;
  }

  /** Small memtables and levels so that a few seconds of writing flushes and compacts often. */
  static Options options() {
    return options(Setup.SSD);
  }

  /** Where the crash tests keep L0 (pmem: mapped files in {@code <db>/pmem}); the WAL is {@link Wal}. */
  enum Setup {
    /** L0 as SSTables (the WAL on disk). */
    SSD,
    /** L0 as NVMTables on pmem. */
    PMEM,
    /** L0 as SSTables, tables read and written with O_DIRECT. */
    SSD_DIRECT_IO,
    /** L0 as NVMTables on pmem, deeper tables read and written with O_DIRECT. */
    PMEM_DIRECT_IO,
    /** The pmem-sized L0: bounded by the pmem budget, NVMTables merged on pmem (keys and value references). */
    PMEM_SIZED,
    /** L0 as NVMTables on pmem with key-value separation: deeper tables reference the values on pmem. */
    PMEM_KV_SEPARATION,
    /** L0 as NVMTables on pmem, the memtables as sorted runs ({@code MemTableRep.SORTED_RUNS}, session 16). */
    PMEM_SORTED_RUNS,
    /** L0 as SSTables, the memtables as sorted runs. */
    SSD_SORTED_RUNS
  }

  /** Where the WAL is (session 15: every pmem setup runs with both). */
  enum Wal {
    /** Segment files beside the tables. */
    DISK,
    /** Extents on pmem ({@code walOnPmem}, the engine's default with the L0 on pmem since session 15). */
    PMEM,
    /**
     * A user switching the option: round {@code r} writes with the WAL on pmem when {@code r} is
     * even, on disk when odd, and each check opens with the next round's placement, so segments
     * left in one place are replayed by an engine that writes to the other.
     */
    ALTERNATING;

    /** The placement round {@code round} writes with (DISK or PMEM). */
    Wal inRound(int round) {
      return this != ALTERNATING ? this : round % 2 == 0 ? PMEM : DISK;
    }
  }

  /** Whether {@code setup} keeps L0 on pmem (and so may keep its WAL there). */
  static boolean pmemL0(Setup setup) {
    return setup != Setup.SSD && setup != Setup.SSD_DIRECT_IO && setup != Setup.SSD_SORTED_RUNS;
  }

  /** The crash tests' options for {@code setup}, with the WAL where the engine puts it by default. */
  static Options options(Setup setup) {
    return options(setup, pmemL0(setup) ? Wal.PMEM : Wal.DISK);
  }

  /** The crash tests' options for {@code setup} with the WAL on {@code wal} (PMEM needs a pmem setup). */
  static Options options(Setup setup, Wal wal) {
    if (wal == Wal.ALTERNATING) {
      throw new IllegalArgumentException("ALTERNATING names a placement per round: use Wal.inRound");
    }
    return Options.builder().writeBufferBytes(64 << 10).targetFileBytes(32 << 10).level1MaxBytes(128 << 10)
        .l0CompactionTrigger(2).l0SlowdownTrigger(4).l0StopTrigger(6)
        .l0Mode(pmemL0(setup) ? L0Mode.PMEM : L0Mode.SSD)
        .pmemSizedL0(setup == Setup.PMEM_SIZED).pmemBudgetBytes(setup == Setup.PMEM_SIZED ? 2 << 20 : 4L << 30)
        // The pmem-sized L0 separates values as the bench's cairn-pmem-budget does: its merges write references.
        .walOnPmem(wal == Wal.PMEM)
        .pmemValueSeparation(setup == Setup.PMEM_KV_SEPARATION || setup == Setup.PMEM_SIZED)
        // Separation runs with garbage collection by relocation: the older half of the Containers held by references alone moves.
        .pmemValueGcAgeCutoff(setup == Setup.PMEM_KV_SEPARATION ? 0.5 : Options.defaults().pmemValueGcAgeCutoff())
        .directIo(setup == Setup.SSD_DIRECT_IO || setup == Setup.PMEM_DIRECT_IO)
        // The setups with direct I/O and the pmem-sized L0 also hold four memtables and split
        // compactions into three pieces; the others run with one sealed memtable and no split.
        .maxWriteBufferNumber(manyPieces(setup) ? 4 : 2).maxSubcompactions(manyPieces(setup) ? 3 : 1)
        .memTableRep(setup == Setup.PMEM_SORTED_RUNS || setup == Setup.SSD_SORTED_RUNS
            ? MemTableRep.SORTED_RUNS : MemTableRep.SKIPLIST)
        .build();
  }

  private static boolean manyPieces(Setup setup) {
    return setup == Setup.SSD_DIRECT_IO || setup == Setup.PMEM_DIRECT_IO || setup == Setup.PMEM_SIZED;
  }

  /** Applies operation {@code index} to the database. */
  void apply(Db db, long index) {
    SplittableRandom random = random(index);
    int kind = random.nextInt(10);
    WriteOptions sync = new WriteOptions(random.nextInt(4) == 0);
    if (kind < 6) {
      db.put(key(index), value(index, random), sync);
    } else if (kind < 8) {
      db.delete(key(random.nextLong(index + 1)), sync);
    } else {
      WriteBatch batch = new WriteBatch();
      for (int part = 0; part < 3; part++) {
        batch.put(key(index * 3 + part + 1_000_000_000L), value(index * 3 + part, random));
      }
      db.write(batch, sync);
    }
  }

  /** Applies operation {@code index} to the model. */
  void apply(TreeMap<String, byte[]> model, long index) {
    SplittableRandom random = random(index);
    int kind = random.nextInt(10);
    random.nextInt(4);
    if (kind < 6) {
      model.put(text(key(index)), value(index, random));
    } else if (kind < 8) {
      model.remove(text(key(random.nextLong(index + 1))));
    } else {
      for (int part = 0; part < 3; part++) {
        model.put(text(key(index * 3 + part + 1_000_000_000L)), value(index * 3 + part, random));
      }
    }
  }

  /**
   * The length {@code n} of the first prefix {@code [0, n)}, {@code from <= n <= limit}, after
   * which the state equals {@code found}, or -1 when none does; {@code state} holds the state after
   * {@code [0, from)} and is left unchanged. For failure messages: a database holding more
   * operations than were acknowledged (a stale ack) matches a longer prefix; one that lost or
   * revived writes matches none.
   */
  long matchingPrefix(TreeMap<String, byte[]> found, TreeMap<String, byte[]> state, long from, long limit) {
    TreeMap<String, byte[]> prefix = new TreeMap<>(state);
    for (long length = from; length <= limit; length++) {
      if (sameState(found, prefix)) {
        return length;
      }
      apply(prefix, length);
    }
    return -1;
  }

  /** Whether two states hold the same keys with equal values. */
  static boolean sameState(TreeMap<String, byte[]> left, TreeMap<String, byte[]> right) {
    if (!left.keySet().equals(right.keySet())) {
      return false;
    }
    for (Map.Entry<String, byte[]> entry : left.entrySet()) {
      if (!Arrays.equals(entry.getValue(), right.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private SplittableRandom random(long index) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
  }

  static byte[] key(long index) {
    return String.format("key%012d", index).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(long index, SplittableRandom random) {
    int length = random.nextInt(8) == 0 ? random.nextInt(1000, 6000) : random.nextInt(20, 300);
    byte[] value = new byte[length];
    random.nextBytes(value);
    value[0] = (byte) index;
    return value;
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
