package io.cairn.bench.nvmtable;

import static io.cairn.bench.report.Median.median;

import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.l0.ContainerVerification;
import io.cairn.pmem.l0.KeyOrder;
import io.cairn.pmem.l0.LookupKey;
import io.cairn.pmem.l0.NvmTable;
import io.cairn.pmem.l0.SearchMethod;
import java.lang.foreign.MemorySegment;

/**
 * The side-by-side measurement of {@code cairn bench nvmtable}: the same table and the same
 * probes, looked up through the learned index and by binary search, in alternating rounds (so a
 * shared machine's drift hits both), each side's figure its median round. Gets include the bloom
 * filter, the search, the key comparison and the value's view (with its checksum check when the
 * table checks records on read: a 4 KB pass over pmem); seeks only find the position.
 *
 * <p>Lookups are independent, so this is time per lookup at one thread's full speed.
 */
final class LookupRounds {
  /** Median ns per operation of each kind. */
  record Result(double pgmGetNs, double binaryGetNs, double pgmSeekNs, double binarySeekNs) {
    double getSpeedup() {
      return binaryGetNs / pgmGetNs;
    }

    double seekSpeedup() {
      return binarySeekNs / pgmSeekNs;
    }
  }

  /**
   * What one get reads from pmem, on average, by each search: read calls, 256-byte XPLines, and
   * what the Optane latency model would add for them (counted, not spun: exact on any machine).
   */
  record PmemReads(double pgmReads, double pgmXplines, double pgmOptaneNs, double binaryReads,
      double binaryXplines, double binaryOptaneNs) {}

  private static final int WARMUP_ROUNDS = 2;

  /** Keeps results alive so the JIT cannot drop the lookups. */
  private static volatile long sink;

  private LookupRounds() {}

  static Result run(NvmTable table, LookupKey[] probes, int rounds) {
    checkAgreement(table, probes);
    double[] pgmGet = new double[rounds];
    double[] binaryGet = new double[rounds];
    double[] pgmSeek = new double[rounds];
    double[] binarySeek = new double[rounds];
    for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
      boolean pgmFirst = (round & 1) == 0;
      SearchMethod first = pgmFirst ? SearchMethod.LEARNED : SearchMethod.BINARY_SEARCH;
      SearchMethod second = pgmFirst ? SearchMethod.BINARY_SEARCH : SearchMethod.LEARNED;
      double firstGet = timeGets(table, probes, first);
      double secondGet = timeGets(table, probes, second);
      double firstSeek = timeSeeks(table, probes, first);
      double secondSeek = timeSeeks(table, probes, second);
      if (round >= 0) {
        pgmGet[round] = pgmFirst ? firstGet : secondGet;
        binaryGet[round] = pgmFirst ? secondGet : firstGet;
        pgmSeek[round] = pgmFirst ? firstSeek : secondSeek;
        binarySeek[round] = pgmFirst ? secondSeek : firstSeek;
      }
    }
    return new Result(median(pgmGet), median(binaryGet), median(pgmSeek), median(binarySeek));
  }

  /** Opens table {@code id} of {@code directory} again through a counting directory and gets every probe both ways. */
  static PmemReads countReads(PmemDirectory directory, long id, ContainerVerification verification,
      LookupKey[] probes) {
    ReadCountingDirectory counting = new ReadCountingDirectory(directory);
    try (NvmTable table = NvmTable.open(counting, id, KeyOrder.BYTEWISE, verification)) {
      double[] pgm = countGets(counting, table, probes, SearchMethod.LEARNED);
      double[] binary = countGets(counting, table, probes, SearchMethod.BINARY_SEARCH);
      return new PmemReads(pgm[0], pgm[1], pgm[2], binary[0], binary[1], binary[2]);
    }
  }

  private static double[] countGets(ReadCountingDirectory counting, NvmTable table, LookupKey[] probes,
      SearchMethod method) {
    counting.reset();
    for (LookupKey probe : probes) {
      sink += table.get(probe, method).byteSize();
    }
    double n = probes.length;
    return new double[] {counting.reads / n, counting.xplines / n, counting.optaneNanos / n};
  }

  /** Both searches must find every probe at the same position, or the timing means nothing. */
  private static void checkAgreement(NvmTable table, LookupKey[] probes) {
    for (LookupKey probe : probes) {
      int learned = table.seek(probe, SearchMethod.LEARNED);
      int binary = table.seek(probe, SearchMethod.BINARY_SEARCH);
      if (learned != binary || table.get(probe) == null) {
        throw new IllegalStateException("learned seek " + learned + " and binary seek " + binary + " disagree");
      }
    }
    if (table.windowMisses() != 0) {
      throw new IllegalStateException(table.windowMisses() + " learned lookups missed their window");
    }
  }

  private static double timeGets(NvmTable table, LookupKey[] probes, SearchMethod method) {
    long sum = 0;
    long start = System.nanoTime();
    for (LookupKey probe : probes) {
      MemorySegment value = table.get(probe, method);
      sum += value.byteSize();
    }
    long elapsed = System.nanoTime() - start;
    sink += sum;
    return (double) elapsed / probes.length;
  }

  private static double timeSeeks(NvmTable table, LookupKey[] probes, SearchMethod method) {
    long sum = 0;
    long start = System.nanoTime();
    for (LookupKey probe : probes) {
      sum += table.seek(probe, method);
    }
    long elapsed = System.nanoTime() - start;
    sink += sum;
    return (double) elapsed / probes.length;
  }

}
