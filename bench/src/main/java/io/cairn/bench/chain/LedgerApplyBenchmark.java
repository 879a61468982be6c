package io.cairn.bench.chain;

import io.cairn.chain.api.Admission;
import io.cairn.chain.api.AnchorEntry;
import io.cairn.chain.api.AnchorTransaction;
import io.cairn.chain.api.ApplyResult;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.Genesis;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LedgerEntry;
import io.cairn.chain.api.LedgerOptions;
import io.cairn.chain.api.ReadParameters;
import io.cairn.chain.api.Role;
import io.cairn.chain.api.Transaction;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.MemTableRep;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.Cairn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * CPU and allocation of applying one committed block as the cluster's log carries it: {@value
 * #RECORDS_PER_BLOCK} anchored records in {@code transactions} anchoring transactions (a node's
 * {@code AnchorBatcher} signs up to 1,000 records into one), each record read back from a node
 * store named {@code cairn:<64 hex>} by its key ({@code keyBytes}), as the node writes them. Scores are per
 * anchored record ({@link OperationsPerInvocation}). Because the development machine is shared
 * and loaded, each iteration also prints the applying thread's own CPU time and bytes allocated
 * per record, counted around the measured call alone ({@code cpu_ns_per_record},
 * {@code alloc_bytes_per_record}): those hold at any load, the time per operation does not. Two
 * paths:
 *
 * <ul>
 *   <li>{@code follower}: {@link Ledger#apply(long, byte[])} of the entry's bytes (decode, every
 *       check, the engine write), what every follower pays;
 *   <li>{@code leader}: {@link Ledger#apply(long, byte[], Block)} with the block object the
 *       leader cut and proposed, whose transactions' signatures it checked when they arrived.
 * </ul>
 *
 * <pre>
 * ./cairn bench jmh LedgerApplyBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class LedgerApplyBenchmark {
  static final int RECORDS_PER_BLOCK = 400;

  @Param({"1", "4"})
  public int transactions;

  @Param({"follower", "leader"})
  public String path;

  /**
   * Bytes of each entry's record key: 32 (the record hash, as hash-keyed stores name it) or 9 (a
   * node's sequence-keyed store since session 11, {@code RecordStore.sequential}).
   */
  @Param({"32", "9"})
  public int keyBytes;

  /**
   * The ledger database's memtable size in MiB: 64 (the engine's default, a node's ledger) or 16
   * (tried in session 12 and left out, docs/replication.md). The score counts the applying thread
   * only, not the flushes and compactions a smaller memtable adds.
   */
  @Param({"64", "16"})
  public int writeBufferMb;

  /**
   * Blocks applied per measured call: 1 ({@link Ledger#apply(long, byte[])}, one block per engine
   * write) or more ({@link Ledger#applyAll}, what a member's apply thread does with the committed
   * blocks that waited together since session 14: one engine write, the anchor rows of all of them
   * in one sorted pass). JMH's own score is then per {@value #RECORDS_PER_BLOCK} × {@code blocks}
   * records; {@code cpu_ns_per_record} counts every record.
   */
  @Param({"1", "4"})
  public int blocks;

  /**
   * The ledger database's memtable representation ({@code Options.memTableRep}): the skiplist
   * (the engine's default) or sorted runs (session 16).
   */
  @Param({"SKIPLIST", "SORTED_RUNS"})
  public MemTableRep memtable;

  private final SplittableRandom random = new SplittableRandom(7);
  private Path dir;
  private Db db;
  private Ledger ledger;
  private Identity member;
  private Identity proposer;
  private String storeName;
  private long nonce;
  private Block block;
  private byte[] bytes;
  private final List<byte[]> run = new ArrayList<>();
  private final ApplyingThreadCost cost = new ApplyingThreadCost();

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("ledger-apply-bench");
    db = Cairn.open(dir.resolve("ledger"), Options.builder().writeBufferBytes((long) writeBufferMb << 20).memTableRep(memtable).build());
    ledger = Ledger.open(db, LedgerOptions.defaults().withSyncWrites(false));
    Identity regulator = Identity.generate();
    member = Identity.generate();
    proposer = Identity.generate();
    storeName = "cairn:" + member.key().hex();
    long now = System.currentTimeMillis();
    ledger.apply(Genesis.create("bench-apply", regulator.key(), now));
    ledger.apply(Admission.issue(regulator, member.key(), "bench", EnumSet.allOf(Role.class), now));
    ledger.apply(Admission.issue(regulator, proposer.key(), "bench", EnumSet.allOf(Role.class), now));
  }

  /** The next block or run of blocks, cut and signed as the leader does (not measured). */
  @Setup(Level.Invocation)
  public void nextBlocks() {
    run.clear();
    long height = ledger.blockCount();
    Hash32 previous = ledger.headHash();
    for (int b = 0; b < blocks; b++) {
      nextBlock(height + b, previous);
      previous = block.hash();
      run.add(bytes);
      if (blocks > 1 && path.equals("leader")) {
        ledger.proposed(block); // the leader's blocks, announced as it proposes them
      }
    }
  }

  private void nextBlock(long height, Hash32 previous) {
    List<Transaction> chosen = new ArrayList<>(transactions);
    int per = RECORDS_PER_BLOCK / transactions;
    for (int t = 0; t < transactions; t++) {
      List<AnchorEntry> entries = new ArrayList<>(per);
      for (int i = 0; i < per; i++) {
        byte[] hash = new byte[Hash32.BYTES];
        random.nextBytes(hash);
        byte[] key = keyBytes == Hash32.BYTES ? hash : java.util.Arrays.copyOf(hash, keyBytes);
        entries.add(AnchorEntry.of(HashAlgorithm.SHA_256, Hash32.of(hash), ReadParameters.of(storeName, key)));
      }
      AnchorTransaction transaction = AnchorTransaction.sign(member, ++nonce, entries);
      transaction.signatureValid(); // as the node checks it on arrival, before its block is cut
      chosen.add(transaction);
    }
    block = Block.propose(proposer, height, previous, System.currentTimeMillis(), chosen);
    bytes = LedgerEntry.encode(block);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS_PER_BLOCK)
  public ApplyResult apply() {
    long index = ledger.lastAppliedIndex() + 1;
    cost.start();
    List<ApplyResult> results = blocks > 1 ? ledger.applyAll(index, run)
        : List.of(path.equals("leader") ? ledger.apply(index, bytes, block) : ledger.apply(index, bytes));
    cost.stop(RECORDS_PER_BLOCK * blocks);
    for (ApplyResult result : results) {
      if (result.outcome() != ApplyResult.Outcome.APPLIED) {
        throw new IllegalStateException("the benchmark's block was not applied: " + result);
      }
    }
    return results.getLast();
  }

  /** Prints this iteration's thread CPU and allocation per record (see the class comment). */
  @TearDown(Level.Iteration)
  public void report() {
    cost.report("");
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    ledger.close();
    db.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
