package io.cairn.bench.chain;

import io.cairn.chain.api.AnchorEntry;
import io.cairn.chain.api.AnchorTransaction;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.LedgerEntry;
import io.cairn.chain.api.ReadParameters;
import io.cairn.chain.api.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The leader's encoding of one anchor round, outside the record store, the network and the apply
 * (session 14): {@value #RECORDS_PER_ROUND} stored records (256-byte records' SHA-256 keys, 9-byte
 * counter keys, as a node's sequential record store gives them) become anchor entries ({@code
 * AnchorEntry.of}), one signed transaction ({@code AnchorTransaction.sign}: the entries' Merkle
 * tree and an Ed25519 signature) and one block's log entry ({@code Block.propose}, {@code
 * LedgerEntry.encode}). Scores are per record; each iteration prints the thread's own CPU time and
 * bytes allocated per record ({@code cpu_ns_per_record}, {@code alloc_bytes_per_record}), which
 * hold at any load. docs/replication.md, "The leader's own work per record (session 14)".
 *
 * <p>{@code store} names the record store in each entry's read parameters: {@code records} (7
 * bytes, session 14's figures) or {@code member}, the name a node gives its own store ({@code
 * cairn:} and its 64-hex key, 70 bytes: a 115-byte entry instead of 52; session 15).
 *
 * <pre>
 * ./cairn bench jmh LeaderEncodeBenchmark
 * ./cairn bench jmh LeaderEncodeBenchmark -p store=records,member
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LeaderEncodeBenchmark {
  static final int RECORDS_PER_ROUND = 700;

  /** The store name of the entries' read parameters: {@code records} or {@code member}. */
  @Param({"records"})
  public String store;

  private final Identity leader = Identity.fromSeed(new byte[32]);
  private final List<Hash32> hashes = new ArrayList<>();
  private final List<ReadParameters> reads = new ArrayList<>();
  private final ApplyingThreadCost cost = new ApplyingThreadCost();
  private long round;

  @Setup(Level.Trial)
  public void records() {
    SplittableRandom random = new SplittableRandom(14);
    for (int i = 0; i < RECORDS_PER_ROUND; i++) {
      byte[] raw = new byte[256];
      random.nextBytes(raw);
      hashes.add(HashAlgorithm.SHA_256.hash(raw));
      byte[] key = new byte[9];
      key[0] = 1;
      for (int b = 1; b < key.length; b++) {
        key[b] = (byte) (i >>> (8 * (key.length - 1 - b)));
      }
      reads.add(ReadParameters.of(storeName(store), key));
    }
  }

  /** The store name {@code choice} stands for; a node's own store is {@code cairn:<its key hex>}. */
  static String storeName(String choice) {
    return switch (choice) {
      case "records" -> "records";
      case "member" -> "cairn:" + Identity.fromSeed(new byte[32]).key().hex();
      default -> throw new IllegalArgumentException("store is records or member, was " + choice);
    };
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS_PER_ROUND)
  public byte[] round() {
    cost.start();
    List<AnchorEntry> entries = new ArrayList<>(RECORDS_PER_ROUND);
    for (int i = 0; i < RECORDS_PER_ROUND; i++) {
      entries.add(AnchorEntry.of(HashAlgorithm.SHA_256, hashes.get(i), reads.get(i)));
    }
    Transaction transaction = AnchorTransaction.sign(leader, round, entries);
    Block block = Block.propose(leader, ++round, Hash32.ZERO, 1_700_000_000_000L + round, List.of(transaction));
    byte[] entry = LedgerEntry.encode(block);
    cost.stop(RECORDS_PER_ROUND);
    return entry;
  }

  /** Prints this iteration's CPU and allocation per record. */
  @TearDown(Level.Iteration)
  public void report() {
    cost.report("");
  }
}
