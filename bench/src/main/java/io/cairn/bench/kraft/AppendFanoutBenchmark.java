package io.cairn.bench.kraft;

import io.cairn.kraft.api.AppendRequest;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.api.MessageCodec;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.wire.BodyCache;
import io.cairn.kraft.wire.MessageEncoder;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a leader pays to encode one append for {@code peers} peers (the bytes it hands the
 * transport; the frame CRC and the copy into the socket buffer are the transport's): each peer's
 * message encoded whole, as version 1 of the KRaft format required because the destination sat
 * inside the one checksummed encoding, against one shared body ({@link BodyCache}) and a small
 * envelope per peer (version 2). One entry of {@code entryBytes}: the ledger's log entries are
 * blocks, about 70-140 KB in {@code bench cluster} (its B/entry column). Run with {@code -prof gc}
 * for the bytes allocated per append.
 *
 * <pre>
 * ./cairn bench jmh AppendFanoutBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AppendFanoutBenchmark {
  @Param({"2", "4"})
  public int peers;

  @Param({"4096", "131072"})
  public int entryBytes;

  private final BodyCache cache = new BodyCache();
  private List<AppendRequest> appends;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(1);
    NodeId leader = node(random);
    byte[] data = new byte[entryBytes];
    random.nextBytes(data);
    List<Entry> entries = List.of(new Entry(1000, 7, EntryType.NORMAL, data));
    appends = new ArrayList<>();
    for (int i = 0; i < peers; i++) {
      // A new list of the same entry objects per peer, as the core's per-peer slice of its log.
      appends.add(new AppendRequest(leader, node(random), 7, 999, 7, new ArrayList<>(entries), 990, List.of(),
          null, false));
    }
  }

  private static NodeId node(SplittableRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return NodeId.fromPublicKey(key);
  }

  /** Every peer's append encoded whole (what version 1 had to do). */
  @Benchmark
  public void wholePerPeer(Blackhole sink) {
    for (AppendRequest append : appends) {
      sink.consume(MessageCodec.encode(append));
    }
  }

  /** One body for all peers and an envelope each (version 2, as {@code NodeNetwork} sends). */
  @Benchmark
  public void sharedBody(Blackhole sink) {
    for (AppendRequest append : appends) {
      sink.consume(MessageEncoder.encodeEnvelope(append));
      sink.consume(cache.bodyOf(append));
    }
    cache.clear();
  }
}
