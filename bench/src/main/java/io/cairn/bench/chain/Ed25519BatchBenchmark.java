package io.cairn.bench.chain;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.MemberKey;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU to check a certificate of {@code signatures} Ed25519 votes (distinct keys, 80-byte vote
 * payloads, as a PBFT/SBFT certificate carries): one by one ({@link MemberKey#verify}, BouncyCastle
 * with cached key points, what every signed message costs) and as one batch ({@link
 * MemberKey#verifyAll}). The BFT simulator's cost model charges a certificate the batch figure
 * relative to the single one (docs/bft.md §7, "Batch verification"):
 *
 * <pre>
 * ./cairn bench jmh Ed25519BatchBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Ed25519BatchBenchmark {
  @Param({"1", "4", "16", "31", "64"})
  public int signatures;

  private final List<MemberKey> keys = new ArrayList<>();
  private final List<byte[]> messages = new ArrayList<>();
  private final List<byte[]> votes = new ArrayList<>();
  private final SplittableRandom random = new SplittableRandom(1);

  @Setup
  public void setUp() {
    SplittableRandom seeds = new SplittableRandom(42);
    for (int i = 0; i < signatures; i++) {
      Identity identity = Identity.generate();
      byte[] message = new byte[80];
      seeds.nextBytes(message);
      keys.add(identity.key());
      messages.add(message);
      votes.add(identity.sign(message));
    }
    if (!oneByOne() || !batch()) {
      throw new IllegalStateException("the benchmark's signatures do not verify");
    }
  }

  @Benchmark
  public boolean oneByOne() {
    boolean all = true;
    for (int i = 0; i < signatures; i++) {
      all &= keys.get(i).verify(messages.get(i), votes.get(i));
    }
    return all;
  }

  @Benchmark
  public boolean batch() {
    return MemberKey.verifyAll(keys, messages, votes, random);
  }
}
